"""The stream's decisions without a database: the open-case index, the batch plan, the
projection of what the stream did, the envelope codec and the failure classification."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from contracts.common import GridCode
from contracts.lifecycle import CaseEventType
from contracts.placement import PlacedReport
from contracts.report import Channel, GeoPoint, IncidentReport, Reporter, ReportSource
from dispatch.audit import verify_chain
from dispatch.dedupe import DedupePolicy, Outcome, Sighting, sighting_of
from dispatch.dedupe_index import OpenCaseIndex
from dispatch.domain import Case
from dispatch.identity import report_id_for
from dispatch.lifecycle import CaseState
from dispatch.projection import MissingFoundingReport, PendingLink, project
from dispatch.recording import plan_batch
from dispatch.sla import SlaPolicy
from grid.coords import offset
from streams.envelopes import BadEnvelope, decode_envelope, envelopes
from streams.failures import is_transient
from tests.factories import placed

NOW = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)
SLA = SlaPolicy()
POLICY = DedupePolicy()
HERE = (121.51014, 36.88827)  # 黄河路, 城区街道 (GCJ-02 as a phone gives it)


def report(
    n: int,
    *,
    grid: GridCode = GridCode.URBAN,
    category: str = "urban.road_damage",
    text: str = "路面坑洼，雨天积水",
    point: tuple[float, float] | None = HERE,
    address: str = "乳山城区黄河路十二号",
    at: datetime = NOW - timedelta(minutes=30),
) -> PlacedReport:
    source_id = f"T{n:05d}"
    return placed(
        IncidentReport(
            report_id=report_id_for(grid.value, source_id),
            source=ReportSource(grid=grid, channel=Channel.GRID_SYSTEM, source_event_id=source_id),
            category=category,
            title="测试",
            description=text,
            address_text=address,
            location=GeoPoint(lon=point[0], lat=point[1], crs="gcj02") if point else None,
            reporter=Reporter(id="WG0001", role="grid_worker"),
            occurred_at=at,
            reported_at=at,
        )
    )


# -- the index -------------------------------------------------------------------------
def sighting_at(point: tuple[float, float] | None, **changes: object) -> Sighting:
    values: dict[str, object] = {
        "category": "urban.road_damage",
        "at": NOW,
        "text": "路面坑洼",
        "point": point,
        "cell": "C1",
        "nearby_cells": frozenset({"C1", "C2"}),
    }
    values.update(changes)
    return Sighting(**values)  # type: ignore[arg-type]


def test_the_index_finds_pointed_entries_within_the_limit_across_cells() -> None:
    index = OpenCaseIndex(lambda a, b: 300.0)
    near = offset(*HERE, 250, 0)  # 250 m east: within the limit, in a cell far away
    far = offset(*HERE, 700, 0)
    index.add("near", sighting_at(near, cell="C9", nearby_cells=frozenset({"C9"})))
    index.add("far", sighting_at(far, cell="C1"))
    index.add("textonly", sighting_at(None, cell="C2"))
    index.add("textonly-elsewhere", sighting_at(None, cell="C7"))
    found = {c.case_id for c in index.around(sighting_at(HERE), timedelta(hours=48))}
    # "far" is in a neighbouring cell but 700 m away: the blocking rule would refuse it.
    assert found == {"near", "textonly"}
    # A report without a point meets everything in the cells around it.
    found = {c.case_id for c in index.around(sighting_at(None), timedelta(hours=48))}
    assert found == {"far", "textonly"}


def test_the_index_keeps_each_pair_of_categories_to_its_own_reach() -> None:
    def reach(a: str, b: str) -> float:  # lights are seen from 300 m, road damage from 100 m
        return 300.0 if "urban.streetlight" in (a, b) else 100.0

    index = OpenCaseIndex(reach)
    index.add("damage-90m", sighting_at(offset(*HERE, 90, 0)))
    index.add("damage-150m", sighting_at(offset(*HERE, 0, 150)))
    index.add("light-150m", sighting_at(offset(*HERE, 0, 150), category="urban.streetlight"))
    index.add("same-door-400m", sighting_at(offset(*HERE, 400, 0), address_id="A12", cell="C9"))
    found = {
        c.case_id for c in index.around(sighting_at(HERE, address_id="A12"), timedelta(hours=48))
    }
    # Within the buckets it looks across, but beyond its pair's reach: decide would block it.
    assert "damage-150m" not in found
    # One standard address meets however far the two points are.
    assert found == {"damage-90m", "light-150m", "same-door-400m"}


def test_the_index_measures_reach_right_far_from_the_latitude_it_first_saw() -> None:
    index = OpenCaseIndex(lambda a, b: 300.0)
    index.add("equator", sighting_at((10.0, 0.0)))  # fixes the index's metres per degree
    north = (10.0, 60.0)  # a degree of longitude is half as long here
    index.add("250m-east", sighting_at(offset(*north, 250, 0)))
    index.add("290m-west", sighting_at(offset(*north, -290, 0)))
    index.add("400m-east", sighting_at(offset(*north, 400, 0)))
    found = {c.case_id for c in index.around(sighting_at(north), timedelta(hours=48))}
    assert found == {"250m-east", "290m-west"}


def test_the_index_keeps_to_the_window_forgets_closed_cases_and_expires() -> None:
    index = OpenCaseIndex(lambda a, b: 300.0)
    index.add("old", sighting_at(HERE, at=NOW - timedelta(hours=60)))
    index.add("recent", sighting_at(HERE, at=NOW - timedelta(hours=1)))
    index.add("closed", sighting_at(HERE))
    index.close(["closed"])
    found = {c.case_id for c in index.around(sighting_at(HERE), timedelta(hours=48))}
    assert found == {"recent"}
    assert len(index) == 3
    assert index.expire(NOW - timedelta(hours=48)) == 1
    assert len(index) == 2
    assert {c.case_id for c in index.in_cells(["C1"])} == {"recent"}


# -- the batch plan --------------------------------------------------------------------
def no_stored(_: Sighting) -> list:  # type: ignore[type-arg]
    return []


def test_two_reports_of_one_incident_in_one_batch_make_one_case() -> None:
    first = report(1)
    second = report(2, grid=GridCode.POLITICAL_LEGAL, category="political_legal.security_hazard")
    second = report(3, text="黄河路12号门前路面塌陷积水")
    plan = plan_batch([first, second], no_stored, NOW, SLA, POLICY)
    assert len(plan.opened) == 1
    case = plan.opened[0]
    assert plan.links == {first.report.report_id: case.id, second.report.report_id: case.id}
    assert plan.decisions[second.report.report_id]["outcome"] == Outcome.MERGED.value
    assert plan.joined == {}  # the case is the batch's own
    assert case.report_ids == [first.report.report_id, second.report.report_id]
    # Opened without events: the projector writes them later.
    assert case.pending_events == [] and case.last_seq == 0


def test_a_report_of_a_stored_case_joins_it_and_look_alikes_open_their_own() -> None:
    stored_case = Case.open_for(report(1), NOW - timedelta(minutes=20), SLA)
    stored = [(stored_case.id, sighting_of(report(1)))]
    from dispatch.dedupe import Candidate

    def candidates(s: Sighting) -> list[Candidate]:
        return [Candidate(c, x) for c, x in stored]

    same = report(2, text="黄河路十二号路面坑洼")
    days_before = report(3, at=NOW - timedelta(days=9))  # a pothole: after the lasting window
    plan = plan_batch([same, days_before], candidates, NOW, SLA, POLICY)
    assert plan.joined == {stored_case.id: [same.report.report_id]}
    assert plan.links[same.report.report_id] == stored_case.id
    assert len(plan.opened) == 1 and plan.opened[0].report_ids == [days_before.report.report_id]
    entries = dict((r, c) for c, r in [(c, s.at) for c, s in plan.entries()])
    assert len(entries) == 2


def test_without_dedupe_every_report_is_a_case_and_sure_routes_are_dispatched() -> None:
    batch = [report(1), report(2)]
    plan = plan_batch(batch, no_stored, NOW, SLA, None)
    assert len(plan.opened) == 2 and plan.decisions == {}
    for case in plan.opened:
        assert case.state in (CaseState.DISPATCHED, CaseState.REPORTED)
        assert (case.state is CaseState.DISPATCHED) == ("dispatched_at" in case.step_times)


def test_an_unplaced_report_is_never_compared() -> None:
    lost = report(1, point=None, address="不知道在哪里")
    assert lost.placement.cell is None
    plan = plan_batch(
        [lost, report(2, point=None, address="不知道在哪里")], no_stored, NOW, SLA, POLICY
    )
    assert len(plan.opened) == 2 and plan.decisions == {}


# -- the projection --------------------------------------------------------------------
def test_projection_replays_the_opening_and_links_in_order() -> None:
    first, second = report(1), report(2, text="黄河路十二号路面坑洼")
    plan = plan_batch([first, second], no_stored, NOW, SLA, POLICY)
    stored = plan.opened[0]
    links = [
        PendingLink(first.report.report_id, "urban", {}, NOW),
        PendingLink(second.report.report_id, "urban", plan.decisions[second.report.report_id], NOW),
    ]
    done = project(stored, links, first, SLA)
    types = [e.event_type for e in done.events]
    assert types[0] is CaseEventType.REPORTED and types[-1] is CaseEventType.REPORT_LINKED
    if stored.state is CaseState.DISPATCHED:
        assert types[1:3] == [CaseEventType.ACCEPTED, CaseEventType.DISPATCHED]
    assert done.mismatch == []
    assert stored.last_seq == len(done.events)
    assert done.link_seqs == {first.report.report_id: 1, second.report.report_id: len(types)}
    check = verify_chain((e, e.previous_hash, e.hash) for e in done.events)
    assert check.intact and check.events == len(types)
    # Projecting again owes nothing more.
    assert project(stored, [], None, SLA).events == []


def test_projection_says_when_the_replay_differs_and_needs_the_founding_report() -> None:
    first = report(1)
    stored = plan_batch([first], no_stored, NOW, SLA, None).opened[0]
    stored.state = CaseState.ACCEPTED  # as if the worker ran with other rules
    done = project(stored, [PendingLink(first.report.report_id, "urban", {}, NOW)], first, SLA)
    assert any(m.startswith("state:") for m in done.mismatch)
    other = plan_batch([report(2)], no_stored, NOW, SLA, None).opened[0]
    with pytest.raises(MissingFoundingReport):
        project(other, [], None, SLA)


# -- the envelope ----------------------------------------------------------------------
def test_envelopes_stay_under_the_bound_and_decode_back() -> None:
    documents = [report(n).model_dump_json().encode() for n in range(1, 7)]
    one_size = len(documents[0])
    packed = list(envelopes("371083001", documents, limit=one_size * 2 + 200))
    assert len(packed) == 3 and all(len(e) <= one_size * 2 + 200 for e in packed)
    decoded = [r for e in packed for r in decode_envelope(e)[0]]
    assert [r.model_dump_json().encode() for r in decoded] == documents


def test_a_bad_report_in_an_envelope_is_set_aside_alone() -> None:
    good = json.loads(report(1).model_dump_json())
    bad = {**good, "placement": {"status": "nowhere"}}
    raw = json.dumps({"schema_version": 2, "township": "x", "reports": [good, bad, good]})
    reports, refused = decode_envelope(raw.encode())
    assert len(reports) == 2 and [b.index for b in refused] == [1]
    assert "placement" in refused[0].reason
    for broken in (b"", b"[1,2]", b"{" * 100_000, b'{"schema_version": 1, "reports": []}'):
        with pytest.raises(BadEnvelope):
            decode_envelope(broken)


# -- failures --------------------------------------------------------------------------
def test_only_a_busy_or_unreachable_database_is_transient() -> None:
    locked = OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))
    missing = OperationalError("INSERT", {}, sqlite3.OperationalError("no such table: cases"))
    unique = IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed"))
    assert is_transient(locked)
    assert not is_transient(missing)
    assert not is_transient(unique)
    assert not is_transient(ValueError("a domain bug"))
    assert is_transient(ConnectionError("refused"))


def test_reach_is_where_even_perfect_agreement_cannot_be_suggested() -> None:
    """Blocking located pairs at ``reach_m`` changes no decision: just beyond it, the best
    the rest of the evidence can do still scores under the suggest threshold; just inside
    it, it does not."""
    from dispatch.dedupe import COEFFICIENTS, _pair, closeness, reach_m, total

    policy = DedupePolicy()
    for first, second in [
        ("urban.road_damage", "urban.road_damage"),
        ("urban.rain_manhole_cover", "political_legal.security_hazard"),
        ("environment.smoke", "urban.event.0112"),
        ("environment.noise", "political_legal.dispute"),
    ]:
        facts = _pair(first, second)
        reach = reach_m(first, second, policy)
        assert 0 < reach < policy.distance_limit_m
        a = facts.related.affinity

        def best(metres: float, a: float = a, scale: float = facts.spread.metres) -> float:
            # Everything but the place as favourable as it can be.
            return total(
                {
                    "place": closeness(metres, scale),
                    "time": 1.0,
                    "category": a,
                    "text": 1.0,
                    "agree": 1.0 if COEFFICIENTS["agree"] * (1 - a) > 0 else 0.0,
                    "clash": 0.0,
                }
            )

        assert best(reach * 1.01) < policy.suggest_at, (first, second)
        assert best(reach * 0.9) >= policy.suggest_at, (first, second)
