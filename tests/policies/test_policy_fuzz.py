"""Mutated copies of the real policy files through the loader (issue 18): alias bombs, deep nesting, huge
numbers, bad bytes, markup and random damage. Every mutant is accepted or rejected with a located bilingual
YamlError: no traceback, under 5 s and 500 MB each (tests/policies/policy_fuzz.py runs them in two worker
processes under those limits)."""

import collections

from policy_fuzz import MUTANT_SECONDS, all_mutants, run_all


def test_mutated_policies_never_crash_the_loader():
    mutants = all_mutants()
    assert len(mutants) >= 500
    results = run_all(mutants)
    assert len(results) == len(mutants)
    crashes = [(r["name"], r["detail"]) for r in results if r["outcome"] == "crash"]
    assert crashes == [], f"{len(crashes)} mutants crashed the loader: {crashes[:5]}"
    slowest = max(results, key=lambda r: r["seconds"])
    assert slowest["seconds"] < MUTANT_SECONDS, slowest
    outcomes = collections.Counter(r["outcome"] for r in results)
    print(f"{len(mutants)} mutants: {dict(outcomes)}, slowest {slowest['name']} {slowest['seconds']:.2f} s")
    # The targeted hostile shapes are all refused; the random damage is mostly refused too.
    by_name = {r["name"]: r for r in results}
    for name in ("billion-laughs", "deep-flow-5000", "deep-map-5000", "number-1e999999", "number-1.0e+999999",
                 "bytes-0", "utf16", "huge-file", "phone-0", "url-1", "name-2", "name-3", "schema-version-true",
                 "last-reviewed-2999-01-01", 'last-reviewed-"2026-01-01\\n"'):
        assert by_name[name]["outcome"] == "rejected", by_name[name]
    assert outcomes["rejected"] > len(mutants) / 2
