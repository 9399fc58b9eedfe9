"""Requests for disclosure (依申请公开): receipt dates, the answer deadline, outcomes and 表三.

条例第三十一条: the day an application counts as received depends on how it came.
条例第三十条: 补正 — asked for once, within 7 working days of receipt; the answer period then runs from the
receipt of the corrected application.
条例第三十三条: 答复 within 20 working days of receipt; one extension of at most 20 working days, approved by the
head of the disclosure office, the applicant told. 第二款: the time taken by consultations of third parties
(第三十二条) and of other agencies (第三十四条) does not count.
国办函〔2020〕109号: a fee notice (收费通知); the time until payment is not counted here either (DOMAIN §1.9,
common practice, not confirmed by the text retrieved).
条例第三十六–三十九条 (and 第三十条, 第三十五条): the answer types; each outcome counts in exactly one row of 表三
(DOMAIN §7.3).

Pure Python: the computation returns the due date with its steps, each a sentence the admin shows.
Working days are ``rules.working_days`` (民法典第二百零一条: the start day is not counted).
"""

import dataclasses
import datetime

from django.db.models import TextChoices
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy as _, ngettext

from .annual_report.tables import RESULTS_TOTAL, TABLE3, TABLE3_PARTS, result_rows

ANSWER_WORKING_DAYS = 20  # 条例第三十三条第一款
MAX_EXTENSION_WORKING_DAYS = 20  # 条例第三十三条第一款: 延长的期限最长不得超过20个工作日
CORRECTION_NOTICE_WORKING_DAYS = 7  # 条例第三十条: 7个工作日内一次性告知申请人作出补正
THIRD_PARTY_WORKING_DAYS = 15  # 条例第三十二条: 第三方自收到征求意见书之日起15个工作日内提出意见


class RequestRuleError(ValueError):
    """An event the statute does not allow in the case's state; the message says why."""


def _d(day):
    return date_format(day, "Y-m-d")


# --- 条例第三十一条: the receipt date --------------------------------------------------------------------


class Channel(TextChoices):
    IN_PERSON = "in_person", _("In person (当面提交)")
    SIGNED_POST = "signed_post", _("Post that is signed for (邮寄，签收)")
    ORDINARY_LETTER = "ordinary_letter", _("Ordinary letter (平常信函)")
    ONLINE = "online", _("Online (互联网渠道)")
    FAX = "fax", _("Fax (传真)")


# Which date the receipt date is, per channel, and the rule as the admin shows it.
RECEIPT_RULES = {
    Channel.IN_PERSON: ("submitted_on", _("条例第三十一条第（一）项: the day the applicant hands it in.")),
    Channel.SIGNED_POST: ("signed_on", _("条例第三十一条第（二）项: the day the agency signs for the post.")),
    Channel.ORDINARY_LETTER: (
        "confirmed_on",
        _("条例第三十一条第（二）项: for an ordinary letter, the day it is confirmed with the applicant (on the day it arrives)."),
    ),
    Channel.ONLINE: ("confirmed_on", _("条例第三十一条第（三）项: the day both sides confirm the online application.")),
    Channel.FAX: ("confirmed_on", _("条例第三十一条第（三）项: the day both sides confirm the fax.")),
}

RECEIPT_DATE_LABELS = {
    "submitted_on": _("submitted on"),
    "signed_on": _("signed for on"),
    "confirmed_on": _("confirmed on"),
}


def receipt_rule(channel):
    """The rule of 条例第三十一条 for ``channel``, as a sentence."""
    return str(RECEIPT_RULES[Channel(channel)][1])


def receipt_date(channel, *, submitted_on=None, signed_on=None, confirmed_on=None):
    """The day an application by ``channel`` counts as received (条例第三十一条).

    Raises RequestRuleError when the date the channel needs is missing or earlier than the submission.
    """
    field, _rule = RECEIPT_RULES[Channel(channel)]
    dates = {"submitted_on": submitted_on, "signed_on": signed_on, "confirmed_on": confirmed_on}
    day = dates[field]
    if day is None:
        raise RequestRuleError(
            gettext("An application by “%(channel)s” counts as received on the day it was %(what)s: enter that date.")
            % {"channel": Channel(channel).label, "what": RECEIPT_DATE_LABELS[field]}
        )
    if submitted_on and day < submitted_on:
        raise RequestRuleError(
            gettext("The application cannot be %(what)s (%(day)s) before it was submitted (%(submitted)s).")
            % {"what": RECEIPT_DATE_LABELS[field], "day": _d(day), "submitted": _d(submitted_on)}
        )
    return day


# --- 条例第三十、三十二至三十四条: the answer deadline -------------------------------------------------------


class PauseKind(TextChoices):
    THIRD_PARTY = "third_party", _("Consulting a third party (征求第三方意见)")
    OTHER_AGENCY = "other_agency", _("Consulting another agency (征求其他机关意见)")
    FEE = "fee", _("Fee notice until payment (收费通知)")


PAUSE_BASIS = {
    PauseKind.THIRD_PARTY: "条例第三十二条、第三十三条第二款",
    PauseKind.OTHER_AGENCY: "条例第三十三条第二款、第三十四条",
    PauseKind.FEE: "国办函〔2020〕109号",
}


@dataclasses.dataclass(frozen=True)
class Pause:
    """The clock stops after ``start`` (the day the letter or notice went out) up to and including ``end``
    (the day the answer or the payment came); ``end`` None: still waiting."""

    kind: str
    start: datetime.date
    end: datetime.date | None = None

    def covers(self, day):
        return self.start < day and (self.end is None or day <= self.end)


@dataclasses.dataclass(frozen=True)
class Correction:
    """补正 (条例第三十条): the notice, and the day the corrected application came (None: not yet)."""

    notice_on: datetime.date
    received_on: datetime.date | None = None


@dataclasses.dataclass(frozen=True)
class Extension:
    """延期 (条例第三十三条): approved on ``approved_on`` for ``working_days`` (≤ 20)."""

    approved_on: datetime.date
    working_days: int
    approved_by: str = ""


@dataclasses.dataclass(frozen=True)
class Deadline:
    """The due date (None while the clock is stopped) and how it was reached, step by step."""

    due: datetime.date | None
    steps: tuple[str, ...]
    start: datetime.date | None
    unknown_years: tuple[int, ...] = ()
    stopped: str = ""  # why there is no due date: "correction" or a PauseKind

    @property
    def is_running(self):
        return self.due is not None


def correction_notice_deadline(calendar, received_on):
    """The last day to ask for 补正: the 7th working day after receipt (条例第三十条)."""
    return calendar.add_working_days(received_on, CORRECTION_NOTICE_WORKING_DAYS).date


def check_correction(calendar, received_on, notice_on, earlier_corrections=0):
    """Refuse a 补正 notice the statute does not allow: a second one, or one after 7 working days."""
    if earlier_corrections:
        raise RequestRuleError(gettext("补正 may be asked for only once (条例第三十条: 一次性告知)."))
    if notice_on < received_on:
        raise RequestRuleError(gettext("The 补正 notice cannot be dated before the application was received."))
    last = correction_notice_deadline(calendar, received_on)
    if notice_on > last:
        raise RequestRuleError(
            gettext("补正 must be asked for within 7 working days of receipt (条例第三十条), that is by %(last)s; it is now too late.")
            % {"last": _d(last)}
        )


def check_extension(current_due, approved_on, working_days, earlier_extensions=0):
    """Refuse an extension the statute does not allow (条例第三十三条)."""
    if earlier_extensions:
        raise RequestRuleError(gettext("The answer period may be extended only once (条例第三十三条)."))
    if not 1 <= working_days <= MAX_EXTENSION_WORKING_DAYS:
        raise RequestRuleError(
            gettext("An extension is of 1 to %(max)s working days (条例第三十三条: 最长不得超过20个工作日).")
            % {"max": MAX_EXTENSION_WORKING_DAYS}
        )
    if current_due is not None and approved_on > current_due:
        raise RequestRuleError(
            gettext("The answer period ended on %(due)s: it can no longer be extended.") % {"due": _d(current_due)}
        )


def _count(calendar, start, limit, pauses):
    """Walk from ``start``: the day on which ``limit`` counted working days are reached, and per pause the
    working days it took out of the count."""
    day, counted = start, 0
    skipped = [0] * len(pauses)
    holidays, make_up, unknown = [], [], set()
    while counted < limit:
        day += datetime.timedelta(days=1)
        if not calendar.is_known(day):
            unknown.add(day.year)
        working = calendar.is_working_day(day)
        if working and day.weekday() >= 5:
            make_up.append(day)
        if not working and day.weekday() < 5:
            holidays.append(day)
        if not working:
            continue
        covering = [i for i, pause in enumerate(pauses) if pause.covers(day)]
        if covering:
            skipped[covering[0]] += 1
            continue
        counted += 1
    return day, skipped, holidays, make_up, tuple(sorted(unknown))


def _dates(days):
    return "、".join(_d(day) for day in days)


def answer_deadline(calendar, received_on, *, correction=None, pauses=(), extension=None):
    """The answer deadline of an application received on ``received_on`` (条例第三十条、第三十三条).

    ``calendar`` is a ``WorkingDayCalendar``. Returns a ``Deadline`` whose steps explain the computation.
    """
    steps = [gettext("Received on %(day)s (条例第三十一条).") % {"day": _d(received_on)}]
    start = received_on
    if correction is not None:
        steps.append(
            gettext("补正 asked for on %(day)s (条例第三十条; the deadline for asking was %(last)s).")
            % {"day": _d(correction.notice_on), "last": _d(correction_notice_deadline(calendar, received_on))}
        )
        if correction.received_on is None:
            steps.append(gettext("The clock starts again when the corrected application arrives: no due date until then."))
            return Deadline(None, tuple(steps), None, stopped="correction")
        start = correction.received_on
        steps.append(
            gettext("Corrected application received on %(day)s: the 20 working days run from that day (条例第三十条).")
            % {"day": _d(start)}
        )
    pauses = sorted((p for p in pauses if p.end is None or p.end > start), key=lambda p: p.start)
    open_pause = next((p for p in pauses if p.end is None), None)
    limit = ANSWER_WORKING_DAYS + (extension.working_days if extension else 0)
    if open_pause is not None:
        used = calendar.working_days_between(start, open_pause.start)[0]
        steps.append(
            gettext("%(kind)s since %(day)s (%(basis)s): the clock is stopped after %(used)s working days; no due date until it runs again.")
            % {"kind": PauseKind(open_pause.kind).label, "day": _d(open_pause.start), "basis": PAUSE_BASIS[PauseKind(open_pause.kind)], "used": used}
        )
        return Deadline(None, tuple(steps), start, stopped=open_pause.kind)
    due, skipped, holidays, make_up, unknown = _count(calendar, start, ANSWER_WORKING_DAYS, pauses)
    plain_due = calendar.add_working_days(start, ANSWER_WORKING_DAYS).date
    steps.append(
        gettext("%(start)s + 20 working days = %(due)s (条例第三十三条第一款).") % {"start": _d(start), "due": _d(plain_due)}
    )
    if extension is not None:
        due, skipped, holidays, make_up, unknown = _count(calendar, start, limit, pauses)
    for pause, days in zip(pauses, skipped):
        if days:
            steps.append(
                ngettext(
                    "%(kind)s from %(start)s to %(end)s: %(days)s working day not counted (%(basis)s).",
                    "%(kind)s from %(start)s to %(end)s: %(days)s working days not counted (%(basis)s).",
                    days,
                )
                % {"kind": PauseKind(pause.kind).label, "start": _d(pause.start), "end": _d(pause.end), "days": days, "basis": PAUSE_BASIS[PauseKind(pause.kind)]}
            )
    if extension is not None:
        steps.append(
            gettext("Extended on %(day)s by %(days)s working days (条例第三十三条第一款, approved%(by)s).")
            % {"day": _d(extension.approved_on), "days": extension.working_days, "by": f" {extension.approved_by}" if extension.approved_by else ""}
        )
    if holidays:
        steps.append(gettext("Holidays on weekdays not counted: %(days)s.") % {"days": _dates(holidays)})
    if make_up:
        steps.append(gettext("Make-up working days (调休) on weekends counted: %(days)s.") % {"days": _dates(make_up)})
    if unknown:
        steps.append(
            gettext("The holidays of %(years)s are not in the calendar yet: those weeks were counted Monday to Friday.")
            % {"years": "、".join(str(y) for y in unknown)}
        )
    steps.append(gettext("Due: %(due)s.") % {"due": _d(due)})
    return Deadline(due, tuple(steps), start, unknown)


# --- 申请人: the columns of 表三 -------------------------------------------------------------------------


class ApplicantType(TextChoices):
    """The six applicant columns of 表三 (their keys are the JSON document's column keys)."""

    NATURAL_PERSON = "natural_person", _("Natural person (自然人)")
    COMMERCIAL_ENTERPRISE = "commercial_enterprise", _("Commercial enterprise (商业企业)")
    RESEARCH_INSTITUTION = "research_institution", _("Research institution (科研机构)")
    PUBLIC_INTEREST_ORGANISATION = "public_interest_organisation", _("Public-interest organisation (社会公益组织)")
    LEGAL_SERVICE_INSTITUTION = "legal_service_institution", _("Legal service institution (法律服务机构)")
    OTHER = "other", _("Other organisation (其他)")



# --- 条例第三十六–三十九条: outcomes and their row of 表三 --------------------------------------------------


class Outcome(TextChoices):
    ALREADY_PUBLIC = "already_public", _("Already proactively published: told where to find it (已主动公开)")
    GRANTED = "granted", _("Disclosed (予以公开)")
    PARTIALLY_GRANTED = "partially_granted", _("Partly disclosed after separating (部分公开)")
    STATE_SECRET = "state_secret", _("Withheld: state secret (属于国家秘密)")
    PROHIBITED_BY_LAW = "prohibited_by_law", _("Withheld: other laws or regulations forbid it (其他法律行政法规禁止公开)")
    THREE_SAFETIES = "three_safeties_one_stability", _("Withheld: endangers the three safeties and stability (危及“三安全一稳定”)")
    THIRD_PARTY_RIGHTS = "third_party_rights", _("Withheld: protects a third party's rights (保护第三方合法权益)")
    INTERNAL_AFFAIRS = "internal_affairs", _("Withheld: internal affairs (属于三类内部事务信息)")
    PROCESS_INFORMATION = "process_information", _("Withheld: process information (属于四类过程性信息)")
    ENFORCEMENT_CASE_FILE = "enforcement_case_file", _("Withheld: enforcement case file (属于行政执法案卷)")
    ADMINISTRATIVE_QUERY = "administrative_query", _("Withheld: an administrative query procedure applies (属于行政查询事项)")
    NOT_HELD = "not_held", _("Cannot provide: not held by this agency (本机关不掌握)")
    NOT_THIS_AGENCY = "not_this_agency", _("Cannot provide: another agency's information (非本机关政府信息)")
    NEEDS_NEW_COMPILATION = "needs_new_compilation", _("Cannot provide: would have to be compiled (需要另行制作)")
    STILL_UNCLEAR = "still_unclear_after_correction", _("Cannot provide: still unclear after 补正 (补正后申请内容仍不明确)")
    PETITION = "petition_complaint_report", _("Not processed: petition, complaint or report (信访举报投诉类申请)")
    REPEATED = "repeated_application", _("Not processed: repeated application (重复申请)")
    PUBLICATION = "asks_for_publication", _("Not processed: asks for a publication (要求提供公开出版物)")
    MASSIVE = "massive_unreasonable_repeated", _("Not processed: many repeated applications without reason (无正当理由大量反复申请)")
    CONFIRM_OR_REISSUE = "confirm_or_reissue_obtained_info", _("Not processed: asks to confirm or reissue information already obtained (要求确认或重新出具)")
    NO_CORRECTION = "no_correction_in_time", _("Closed: no 补正 in time (逾期不补正)")
    FEE_NOT_PAID = "fee_not_paid_in_time", _("Closed: fee not paid in time (逾期未缴纳费用)")
    WITHDRAWN = "withdrawn", _("Closed: withdrawn by the applicant (申请人撤回)")
    OTHER = "other", _("Closed otherwise (其他)")


# Outcome → (row key of 表三, legal basis). DOMAIN §7.3; the UNCONFIRMED mappings follow common practice.
OUTCOME_ROWS = {
    Outcome.ALREADY_PUBLIC: ("granted", "条例第三十六条第（一）项"),
    Outcome.GRANTED: ("granted", "条例第三十六条第（二）项"),
    Outcome.PARTIALLY_GRANTED: ("partially_granted", "条例第三十七条"),
    Outcome.STATE_SECRET: ("state_secret", "条例第十四条、第三十六条第（三）项"),
    Outcome.PROHIBITED_BY_LAW: ("prohibited_by_law", "条例第十四条、第三十六条第（三）项"),
    Outcome.THREE_SAFETIES: ("three_safeties_one_stability", "条例第十四条、第三十六条第（三）项"),
    Outcome.THIRD_PARTY_RIGHTS: ("third_party_rights", "条例第十五条、第三十二条、第三十六条第（三）项"),
    Outcome.INTERNAL_AFFAIRS: ("internal_affairs", "条例第十六条第一款、第三十六条第（三）项"),
    Outcome.PROCESS_INFORMATION: ("process_information", "条例第十六条第二款、第三十六条第（三）项"),
    Outcome.ENFORCEMENT_CASE_FILE: ("enforcement_case_file", "条例第十六条第二款、第三十六条第（三）项"),
    Outcome.ADMINISTRATIVE_QUERY: ("administrative_query", "条例第三十六条第（七）项"),
    Outcome.NOT_HELD: ("not_held", "条例第三十六条第（四）项"),
    Outcome.NOT_THIS_AGENCY: ("not_held", "条例第三十六条第（五）项"),
    Outcome.NEEDS_NEW_COMPILATION: ("needs_new_compilation", "条例第三十八条"),
    Outcome.STILL_UNCLEAR: ("still_unclear_after_correction", "条例第三十条"),
    Outcome.PETITION: ("petition_complaint_report", "条例第三十九条第一款"),
    Outcome.REPEATED: ("repeated_application", "条例第三十六条第（六）项"),
    Outcome.PUBLICATION: ("asks_for_publication", "条例第三十九条第二款"),
    Outcome.MASSIVE: ("massive_unreasonable_repeated", "条例第三十五条"),
    Outcome.CONFIRM_OR_REISSUE: ("confirm_or_reissue_obtained_info", "条例第三十九条第二款"),
    Outcome.NO_CORRECTION: ("no_correction_in_time", "条例第三十条"),
    Outcome.FEE_NOT_PAID: ("fee_not_paid_in_time", "国办函〔2020〕109号"),
    Outcome.WITHDRAWN: ("other", "条例第三十条、第三十三条 (申请人撤回申请)"),
    Outcome.OTHER: ("other", ""),
}

# Outcomes that disclose something: the handler is offered to publish proactively (条例第四十四条).
DISCLOSING_OUTCOMES = (Outcome.GRANTED, Outcome.PARTIALLY_GRANTED)


def outcome_row(outcome):
    """The one row of 表三 (a ``tables.Row``) that counts ``outcome``."""
    return TABLE3.row(OUTCOME_ROWS[Outcome(outcome)][0])


def legal_basis(outcome):
    return OUTCOME_ROWS[Outcome(outcome)][1]


# --- 表三 from the cases --------------------------------------------------------------------------------

# The four things counted per applicant type (they partition the cases two ways, so 表三 balances: T3-BAL).
NEW = "new"  # 一、received this year
CARRIED_OVER = "carried_over"  # 二、received earlier, still open on 1 January
CLOSED = "closed"  # 三、answered or closed this year (by outcome)
CARRIED_FORWARD = "carried_forward"  # 四、still open on 31 December


def table_three(counts):
    """表三 in the JSON document's shape (rows of 7 numbers, totals included) from ``counts``.

    ``counts`` is an iterable of ``(applicant_type, outcome, new, carried_over, closed, carried_forward)``:
    cases of one applicant type and outcome (None while open) — received this year, carried over from last
    year, closed this year, carried forward. Each outcome counts in its one row (``OUTCOME_ROWS``).
    """
    columns = [c.key for c in TABLE3_PARTS]
    cells = {row.key: [0] * len(columns) for row in TABLE3.rows}
    for applicant_type, outcome, new, carried_over, closed, carried_forward in counts:
        col = columns.index(applicant_type)
        cells["new_received"][col] += new
        cells["carried_over_from_last_year"][col] += carried_over
        cells["carried_forward_to_next_year"][col] += carried_forward
        if closed:
            cells[OUTCOME_ROWS[Outcome(outcome)][0]][col] += closed
    for col in range(len(columns)):
        cells[RESULTS_TOTAL][col] = sum(cells[row.key][col] for row in result_rows(TABLE3))
    data = {}
    for row in TABLE3.rows:
        node = data
        for key in row.path[:-1]:
            node = node.setdefault(key, {})
        node[row.key] = [*cells[row.key], sum(cells[row.key])]
    return data


# --- 条例第二十九条: the applicant's identity -------------------------------------------------------------

# GB 11643-1999: weights of the first 17 digits of a 居民身份证号码, and the check character for sum mod 11.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def id_card_error(number):
    """Why ``number`` is not a valid 18-digit 居民身份证号码, or "" if it is (GB 11643-1999)."""
    number = number.strip().upper()
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return gettext("A resident identity card number has 18 characters: 17 digits and a digit or X.")
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return gettext("The date of birth in this identity card number (digits 7–14) is not a date.")
    if born.year < 1900 or born > datetime.date.today():
        return gettext("The date of birth in this identity card number (digits 7–14) is not possible.")
    expected = ID_CHECK[sum(int(d) * w for d, w in zip(number[:17], ID_WEIGHTS)) % 11]
    if number[17] != expected:
        return gettext("The last character of this identity card number does not match the others: please check it for typing errors.")
    return ""


def mask(value, keep_start=1, keep_end=1):
    """``value`` with its middle hidden, for listings and exports (张*, 1101**********1234)."""
    value = value or ""
    if len(value) <= keep_start + keep_end:
        return value[:1] + "*" * (len(value) - 1) if value else ""
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[len(value) - keep_end :]


# --- 告知书: the reply, per outcome (statutory wording: data, like 表三's labels) ----------------------------

REPLY_BODIES = {
    "granted": "经审查，您申请获取的政府信息属于公开范围，根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定，现予以提供。",
    "already_public": "经审查，您申请获取的政府信息已经主动公开，根据《中华人民共和国政府信息公开条例》第三十六条第（一）项的规定，告知您获取该政府信息的方式和途径：{where}。",
    "partially_granted": "经审查，您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理。根据《中华人民共和国政府信息公开条例》第三十七条的规定，现向您提供可以公开的部分，对不予公开的部分说明理由如下：{reason}。",
    "not_disclosed": "经审查，您申请获取的政府信息属于不予公开的范围（{row}），根据《中华人民共和国政府信息公开条例》{basis}的规定，不予公开。理由：{reason}。",
    "not_held": "经检索，本机关未制作或者获取您申请公开的政府信息。根据《中华人民共和国政府信息公开条例》第三十六条第（四）项的规定，告知您该政府信息不存在。",
    "not_this_agency": "经审查，您申请公开的政府信息不属于本机关负责公开。根据《中华人民共和国政府信息公开条例》第三十六条第（五）项的规定，告知您：{where}。",
    "needs_new_compilation": "经审查，您申请获取的政府信息需要本机关对现有政府信息进行加工、分析。根据《中华人民共和国政府信息公开条例》第三十八条的规定，本机关可以不予提供。",
    "still_unclear_after_correction": "本机关已于{correction}向您发出补正申请通知书，补正后您的申请内容仍不明确。根据《中华人民共和国政府信息公开条例》第三十条的规定，本机关无法提供。",
    "not_processed": "经审查，您的申请{row}，根据《中华人民共和国政府信息公开条例》{basis}的规定，本机关不作为政府信息公开申请处理。",
    "no_correction_in_time": "本机关已于{correction}向您发出补正申请通知书，您无正当理由逾期未补正。根据《中华人民共和国政府信息公开条例》第三十条的规定，视为放弃申请，本机关不再处理该政府信息公开申请。",
    "fee_not_paid_in_time": "本机关已向您发出收费通知，您逾期未按要求缴纳信息处理费。根据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，本机关不再处理该政府信息公开申请。",
    "withdrawn": "您已撤回该政府信息公开申请，本机关终止办理。",
    "other": "{reason}",
}

# 条例第五十一条; 《行政复议法》第二十条 (60日); 《行政诉讼法》第四十六条 (6个月).
REMEDIES = (
    "如对本答复不服，可以自收到本答复之日起60日内向{reconsideration}申请行政复议，"
    "或者自收到本答复之日起6个月内依法向人民法院提起行政诉讼。"
)

REPLY_TITLES = {
    "granted": "政府信息公开告知书", "already_public": "政府信息公开告知书", "partially_granted": "部分公开告知书",
    "not_disclosed": "不予公开告知书", "not_held": "政府信息不存在告知书", "not_this_agency": "非本机关政府信息告知书",
    "not_processed": "不予处理告知书", "withdrawn": "终止办理告知书",
}  # fmt: skip


def _reply_group(outcome):
    outcome = Outcome(outcome)
    if outcome.value in REPLY_BODIES:
        return outcome.value
    return outcome_row(outcome).path[1]  # not_disclosed, not_processed, unable_to_provide…


def reply_document(outcome, *, reference, applicant, title, received_on, answered_on, organisation,
                   correction_on=None, reason="", where="", reconsideration="本级人民政府或者上一级主管部门"):  # fmt: skip
    """(title, paragraphs) of the 告知书 for ``outcome``, with the remedies and dates; the handler edits it before issue."""
    group = _reply_group(outcome)
    heading = REPLY_TITLES.get(group, "政府信息公开申请答复书")
    row = outcome_row(outcome)
    body = REPLY_BODIES.get(group, REPLY_BODIES["other"]).format(
        row=row.label.lstrip("0123456789."), basis=legal_basis(outcome).removeprefix("条例"), reason=reason or "（请填写理由）",
        where=where or "（请填写获取方式或负责公开的机关及其联系方式）",
        correction=_d(correction_on) if correction_on else "（补正通知日期）",
    )  # fmt: skip
    paragraphs = (
        reference,
        f"{applicant}：",
        f"本机关于{received_on:%Y年%m月%d日}收到您（单位）提出的政府信息公开申请，申请获取“{title}”。现答复如下：",
        body,
        REMEDIES.format(reconsideration=reconsideration),
        organisation,
        f"{answered_on:%Y年%m月%d日}",
    )
    return heading, paragraphs


def reply_text(outcome, **fields):
    heading, paragraphs = reply_document(outcome, **fields)
    return "\n\n".join((heading, *paragraphs))
