"""20,000 generated requests (tests/hostile_inputs.py, seeded) against the real rules: never an internal error,
and every answer fast (issue 18: no request may cost more than ~50 ms; the acceptance bound is 100 ms)."""

import json
import statistics
import time

from hostile_inputs import core_requests

from calculator import calculate_json

COUNT = 20_000
SLOWEST_MS = 100


def test_generated_requests_never_give_an_internal_error_and_are_fast(real_rules):
    texts = core_requests(COUNT)
    internal, codes, times = [], set(), []
    for text in texts:
        start = time.perf_counter()
        out = json.loads(calculate_json(text, real_rules))
        times.append(time.perf_counter() - start)
        if "error" in out:
            codes.add(out["error"]["code"])
            if out["error"]["code"] == "internal":
                internal.append((text[:200], out))
    assert internal == [], f"{len(internal)} internal errors, e.g. {internal[:3]}"
    # The requests reached the real rules and most of the rules for bad input, not one repeated answer.
    assert {"invalid_value", "invalid_json", "invalid_request", "unknown_region", "missing_field"} <= codes
    slow = sorted(times)
    print(f"{COUNT} requests: median {statistics.median(slow) * 1000:.2f} ms, "
          f"p99 {slow[int(COUNT * 0.99)] * 1000:.2f} ms, slowest {slow[-1] * 1000:.1f} ms")
    # A loaded machine can pause any one call; a slow case is re-timed (best of 5) before it counts.
    worst = max(min(_timed(texts[i], real_rules) for _ in range(5)) for i in _slowest(times, 20))
    assert worst * 1000 < SLOWEST_MS, f"slowest request took {worst * 1000:.1f} ms"


def _slowest(times: list[float], n: int) -> list[int]:
    return sorted(range(len(times)), key=times.__getitem__)[-n:]


def _timed(text: str, rules) -> float:
    start = time.perf_counter()
    calculate_json(text, rules)
    return time.perf_counter() - start
