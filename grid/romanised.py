"""Addresses typed in pinyin or English (huanghe lu 12 hao, No.12 Huanghe Rd), read back into
the registry's Chinese names.

Pure. Every name of the registry (and its stem without 路/街/村/小区) is indexed under its
pinyin without tones, with every reading of a character that has several (朝阳 is chaoyang
as well as zhaoyang; ü is typed v or u). A run of Latin letters is cut into the best sequence
of those keys and of address words (lu, road, rd, jie, street, cun, village, zhen, xiaoqu ...)
by dynamic programming: as many letters covered as possible, in as few pieces as possible.
Number words are read next to a number: 12 hao, 3 haolou, 2 danyuan after it; No., building,
unit, room before it. A key two different names share (homophones) is left out: pinyin alone
cannot choose between them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

import ahocorasick
from pypinyin import Style, pinyin

MAX_READINGS = 8  # spellings indexed per name, at most

# Address words anywhere in the text.
WORDS = {
    "lu": "路", "road": "路", "rd": "路", "jie": "街", "street": "街", "st": "街",
    "dajie": "大街", "dadao": "大道", "avenue": "大道", "ave": "大道", "xiang": "巷",
    "lane": "巷", "cun": "村", "village": "村", "zhen": "镇", "town": "镇", "township": "镇",
    "jiedao": "街道", "xiaoqu": "小区", "huayuan": "花园", "garden": "花园", "gardens": "花园",
    "shequ": "社区", "community": "社区", "shi": "市", "city": "市", "sheng": "省",
    "province": "省",
}  # fmt: skip
# Right after a number: 12 hao, 3 haolou, 2 danyuan.
AFTER_NUMBER = {
    "hao": "号", "haolou": "号楼", "lou": "楼", "dong": "栋", "danyuan": "单元", "shi": "室",
    "hu": "户", "ceng": "层",
}  # fmt: skip
# Right before a number: No.12, Building 3, Unit 2, Room 501.
BEFORE_NUMBER = {
    "no": "号", "number": "号", "num": "号", "building": "号楼", "bldg": "号楼", "block": "号楼",
    "unit": "单元", "room": "室", "rm": "室",
}  # fmt: skip
_RUNS = re.compile(r"[a-z]+|\d+|[^a-z\d]+")
LATIN = re.compile(r"[A-Za-z]{2,}")


def readings(name: str) -> list[str]:
    """The toneless pinyin spellings of a name, every reading of each character combined."""
    syllables = []
    for options in pinyin(name, style=Style.NORMAL, heteronym=True, errors="ignore"):
        spelled = list(dict.fromkeys(o.replace("ü", "v") for o in options))
        spelled += [o.replace("v", "u") for o in spelled if "v" in o]
        syllables.append(spelled or [""])
    spellings = []
    for combination in itertools.product(*syllables):
        spellings.append("".join(combination))
        if len(spellings) >= MAX_READINGS:
            break
    return spellings


class Romaniser:
    def __init__(self, names: Iterable[str]) -> None:
        found: dict[str, list[str]] = {}
        for name in names:
            for key in readings(name):
                if key and name not in found.setdefault(key, []):
                    found[key].append(name)
        # A key that spells two different names cannot choose between them.
        self.names = {key: names[0] for key, names in found.items() if len(names) == 1}
        for word, text in WORDS.items():
            self.names.setdefault(word, text)
        self._automaton = ahocorasick.Automaton()
        for key in [*self.names, *AFTER_NUMBER, *BEFORE_NUMBER]:
            self._automaton.add_word(key, key)
        self._automaton.make_automaton()

    def read(self, text: str) -> str:
        """The text with its Latin runs read as Chinese (unknown letters are dropped), or the
        text as it was when no name of the registry is spelt in it (KTV, ATM)."""
        runs = _RUNS.findall(text.lower())
        named = False
        out: list[str] = []
        pending = ""  # a suffix a word before a number asks for (No. -> 号)
        for i, run in enumerate(runs):
            if run.isdigit():
                out.append(run + pending)
                pending = ""
                continue
            if not run.isascii() or not run.isalpha():
                out.append(run)
                continue
            after = i > 0 and runs[i - 1].isdigit()
            before = i + 1 < len(runs) and runs[i + 1].isdigit()
            for piece, at_end in self._segment(run, after, before):
                if piece in BEFORE_NUMBER and at_end and before:
                    pending = BEFORE_NUMBER[piece]
                elif piece in AFTER_NUMBER and after:
                    out.append(AFTER_NUMBER[piece])
                    after = False
                else:
                    out.append(self.names.get(piece, ""))
                    named = named or piece not in WORDS
                    after = False
        return "".join(out) if named else text

    def _segment(self, run: str, after: bool, before: bool) -> list[tuple[str, bool]]:
        """Cut a run of letters into keys: fewest letters left over, then fewest pieces."""
        n = len(run)
        starts: dict[int, list[str]] = {}
        for end, key in self._automaton.iter(run):
            start = end - len(key) + 1
            if key in AFTER_NUMBER and not (after and start == 0) and key not in self.names:
                continue
            if key in BEFORE_NUMBER and not (before and end == n - 1) and key not in self.names:
                continue
            starts.setdefault(start, []).append(key)
        inf = (n + 1, n + 1)
        best: list[tuple[int, int]] = [inf] * (n + 1)
        step: list[tuple[int, str]] = [(0, "")] * (n + 1)
        best[0] = (0, 0)
        for i in range(n):
            if best[i] == inf:
                continue
            left, pieces = best[i]
            if (left + 1, pieces) < best[i + 1]:  # a letter no key covers
                best[i + 1], step[i + 1] = (left + 1, pieces), (i, "")
            for key in sorted(starts.get(i, ())):
                j = i + len(key)
                if (left, pieces + 1) < best[j]:
                    best[j], step[j] = (left, pieces + 1), (i, key)
        pieces_found: list[tuple[str, bool]] = []
        j = n
        while j > 0:
            i, key = step[j]
            if key:
                pieces_found.append((key, j == n))
            j = i
        return pieces_found[::-1]
