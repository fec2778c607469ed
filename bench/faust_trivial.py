"""A trivial Faust agent, to measure what Faust itself allows on this machine and broker.

    python -m bench.faust_trivial count   --topics a,b --events 20000
    python -m bench.faust_trivial forward --topics a,b --events 20000

`count` only counts the events it takes (take_events batches, as the hub's agents do);
`forward` also sends each event to another topic. The app has the hub's Faust settings
(streams.app.faust_options, tuned by the same HUB_* settings), so the ceiling it measures is
the hub's. Prints one JSON line: events, seconds from the first event to the last, rate.
Reads HUB_KAFKA_BOOTSTRAP (required) and the other HUB_* stream settings.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import faust

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from config import load_settings  # noqa: E402
from streams.app import faust_options, limit_fetch_wait  # noqa: E402


def build(mode: str, topics: list[str], expected: int, out: Path | None) -> faust.App:
    data_dir = ROOT / "var" / "bench" / f"trivial-{uuid.uuid4().hex[:6]}"
    (data_dir / "faust").mkdir(parents=True, exist_ok=True)
    settings = load_settings(data_dir=data_dir)
    limit_fetch_wait(settings.stream_fetch_max_wait_ms)  # as the hub's own app does
    app = faust.App(f"bench-trivial-{mode}-{uuid.uuid4().hex[:6]}", **faust_options(settings))
    raw: dict[str, Any] = {"key_serializer": "raw", "value_serializer": "raw"}
    source = app.topic(*topics, **raw)
    sink = app.topic(f"bench-trivial-out-{uuid.uuid4().hex[:6]}", **raw)
    # Timed from the end of the first batch, so the group join is not counted.
    state = {"seen": 0, "first_batch": 0, "first": 0.0}

    def finish() -> None:
        seconds = time.perf_counter() - state["first"]
        timed = state["seen"] - state["first_batch"]
        result = {"mode": mode, "events": timed, "seconds": seconds, "rate": timed / seconds}
        if out is not None:
            out.write_text(json.dumps(result))
        print(json.dumps(result), flush=True)
        os.kill(os.getpid(), signal.SIGTERM)

    @app.agent(source)
    async def trivial(stream: faust.StreamT) -> None:
        async for events in stream.take_events(
            settings.stream_batch_size, within=settings.stream_batch_seconds
        ):
            if mode == "forward":
                for event in events:
                    await sink.send(key=event.message.key, value=event.message.value)
            if not state["seen"]:
                state["first"], state["first_batch"] = time.perf_counter(), len(events)
            state["seen"] += len(events)
            if state["seen"] >= expected:
                finish()

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=["count", "forward"])
    parser.add_argument("--topics", required=True, help="comma-separated topic names")
    parser.add_argument("--events", type=int, required=True)
    parser.add_argument("--out", type=Path, help="also write the result to this file")
    args = parser.parse_args()
    app = build(args.mode, args.topics.split(","), args.events, args.out)
    faust.Worker(app, loglevel="warning", quiet=True).execute_from_commandline()


if __name__ == "__main__":
    main()
