"""next_step_due and spaced_send_times: business days, windows, holidays, DST, caps."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from cadences import CadenceError, Schedule, next_step_due, spaced_send_times

NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
OFFICE_HOURS = Schedule()


def local(tz: ZoneInfo, *parts: int) -> datetime:
    return datetime(*parts, tzinfo=tz)


@pytest.mark.parametrize(
    ("previous", "delay_days", "due"),
    [
        # Same day inside the window: due right away.
        (local(BERLIN, 2026, 11, 24, 10, 15), 0, local(BERLIN, 2026, 11, 24, 10, 15)),
        # Before the window opens: moved to its start.
        (local(BERLIN, 2026, 11, 24, 6, 0), 0, local(BERLIN, 2026, 11, 24, 8, 0)),
        # At or after the window's end: next business day's start.
        (local(BERLIN, 2026, 11, 24, 18, 0), 0, local(BERLIN, 2026, 11, 25, 8, 0)),
        (local(BERLIN, 2026, 11, 27, 21, 0), 0, local(BERLIN, 2026, 11, 30, 8, 0)),
        # A weekend counts as nothing: Saturday + 0 is Monday, Saturday + 1 is Tuesday.
        (local(BERLIN, 2026, 11, 28, 12, 0), 0, local(BERLIN, 2026, 11, 30, 8, 0)),
        (local(BERLIN, 2026, 11, 28, 12, 0), 1, local(BERLIN, 2026, 12, 1, 8, 0)),
        # Business days keep the wall-clock time: Friday 14:30 + 1 is Monday 14:30.
        (local(BERLIN, 2026, 11, 27, 14, 30), 1, local(BERLIN, 2026, 11, 30, 14, 30)),
        (local(BERLIN, 2026, 11, 24, 9, 0), 4, local(BERLIN, 2026, 11, 30, 9, 0)),
    ],
)
def test_due_moment_in_office_hours(previous, delay_days, due):
    assert next_step_due(previous, delay_days, OFFICE_HOURS, BERLIN) == due


def test_the_result_is_utc_whatever_zone_the_input_uses():
    previous = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # 10:00 in New York
    due = next_step_due(previous, 1, OFFICE_HOURS, NEW_YORK)
    assert due.tzinfo is UTC
    assert due == datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


def test_the_contacts_zone_decides_the_business_day():
    # Friday 23:30 UTC is still Friday 18:30 in New York (closed) but Saturday in Berlin.
    friday_late = datetime(2026, 11, 27, 23, 30, tzinfo=UTC)
    assert next_step_due(friday_late, 0, OFFICE_HOURS, NEW_YORK) == local(NEW_YORK, 2026, 11, 30, 8)
    assert next_step_due(friday_late, 0, OFFICE_HOURS, BERLIN) == local(BERLIN, 2026, 11, 30, 8)


@pytest.mark.parametrize(
    ("calendar", "previous", "delay_days", "due"),
    [
        # US Thanksgiving (Thu 2026-11-26) is skipped.
        ("US", local(NEW_YORK, 2026, 11, 25, 10), 1, local(NEW_YORK, 2026, 11, 27, 10)),
        (None, local(NEW_YORK, 2026, 11, 25, 10), 1, local(NEW_YORK, 2026, 11, 26, 10)),
        # German Christmas: Fri 25th and Sat 26th, then the weekend.
        ("DE", local(BERLIN, 2026, 12, 23, 10), 2, local(BERLIN, 2026, 12, 28, 10)),
        # A holiday is no same-day slot either: New Year's Day moves to Monday.
        ("DE", local(BERLIN, 2027, 1, 1, 9), 0, local(BERLIN, 2027, 1, 4, 8)),
        # Regional calendars: Epiphany is a holiday in Bavaria, not in Berlin.
        ("DE-BY", local(BERLIN, 2027, 1, 5, 10), 1, local(BERLIN, 2027, 1, 7, 10)),
        ("DE-BE", local(BERLIN, 2027, 1, 5, 10), 1, local(BERLIN, 2027, 1, 6, 10)),
    ],
)
def test_holidays_are_not_business_days(calendar, previous, delay_days, due):
    schedule = Schedule(holidays=calendar)
    assert next_step_due(previous, delay_days, schedule, previous.tzinfo) == due


@pytest.mark.parametrize(
    ("tz", "previous", "due_utc"),
    [
        # New York springs forward on Sun 2026-03-08: 14:30 stays 14:30, UTC moves an hour.
        (NEW_YORK, local(NEW_YORK, 2026, 3, 6, 14, 30), datetime(2026, 3, 9, 18, 30, tzinfo=UTC)),
        # ...and falls back on Sun 2026-11-01.
        (NEW_YORK, local(NEW_YORK, 2026, 10, 30, 9), datetime(2026, 11, 2, 14, 0, tzinfo=UTC)),
        # Berlin springs forward on Sun 2026-03-29 and falls back on Sun 2026-10-25.
        (BERLIN, local(BERLIN, 2026, 3, 27, 8), datetime(2026, 3, 30, 6, 0, tzinfo=UTC)),
        (BERLIN, local(BERLIN, 2026, 10, 23, 17, 59), datetime(2026, 10, 26, 16, 59, tzinfo=UTC)),
    ],
)
def test_business_days_keep_local_time_across_dst(tz, previous, due_utc):
    assert next_step_due(previous, 1, OFFICE_HOURS, tz) == due_utc


def test_a_time_skipped_by_spring_forward_moves_on_by_the_jump():
    night_shift = Schedule(weekdays={1, 2, 3, 4, 5, 6, 7}, start=time(1), end=time(4))
    saturday = local(NEW_YORK, 2026, 3, 7, 2, 30)
    half_past_three_edt = datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    # 02:30 does not exist on Sunday 2026-03-08 in New York; it becomes 03:30 EDT.
    assert next_step_due(saturday, 1, night_shift, NEW_YORK) == half_past_three_edt


def test_an_ambiguous_fall_back_time_takes_its_first_occurrence():
    night_shift = Schedule(weekdays={1, 2, 3, 4, 5, 6, 7}, start=time(1), end=time(4))
    saturday = local(NEW_YORK, 2026, 10, 31, 1, 30)
    first_occurrence = datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 EDT, not 01:30 EST
    assert next_step_due(saturday, 1, night_shift, NEW_YORK) == first_occurrence


def test_a_sunday_to_thursday_week_skips_friday_and_saturday():
    gulf_week = Schedule(weekdays={7, 1, 2, 3, 4})
    dubai = ZoneInfo("Asia/Dubai")
    thursday = local(dubai, 2026, 11, 26, 11)
    assert next_step_due(thursday, 1, gulf_week, dubai) == local(dubai, 2026, 11, 29, 11)


WEEK_OF_HOURS = [
    datetime(2026, 10, 20, 0, 0, tzinfo=UTC) + timedelta(hours=7 * hour) for hour in range(48)
]


@pytest.mark.parametrize("tz", [NEW_YORK, BERLIN])
@pytest.mark.parametrize("delay_days", [0, 1, 3])
@pytest.mark.parametrize("previous", WEEK_OF_HOURS, ids=lambda moment: moment.isoformat())
def test_every_due_moment_is_inside_a_business_window_and_not_earlier(previous, delay_days, tz):
    schedule = Schedule(holidays="US")
    due = next_step_due(previous, delay_days, schedule, tz)
    due_local = due.astimezone(tz)
    assert due >= previous
    assert schedule.is_business_day(due_local.date())
    assert schedule.start <= due_local.time() < schedule.end
    assert due == next_step_due(previous, delay_days, schedule, tz)  # deterministic


def test_a_negative_delay_is_refused():
    with pytest.raises(CadenceError) as error:
        next_step_due(local(BERLIN, 2026, 11, 24, 10), -1, OFFICE_HOURS, BERLIN)
    assert error.value.field == "delay_days"


def test_a_naive_datetime_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        next_step_due(datetime(2026, 11, 24, 10), 0, OFFICE_HOURS, BERLIN)


NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def test_sends_are_spaced_by_the_minimum_gap():
    slots = spaced_send_times([NOW, NOW, NOW], now=NOW, tz=BERLIN)
    assert slots == [NOW, NOW + timedelta(seconds=30), NOW + timedelta(seconds=60)]


def test_the_first_send_waits_for_the_gap_after_the_last_one():
    last = NOW - timedelta(seconds=10)
    assert spaced_send_times([NOW], now=NOW, tz=BERLIN, sent_at=[last]) == [
        NOW + timedelta(seconds=20)
    ]


def test_a_send_never_leaves_before_its_due_time_or_now():
    later = NOW + timedelta(hours=1)
    earlier = NOW - timedelta(hours=1)
    assert spaced_send_times([later, earlier], now=NOW, tz=BERLIN) == [later, NOW]


def test_earlier_due_emails_are_served_first_and_answers_keep_input_order():
    first, second = NOW + timedelta(seconds=5), NOW
    slots = spaced_send_times([first, second], now=NOW, tz=BERLIN, min_gap=timedelta(minutes=1))
    assert slots == [NOW + timedelta(minutes=1), NOW]


def test_the_daily_cap_counts_todays_sends_and_leaves_the_rest():
    sent_today = [NOW - timedelta(minutes=minute) for minute in range(1, 4)]
    slots = spaced_send_times([NOW] * 3, now=NOW, tz=BERLIN, sent_at=sent_today, daily_cap=4)
    assert slots == [NOW, None, None]


def test_the_cap_resets_on_the_next_local_day():
    late_evening = datetime(2026, 11, 24, 22, 59, 50, tzinfo=UTC)  # 23:59:50 in Berlin
    slots = spaced_send_times(
        [late_evening, late_evening], now=late_evening, tz=BERLIN, daily_cap=1
    )
    # The second slot (00:00:20 Berlin) falls on Wednesday, which has its own cap.
    assert slots == [late_evening, late_evening + timedelta(seconds=30)]
