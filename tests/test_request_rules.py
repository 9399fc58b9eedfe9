"""依申请公开 rules: receipt dates (第三十一条), the answer deadline across 春节 and 国庆 with 调休, 补正 (第三十条),
pauses (第三十二、三十四条, 109号), one extension (第三十三条), outcomes → 表三 rows, identity checks."""

import datetime

import pytest
from django.utils import translation

from wagtail_disclosure.rules.annual_report import Report, check
from wagtail_disclosure.rules.annual_report.tables import TABLE3, TABLE3_PARTS, result_rows
from wagtail_disclosure.rules.requests import (
    ApplicantType,
    Channel,
    Correction,
    Extension,
    Outcome,
    Pause,
    PauseKind,
    RequestRuleError,
    answer_deadline,
    check_correction,
    check_extension,
    id_card_error,
    mask,
    outcome_row,
    receipt_date,
    reply_text,
    table_three,
)
from wagtail_disclosure.rules.working_days import WorkingDayCalendar, exceptions_from_chinese_calendar

D = datetime.date


@pytest.fixture(scope="module")
def calendar():
    exceptions = {}
    for year in (2024, 2025, 2026):
        exceptions.update({day: working for day, (working, _name) in exceptions_from_chinese_calendar(year).items()})
    return WorkingDayCalendar(exceptions, {2024, 2025, 2026})


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


# --- 第三十一条 -------------------------------------------------------------------------------------------


def test_receipt_date_depends_on_the_channel():
    submitted, signed, confirmed = D(2025, 3, 3), D(2025, 3, 5), D(2025, 3, 4)
    dates = {"submitted_on": submitted, "signed_on": signed, "confirmed_on": confirmed}
    assert receipt_date(Channel.IN_PERSON, **dates) == submitted
    assert receipt_date(Channel.SIGNED_POST, **dates) == signed
    assert receipt_date(Channel.ORDINARY_LETTER, **dates) == confirmed
    assert receipt_date(Channel.ONLINE, **dates) == confirmed
    assert receipt_date(Channel.FAX, **dates) == confirmed


def test_receipt_date_needs_the_channels_date():
    with pytest.raises(RequestRuleError, match="confirmed on"):
        receipt_date(Channel.ONLINE, submitted_on=D(2025, 3, 3))
    with pytest.raises(RequestRuleError, match="before it was submitted"):
        receipt_date(Channel.SIGNED_POST, submitted_on=D(2025, 3, 3), signed_on=D(2025, 3, 1))


# --- 第三十三条 across holidays ------------------------------------------------------------------------------


def test_spring_festival_2025_with_make_up_sunday_and_saturday(calendar):
    # Fri 2025-01-24: 1-26 (Sun, 调休) counts, 1-28..2-4 are 春节, 2-8 (Sat, 调休) counts.
    deadline = answer_deadline(calendar, D(2025, 1, 24))
    assert deadline.due == D(2025, 2, 27)
    text = "\n".join(deadline.steps)
    assert "2025-01-26" in text and "2025-02-08" in text  # the make-up days, named
    assert "2025-01-28" in text  # a holiday, named
    assert deadline.steps[-1] == "Due: 2025-02-27."


def test_national_day_2025_with_make_up_days(calendar):
    # Fri 2025-09-26: 9-28 (Sun) and 10-11 (Sat) are 调休 working days; 10-1..10-8 off.
    assert answer_deadline(calendar, D(2025, 9, 26)).due == D(2025, 10, 30)


def test_correction_restarts_the_clock_on_the_corrected_application(calendar):
    deadline = answer_deadline(calendar, D(2025, 3, 3), correction=Correction(D(2025, 3, 5), D(2025, 3, 20)))
    # 20 working days from Thu 2025-03-20, 清明 (Fri 2025-04-04) not counted.
    assert deadline.start == D(2025, 3, 20)
    assert deadline.due == D(2025, 4, 18)
    assert any("Corrected application received on 2025-03-20" in step for step in deadline.steps)


def test_no_due_date_while_the_correction_is_awaited(calendar):
    deadline = answer_deadline(calendar, D(2025, 3, 3), correction=Correction(D(2025, 3, 5)))
    assert deadline.due is None and deadline.stopped == "correction"


def test_correction_only_once_and_within_seven_working_days(calendar):
    # 7 working days after Fri 2025-01-24, across 春节: 1-26, 1-27, 2-5, 2-6, 2-7, 2-8, 2-10.
    check_correction(calendar, D(2025, 1, 24), D(2025, 2, 10))
    with pytest.raises(RequestRuleError, match="by 2025-02-10"):
        check_correction(calendar, D(2025, 1, 24), D(2025, 2, 11))
    with pytest.raises(RequestRuleError, match="only once"):
        check_correction(calendar, D(2025, 1, 24), D(2025, 1, 27), earlier_corrections=1)


def test_third_party_consultation_is_not_counted(calendar):
    plain = answer_deadline(calendar, D(2025, 3, 3))
    assert plain.due == D(2025, 3, 31)
    # Letter out Mon 3-10, answer in Fri 3-21: 3-11..3-21 = 9 working days out of the count; 清明 4-4 off.
    paused = answer_deadline(calendar, D(2025, 3, 3), pauses=[Pause(PauseKind.THIRD_PARTY, D(2025, 3, 10), D(2025, 3, 21))])
    assert paused.due == D(2025, 4, 14)
    assert any("9 working days not counted" in step and "第三十二条" in step for step in paused.steps)


def test_fee_and_agency_pauses_add_up(calendar):
    pauses = [
        Pause(PauseKind.OTHER_AGENCY, D(2025, 3, 10), D(2025, 3, 12)),  # 3-11, 3-12: 2 days
        Pause(PauseKind.FEE, D(2025, 3, 17), D(2025, 3, 18)),  # 3-18: 1 day
    ]
    assert answer_deadline(calendar, D(2025, 3, 3), pauses=pauses).due == D(2025, 4, 3)


def test_an_open_pause_stops_the_clock(calendar):
    deadline = answer_deadline(calendar, D(2025, 3, 3), pauses=[Pause(PauseKind.FEE, D(2025, 3, 10))])
    assert deadline.due is None and deadline.stopped == PauseKind.FEE
    assert "after 5 working days" in deadline.steps[-1]


def test_extension_adds_its_working_days(calendar):
    deadline = answer_deadline(calendar, D(2025, 9, 26), extension=Extension(D(2025, 10, 20), 20, "王主任"))
    assert deadline.due == D(2025, 11, 27)
    assert any("Extended on 2025-10-20 by 20 working days" in step and "王主任" in step for step in deadline.steps)


def test_extension_once_at_most_twenty_days_before_the_due_date():
    check_extension(D(2025, 10, 30), D(2025, 10, 30), 20)
    with pytest.raises(RequestRuleError, match="only once"):
        check_extension(D(2025, 10, 30), D(2025, 10, 20), 10, earlier_extensions=1)
    with pytest.raises(RequestRuleError, match="1 to 20 working days"):
        check_extension(D(2025, 10, 30), D(2025, 10, 20), 21)
    with pytest.raises(RequestRuleError, match="no longer be extended"):
        check_extension(D(2025, 10, 30), D(2025, 10, 31), 10)


def test_unknown_years_are_flagged():
    deadline = answer_deadline(WorkingDayCalendar(known_years={2025}), D(2025, 12, 20))
    assert deadline.unknown_years == (2026,)
    assert any("2026" in step and "not in the calendar" in step for step in deadline.steps)


# --- outcomes and 表三 -------------------------------------------------------------------------------------


def test_applicant_types_are_the_columns_of_table_three():
    assert list(ApplicantType.values) == [column.key for column in TABLE3_PARTS]


def test_every_outcome_counts_in_exactly_one_result_row_and_every_row_is_reachable():
    rows = {row.key for row in result_rows(TABLE3)}
    reached = set()
    for outcome in Outcome:
        row = outcome_row(outcome)
        assert row.key in rows, outcome
        reached.add(row.key)
    assert reached == rows


@pytest.mark.parametrize(
    ("outcome", "path"),
    [
        (Outcome.ALREADY_PUBLIC, ("results", "granted")),
        (Outcome.PARTIALLY_GRANTED, ("results", "partially_granted")),
        (Outcome.STATE_SECRET, ("results", "not_disclosed", "state_secret")),
        (Outcome.NOT_THIS_AGENCY, ("results", "unable_to_provide", "not_held")),
        (Outcome.STILL_UNCLEAR, ("results", "unable_to_provide", "still_unclear_after_correction")),
        (Outcome.REPEATED, ("results", "not_processed", "repeated_application")),
        (Outcome.NO_CORRECTION, ("results", "other_handling", "no_correction_in_time")),
        (Outcome.FEE_NOT_PAID, ("results", "other_handling", "fee_not_paid_in_time")),
        (Outcome.WITHDRAWN, ("results", "other_handling", "other")),
    ],
)
def test_outcome_rows(outcome, path):
    assert outcome_row(outcome).path == path


def test_table_three_balances_by_construction():
    counts = [
        ("natural_person", None, 3, 1, 0, 4),
        ("natural_person", Outcome.GRANTED, 5, 1, 6, 0),
        ("commercial_enterprise", Outcome.PARTIALLY_GRANTED, 2, 0, 2, 0),
        ("legal_service_institution", Outcome.NOT_HELD, 1, 1, 2, 0),
        ("natural_person", Outcome.NOT_THIS_AGENCY, 1, 0, 1, 0),
        ("other", Outcome.WITHDRAWN, 1, 0, 1, 0),
    ]
    table = table_three(counts)
    assert table["new_received"] == [9, 2, 0, 0, 1, 1, 13]
    assert table["carried_over_from_last_year"] == [2, 0, 0, 0, 1, 0, 3]
    assert table["results"]["granted"] == [6, 0, 0, 0, 0, 0, 6]
    assert table["results"]["unable_to_provide"]["not_held"] == [1, 0, 0, 0, 2, 0, 3]
    assert table["results"]["total"] == [7, 2, 0, 0, 2, 1, 12]
    assert table["carried_forward_to_next_year"] == [4, 0, 0, 0, 0, 0, 4]
    report = Report(2025, table3=table)
    assert [f for f in check(report) if f.table == "table3"] == []


# --- 第二十九条 identity ------------------------------------------------------------------------------------


def test_identity_card_check_digit():
    assert id_card_error("11010519491231002X") == ""
    assert id_card_error("11010519491231002x") == ""
    assert "does not match" in id_card_error("110105194912310021")
    assert "18 characters" in id_card_error("1101051949123100")
    assert "not a date" in id_card_error("110105194913310021")


def test_mask():
    assert mask("张三") == "张*"
    assert mask("11010519491231002X", 4, 4) == "1101**********002X"
    assert mask("") == ""


@pytest.mark.parametrize("outcome", list(Outcome))
def test_every_outcome_has_a_reply_with_remedies_and_dates(outcome):
    text = reply_text(
        outcome, reference="YSQ-2025-000001", applicant="张三", title="某文件", received_on=D(2025, 3, 3),
        answered_on=D(2025, 3, 20), organisation="某县人民政府办公室",
    )  # fmt: skip
    assert "2025年03月03日" in text and "2025年03月20日" in text and "“某文件”" in text
    assert "60日内" in text and "行政诉讼" in text
    assert "{" not in text and "条例》条例" not in text
