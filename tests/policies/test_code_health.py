"""Code health over the real policies/ folder: the whole data tree, not single functions."""

from datetime import date

from calculator.model import GRADES
from calculator.parameters import PARAMETERS, Kind


def all_values(rules):
    for name, p in rules.parameters.items():
        yield "national", name, p
    for slug, region in rules.regions.items():
        for name, p in region.parameters.items():
            yield slug, name, p


def test_every_value_is_dated_sourced_and_graded(real_rules):
    for where, name, p in all_values(real_rules):
        assert p.values or p.not_published, (where, name)
        for dv in p.values:
            src = real_rules.sources[dv.source]
            assert src.grade in GRADES and src.title.zh and src.issuer.zh and src.url.startswith("http"), (where, name)


def test_dates_ascend_and_rates_are_ratios(real_rules):
    for where, name, p in all_values(real_rules):
        dates = [dv.effective for dv in p.values]
        assert dates == sorted(set(dates)), (where, name)
        if PARAMETERS[name].kind is Kind.RATE:
            assert all(dv.value is None or 0 <= dv.value <= 1 for dv in p.values), (where, name)


def test_last_reviewed_present_and_not_in_the_future(real_rules):
    # the one place a test reads the clock: a review date cannot lie ahead of the day the tests run
    today = date.today()
    assert real_rules.last_reviewed <= today
    for slug, region in real_rules.regions.items():
        assert region.last_reviewed <= today, slug


def test_file_names_match_slugs_and_codes_are_unique(real_rules):
    codes = [r.code for r in real_rules.regions.values()]
    assert len(codes) == len(set(codes))


def test_every_region_has_bases_and_employee_rates(real_rules):
    for slug, region in real_rules.regions.items():
        for name in ("base_floor", "base_ceiling", "employer_rate", "individual_rate"):
            p = real_rules.parameter(region, name)
            assert p is not None and (p.values or p.not_published), (slug, name)


def test_at_least_six_regions(real_rules):
    assert len(real_rules.regions) >= 6
