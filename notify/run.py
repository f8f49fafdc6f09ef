"""A notification run: the period's digests, each channel's parts, sent exactly once.

Exactly once, part by part, through the send log (data_access.notify_log), keyed by
(recipient, channel, period, part):
1. the newest attempt was "sent": skipped (unless resend);
2. it was "failed" (the platform refused or stayed busy through every retry): tried again;
3. it is "pending": an earlier run recorded the intent and stopped before the outcome
   (a crash, a kill, the machine going down mid-request). Whether the platform got the
   message is unknown, so it is NOT sent again automatically (that could duplicate it):
   it is reported "uncertain" and the run exits non-zero; --resend sends it again.
Intent is committed before the request leaves, the outcome right after it returns, so a
run stopped anywhere else resumes without duplicates.
"""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Callable

from sqlalchemy import Engine

from data_access import followups, notify_log, reference
from data_access.months import last_day, month_of, parse_month
from metrics.alert_history import alert_streaks
from metrics.pilot import pilot_weeks
from metrics.review import monthly_review
from metrics.settings import Settings

from .channels import Channel, Message, SendError
from .digest import (Attachment, Digest, committee_digest, head_digest, marketing_digest,
                     test_digest)
from .recipients import GROUP, Recipient, group_recipient

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Period:
    key: str                 # what the send log is keyed by: YYYY-MM or YYYY-Www
    month: str               # the month of the head and committee digests
    monday: dt.date          # the week of the marketing digest
    sunday: dt.date

    def week_label(self) -> str:
        y, w, _ = self.monday.isocalendar()
        return f"{y}-W{w:02d} ({self.monday:%m-%d} – {self.sunday:%m-%d})"


def parse_week(text: str) -> dt.date:
    """YYYY-Www -> that ISO week's Monday."""
    try:
        year, week = text.split("-W")
        return dt.date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO week like 2026-W49") from None


def period_of(month: str | None, week: str | None, today: dt.date) -> Period:
    """--week alone: that week, the month of its Sunday; --month alone: the month, and the
    week holding its last day (yesterday for the month in progress); neither: the last
    complete week (a Monday-morning run reports the week just ended)."""
    if month is not None:
        parse_month(month)
    if week is not None:
        monday = parse_week(week)
    elif month is not None:
        end = min(last_day(month), today - dt.timedelta(days=1))
        monday = end - dt.timedelta(days=end.weekday())
    else:
        monday = today - dt.timedelta(days=today.weekday() + 7)
    sunday = monday + dt.timedelta(days=6)
    y, w, _ = monday.isocalendar()
    key = f"{y}-W{w:02d}" if week is not None or month is None else month
    return Period(key, month or month_of(sunday), monday, sunday)


def ledger_key(recipient: Recipient) -> str:
    return f"{recipient.kind}:{recipient.username}"


# --- digests of a period --------------------------------------------------------------------

def pilot_week_rows(engine: Engine, period: Period, today: dt.date) -> list[dict]:
    """Pilot departments' week: actual and weekly target per metric, summed over the
    week's parts (a week crossing a month end is two parts in metrics.pilot)."""
    pilots = [d for d in reference.departments(engine) if d.in_pilot]
    months = sorted({month_of(period.monday), month_of(period.sunday)})
    rows = pilot_weeks(engine, months, pilots, reference.targets(engine, months), today)
    out: dict[tuple[str, str], dict] = {}
    for r in rows:
        if r["week"] != period.monday:
            continue
        row = out.setdefault((r["department_id"], r["metric"]), {
            "department_id": r["department_id"], "name": r["name"], "metric": r["metric"],
            "actual": None, "target": None})
        if r["actual"] is not None:
            row["actual"] = (row["actual"] or 0) + r["actual"]
        if r["target"] is not None:
            row["target"] = (row["target"] or 0) + r["target"]
    return list(out.values())


def data_as_of(review):
    """The day the review's data reach (metrics.coverage), None for a month without data."""
    return review.coverage.data_as_of if review.coverage else None


def review_attachment(engine: Engine, review, lang: str, settings: Settings) -> Attachment:
    """The committee's attachment: the meeting deck, or the review pack where the deck
    cannot be drawn (no Chinese font on the server)."""
    from exports.deck import MIME, deck_bytes
    from exports.fonts import FontMissing
    try:
        return Attachment(f"review-{review.month}.pptx", MIME["pptx"],
                          deck_bytes(engine, review.month, lang, "pptx", settings,
                                     review=review))
    except FontMissing:
        from exports.review_pack import review_pack
        return Attachment(f"review-{review.month}.xlsx", XLSX, review_pack(review, lang))


def build_digests(engine: Engine, period: Period, people: list[Recipient], settings: Settings,
                  base_url: str, today: dt.date, *, groups: bool = True,
                  attachments: bool = True) -> list[Digest]:
    """Every recipient's digest of the period, plus the group robots' company digest."""
    review = monthly_review(engine, period.month, settings, today)
    span = reference.data_span(engine)
    streaks = alert_streaks(engine, review, settings, span[0] if span else None, today)
    records = followups.records(engine)
    default_lang = settings.text("app.default_language")
    out: list[Digest] = []
    pilot_rows = None
    for person in people:
        if person.kind == "head":
            out.append(head_digest(person, review, streaks, records, period.key, base_url))
        elif person.kind == "committee":
            extra = ((review_attachment(engine, review, person.lang, settings),)
                     if attachments else ())
            out.append(committee_digest(person, review, streaks, records, period.key, base_url,
                                        data_as_of(review), extra))
        elif person.kind == "marketing":
            if pilot_rows is None:
                pilot_rows = pilot_week_rows(engine, period, today)
            out.append(marketing_digest(person, period.week_label(), pilot_rows, period.key,
                                        base_url))
    if groups:
        group = group_recipient(default_lang)
        out.append(committee_digest(group, review, streaks, records, period.key, base_url,
                                    data_as_of(review)))
    return out


# --- sending ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    recipient: str
    channel: str
    part: int
    parts: int
    status: str              # sent | failed | skipped | uncertain | no_address | dry_run
    detail: str = ""


def _fits(channel: Channel, digest: Digest) -> bool:
    return (channel.audience == "group") == (digest.recipient.username == GROUP)


def send(engine: Engine, digests: list[Digest], channels: dict[str, Channel], *,
         dry_run: bool = False, resend: bool = False,
         out: Callable[[str], None] = print) -> list[Outcome]:
    run_id = uuid.uuid4().hex
    outcomes: list[Outcome] = []
    for digest in digests:
        who = ledger_key(digest.recipient)
        for name, channel in channels.items():
            if not _fits(channel, digest):
                continue
            address = channel.address(digest.recipient)
            if not address:
                outcomes.append(Outcome(who, name, 0, 0, "no_address"))
                continue
            messages = channel.messages(digest)
            for message in messages:
                if dry_run:
                    out(_preview(who, name, address, message))
                    outcomes.append(Outcome(who, name, message.part, message.parts, "dry_run"))
                    continue
                outcomes.append(_send_part(engine, run_id, digest, who, name, channel,
                                           address, message, resend))
                o = outcomes[-1]
                out(f"{o.status:10} {name:12} {who} {o.part}/{o.parts} {o.detail}".rstrip())
    return outcomes


def _send_part(engine: Engine, run_id: str, digest: Digest, who: str, name: str,
               channel: Channel, address: str, message: Message, resend: bool) -> Outcome:
    def outcome(status: str, detail: str = "") -> Outcome:
        return Outcome(who, name, message.part, message.parts, status, detail)

    last = notify_log.latest(engine, who, name, digest.period, message.part)
    if last is not None and not resend:
        if last["status"] == "sent":
            return outcome("skipped", "sent before")
        if last["status"] == "pending":
            return outcome("uncertain", f"a run stopped while sending (log #{last['id']}); "
                                        "check the recipient, then --resend")
    attempt = last["attempt"] + 1 if last else 1
    send_id = notify_log.begin(engine, run_id=run_id, recipient=who, channel=name,
                               period=digest.period, kind=digest.kind, part=message.part,
                               parts=message.parts, attempt=attempt,
                               digest_hash=digest.hash, address=address)
    if send_id is None:
        return outcome("skipped", "another run is sending it")
    try:
        detail = channel.deliver(address, message)
    except SendError as exc:
        notify_log.finish(engine, send_id, "failed", exc.detail)
        return outcome("failed", exc.detail)
    except Exception as exc:       # noqa: BLE001 - unexpected: whether it left is unknown
        notify_log.note(engine, send_id, f"{type(exc).__name__}: {exc}")
        return outcome("uncertain", f"{type(exc).__name__}: {exc} (log #{send_id})")
    notify_log.finish(engine, send_id, "sent", detail)
    return outcome("sent", detail)


def _preview(who: str, name: str, address: str, message: Message) -> str:
    head = f"===== {name} → {who} <{address}> part {message.part}/{message.parts}"
    attached = "".join(f"\n[attachment] {a.filename} ({len(a.data)} bytes)"
                       for a in message.attachments)
    return f"{head}\n{message.subject}\n{message.text}{attached}\n"


def send_test(engine: Engine, channel: Channel, recipient: Recipient, base_url: str,
              at: dt.datetime | None = None) -> Outcome:
    """The Administration page's test message: logged like any send (period "test")."""
    digest = test_digest(recipient, base_url, at or dt.datetime.now().replace(microsecond=0))
    address = channel.address(recipient)
    if not address:
        return Outcome(ledger_key(recipient), channel.name, 0, 0, "no_address")
    message = channel.messages(digest)[0]
    return _send_part(engine, uuid.uuid4().hex, digest, ledger_key(recipient), channel.name,
                      channel, address, message, resend=True)
