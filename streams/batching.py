"""When the record stage hands a gathered batch to its writer: the adaptive batch's one rule.

Messages are taken in short gathers and added to one gathered batch. That batch goes to the
writer at once when the writer is idle (a report waits only for the short gather), and while
the writer is busy it grows with everything that arrives until the write ends (under load a
batch is what arrived during the last write, so each batch's fixed cost is paid once for
all of them). It goes earlier when it is full, or when it has waited ``longest_wait``.
"""

from __future__ import annotations


def submit_in(
    *, gathered: int, age: float, writing: bool, batch_size: int, longest_wait: float
) -> float | None:
    """Seconds from now until the gathered batch is to be handed over (0: now), if nothing
    changes in between; None when nothing is gathered.

    ``gathered``: messages in the batch; ``age``: seconds since its first message was gathered;
    ``writing``: the writer is still writing an earlier batch (the caller asks again when that
    write ends, and whenever more is gathered).
    """
    if gathered <= 0:
        return None
    if not writing or gathered >= batch_size:
        return 0.0
    return max(0.0, longest_wait - age)
