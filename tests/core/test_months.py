import calendar
from datetime import date

import pytest

from calculator.months import Month, month_range, parse_date


@pytest.mark.parametrize("text", ["2025-13", "2025-00", "2025-3", "25-03", "2025/03", "", "2025-03-01", None, 202503])
def test_month_parse_rejects_malformed(text):
    with pytest.raises(ValueError):
        Month.parse(text)


def test_month_arithmetic_crosses_years():
    assert Month(2024, 11).plus(3) == Month(2025, 2)
    assert Month(2025, 2).minus(Month(2024, 11)) == 3
    assert Month(2025, 1).plus(-1) == Month(2024, 12)


def test_day_past_month_end_means_last_day():
    assert Month(2025, 2).day(31) == date(2025, 2, 28)
    assert Month(2024, 2).day(31) == date(2024, 2, 29)
    assert Month(2025, 4).day(15) == date(2025, 4, 15)


def test_last_day_agrees_with_the_calendar_module_for_two_centuries():
    for year in range(1900, 2101):
        for month in range(1, 13):
            assert Month(year, month).last_day() == date(year, month, calendar.monthrange(year, month)[1])


def test_month_range_is_inclusive():
    assert [str(m) for m in month_range(Month(2024, 12), Month(2025, 2))] == ["2024-12", "2025-01", "2025-02"]


@pytest.mark.parametrize("text", ["2025-02-30", "2025-2-1", "20250201", "2025-02-01T00:00"])
def test_parse_date_is_strict(text):
    with pytest.raises(ValueError):
        parse_date(text)
