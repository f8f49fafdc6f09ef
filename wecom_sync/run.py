"""One sync run: fetch everything, map it, and hand it to the importer in one transaction.

Nothing is written until every call has answered: the rows go through
data_access.importing.import_files (every contract rule, all or nothing, the rollup refresh
in the same transaction, an import_runs record with source "wecom <from>..<to>"), and the
sync state (the window's last day, department leaders, who the sync placed) is written in
that same transaction. A failed call, a refused import or a crash leaves the tracking
tables as they were; a failed run is still recorded in the import history as refused.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection, Engine, select

from data_access.importing import format_problem, import_files
from data_access.importing.runs import now, record_run
from data_access.models import Content, Department, Employee
from data_access.sync_state import Checkpoint, State, read_state, write_state
from metrics.settings import load_settings
from wecom import WeComClient, WeComConfigError, WeComError, WeComSettings

from . import mapping
from .fetch import Fetcher
from .pacing import Pacer

log = logging.getLogger(__name__)

SOURCE = "wecom"
FIRST_SYNC_DAYS = 30          # a first sync without dates covers the last 30 days
Progress = Callable[[str], None]
NEWLINE = b"\n"


@dataclass
class SyncResult:
    ok: bool
    exit_code: int                       # 0 done, 1 failed (nothing written), 2 configuration
    start: dt.date | None = None
    end: dt.date | None = None
    counts: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    run_id: int | None = None
    calls: int = 0
    # the warnings for a translated display: (kind, {count, ids}); kinds in WARNINGS
    notes: list[tuple[str, dict]] = field(default_factory=list)


WARNINGS = {
    "outside_range": "{count} active directory member(s) are not among the customer app's "
                     "members with customer contact (its visible range): their Moments cannot "
                     "be read ({ids})",
    "unknown_publishers": "{count} member(s) who published moments are neither in the "
                          "directory nor in the database; their shares were left out ({ids})",
}


def note(kind: str, ids: list[str]) -> tuple[str, dict]:
    shown = ", ".join(ids[:5]) + (", ..." if len(ids) > 5 else "")
    return kind, {"count": len(ids), "ids": shown}


class SyncConfigError(Exception):
    """A setting or an argument is wrong; `variable` names it."""

    def __init__(self, variable: str, detail: str):
        self.variable = variable
        super().__init__(f"{variable}: {detail}")


def _timezone(settings) -> ZoneInfo:
    name = str(settings.values.get("app.timezone") or "Asia/Shanghai")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise SyncConfigError("app.timezone", f"{name!r} is not a known time zone") from exc


def _depth(settings) -> int:
    value = settings.values.get("wecom.department_depth", 1)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SyncConfigError("wecom.department_depth",
                              f"must be a whole number 1 or more, not {value!r}")
    return value


def window(state: State, start: dt.date | None, end: dt.date | None,
           today: dt.date) -> tuple[dt.date, dt.date]:
    """The days to sync, both inclusive (see the module docs of wecom_sync)."""
    if end is None:
        end = today
    if start is None:
        start = (state.last_end + dt.timedelta(days=1) if state.last_end
                 else end - dt.timedelta(days=FIRST_SYNC_DAYS - 1))
        start = min(start, end)       # nothing new since the last run: that day again
    if start > end:
        raise SyncConfigError("--from", f"{start} is after --to {end}")
    return start, end


def _stored(conn: Connection) -> mapping.Stored:
    s = mapping.Stored()
    for r in conn.execute(select(Department)).mappings():
        s.departments[r["department_id"]] = {
            "name": r["name"], "in_pilot": "true" if r["in_pilot"] else "false",
            **({"head_employee_id": r["head_employee_id"] or ""}
               if "head_employee_id" in r else {})}
    for r in conn.execute(select(Employee)).mappings():
        s.employees[r["employee_id"]] = dict(r)
    for cid, url in conn.execute(select(Content.content_id, Content.url)
                                 .where(Content.url.is_not(None))):
        s.content_by_url.setdefault(mapping.normal_url(url), cid)
    return s


def _clients(config: WeComSettings, sleep=None, before_call=None) -> tuple[WeComClient, WeComClient]:
    extra = {"sleep": sleep} if sleep is not None else {}
    contacts = WeComClient(config.corp_id, config.contacts_secret, config.api_base,
                           secret_name="WECOM_CONTACTS_SECRET", before_call=before_call, **extra)
    customer = WeComClient(config.corp_id, config.customer_secret, config.api_base,
                           secret_name="WECOM_CUSTOMER_SECRET", before_call=before_call, **extra)
    return contacts, customer


def sync_wecom(engine: Engine, start: dt.date | None = None, end: dt.date | None = None, *,
               today: dt.date | None = None, progress: Progress = print,
               imported_by: str | None = None, config: WeComSettings | None = None,
               sleep=None, pacer: Pacer | None = None) -> SyncResult:
    """Sync the directory and the customer moments of [start, end] (company-local dates).
    Calls are paced inside WeCom's per-API limits (`pacer`, shared by both secrets: the
    limits are per company)."""
    started = now()
    try:
        config = config or WeComSettings.load()
        config.require("contacts_secret", "customer_secret")
        settings = load_settings(engine)
        tz, depth = _timezone(settings), _depth(settings)
        today = today or dt.datetime.now(tz).date()
        state = read_state(engine, SOURCE)
        start, end = window(state, start, end, today)
    except WeComConfigError as exc:
        return SyncResult(False, 2, problems=[f"set {', '.join(exc.variables)}"
                                              + (f" ({exc.detail})" if exc.detail else "")])
    except SyncConfigError as exc:
        return SyncResult(False, 2, problems=[str(exc)])
    source = f"{SOURCE} {start.isoformat()}..{end.isoformat()}"
    contacts, customer = _clients(config, sleep, pacer or Pacer())
    fetcher = Fetcher(contacts, customer)
    checkpoint = Checkpoint(engine, SOURCE, f"{start.isoformat()}..{end.isoformat()}")
    if checkpoint.resumed:
        progress(f"resuming: {checkpoint.resumed} answers of an interrupted run of this "
                 "window are reused")
    try:
        try:
            fetched = _fetch(fetcher, start, end, tz, depth, progress, checkpoint)
        finally:
            checkpoint.flush()      # what was fetched before a failure is kept for a rerun
    except WeComConfigError as exc:   # gettoken refused the corp id or a secret
        return _failed(engine, source, started, imported_by, 2, start, end,
                       f"WeCom refused the credentials: check {', '.join(exc.variables)}"
                       + (f" ({exc.detail})" if exc.detail else ""), contacts, customer)
    except WeComError as exc:
        return _failed(engine, source, started, imported_by, 1, start, end,
                       f"{exc}; nothing was written", contacts, customer)
    with engine.connect() as conn:
        stored = _stored(conn)
    files, new_state, notes = _map(fetched, stored, state, start, end, today, tz, depth)
    warnings = [WARNINGS[kind].format(**values) for kind, values in notes]
    for w in warnings:
        progress("warning: " + w)
    progress("importing " + ", ".join(f"{n} ({b.count(NEWLINE) - 1} rows)" for n, b in files))
    new_state.last_end = max(end, state.last_end) if state.last_end else end
    new_state.data["last_warnings"] = warnings

    def succeeded(conn) -> None:
        write_state(conn, SOURCE, new_state)
        checkpoint.clear(conn)

    result = import_files(engine, files, source=source, imported_by=imported_by,
                          on_success=succeeded)
    from data_access.audit import record_import
    record_import(engine, result, actor=imported_by or "wecom sync", source=source)
    calls = contacts.calls + customer.calls
    if not result.ok:
        return SyncResult(False, 1, start, end, problems=[format_problem(p)
                                                          for p in result.problems],
                          warnings=warnings, run_id=result.run_id, calls=calls, notes=notes)
    return SyncResult(True, 0, start, end, result.counts, [], warnings, result.run_id, calls,
                      notes)


def _failed(engine, source, started, imported_by, code, start, end, message, *clients):
    """A run that failed before anything could be imported: recorded as refused."""
    from data_access.audit import record_import
    from data_access.importing.report import ImportResult, Problem
    with engine.begin() as conn:
        run_id = record_run(conn, started_at=started, source=source, files=[], status="refused",
                            counts={}, error_count=1, imported_by=imported_by)
    record_import(engine, ImportResult(False, [Problem(source, None, None, None, message)],
                                       run_id=run_id),
                  actor=imported_by or "wecom sync", source=source)
    return SyncResult(False, code, start, end, problems=[message], run_id=run_id,
                      calls=sum(c.calls for c in clients))


@dataclass
class Fetched:
    tree: mapping.Tree
    details: dict[int, dict]
    members: dict[str, dict]
    follow: set[str]
    moments: list[dict]
    publishers: dict[str, list[str]]
    reach: dict[tuple[str, str], int]
    sends: list[dict] = field(default_factory=list)
    senders: dict[str, dict[str, int]] = field(default_factory=dict)   # msgid -> {userid: time}
    sent_to: dict[tuple[str, str], int] = field(default_factory=dict)


def _kept(checkpoint: Checkpoint, key: str, fetch):
    """An answer of the interrupted run, or fetched now and kept."""
    if key in checkpoint:
        return checkpoint.get(key)
    value = fetch()
    checkpoint.put(key, value)
    return value


def _fetch(f: Fetcher, start: dt.date, end: dt.date, tz: ZoneInfo, depth: int,
           progress: Progress, checkpoint: Checkpoint) -> Fetched:
    """Lists (the directory, the moments and sends of the window) are fetched afresh on
    every run; the per-item answers - who published or sent each, and whom it reached,
    one call per pair, by far the most calls - are kept in the checkpoint as they come."""
    progress("fetching the department tree (department/simplelist)")
    try:
        tree = mapping.cut_tree(f.department_tree(), depth)
    except ValueError as exc:
        raise WeComError("/cgi-bin/department/simplelist", None, str(exc)) from exc
    ids = f.member_ids()
    progress(f"fetching {len(ids)} members (user/list_id, user/get)")
    members = {}
    for i, userid in enumerate(ids, 1):
        members[userid] = f.member(userid)
        if i % 500 == 0:
            progress(f"  {i} of {len(ids)} members")
    # names and leaders of the departments that can become contract departments
    wanted = sorted(i for i, level in tree.depth.items() if level <= depth)
    details: dict[int, dict] = {}
    progress(f"fetching department details (department/get) for {len(wanted)} departments")
    for i in wanted:
        details[i] = f.department(i)
    progress("fetching the members with customer contact (get_follow_user_list)")
    follow = f.follow_users()
    t0 = int(dt.datetime.combine(start, dt.time(), tz).timestamp())
    t1 = int(dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tz).timestamp())
    progress(f"fetching customer moments {start}..{end} (get_moment_list)")
    moments = [m for m in f.moments(t0, t1) if t0 <= int(m.get("create_time") or 0) < t1]
    publishers: dict[str, list[str]] = {}
    reach: dict[tuple[str, str], int] = {}
    progress(f"fetching who published and whom it reached for {len(moments)} moments "
             "(get_moment_task, get_moment_send_result)")
    for i, m in enumerate(moments, 1):
        mid = str(m["moment_id"])
        if int(m.get("create_type") or 0) == mapping.COMPANY_MOMENT:
            publishers[mid] = _kept(checkpoint, f"publishers {mid}",
                                    lambda: f.publishers(mid))
        else:
            publishers[mid] = [str(m["creator"])] if m.get("creator") else []
        for userid in publishers[mid]:
            reach[(mid, userid)] = _kept(checkpoint, f"reach {mid} {userid}",
                                         lambda: f.reach(mid, userid))
        if i % 100 == 0:
            progress(f"  {i} of {len(moments)} moments")
    progress(f"fetching group sends to customers {start}..{end} (get_groupmsg_list_v2, "
             "get_groupmsg_task, get_groupmsg_send_result)")
    sends = [m for m in f.group_sends(t0, t1) if t0 <= int(m.get("create_time") or 0) < t1]
    senders: dict[str, dict[str, int]] = {}
    sent_to: dict[tuple[str, str], int] = {}
    for msg in sends:
        msgid = str(msg["msgid"])
        senders[msgid] = _kept(checkpoint, f"senders {msgid}", lambda: f.senders(msgid))
        for userid in senders[msgid]:
            sent_to[(msgid, userid)] = _kept(checkpoint, f"sent_to {msgid} {userid}",
                                             lambda: f.sent_to(msgid, userid))
    return Fetched(tree, details, members, follow, moments, publishers, reach, sends, senders,
                   sent_to)


def _date(value) -> dt.date | None:
    return value if isinstance(value, dt.date) else (dt.date.fromisoformat(value) if value else None)


def _map(fetched: Fetched, stored: mapping.Stored, state: State, start: dt.date, end: dt.date,
         today: dt.date, tz: ZoneInfo, depth: int):
    """The contract's files, the sync state to keep, and the warnings (docs/wecom.md)."""
    tree = fetched.tree
    data = dict(state.data)
    seen = set(data.get("members") or [])
    hired_by_sync = set(data.get("hired_by_sync") or [])
    left_by_sync = set(data.get("left_by_sync") or [])
    notes: list[tuple[str, dict]] = []
    employees: dict[str, dict] = {}
    used: set[int] = set()
    for userid, m in fetched.members.items():
        main = m.get("main_department") or (m.get("department") or [tree.root])[0]
        dep = tree.mapped.get(int(main), tree.root)
        used.add(dep)
        kept = stored.employees.get(userid) or {}
        status = int(m.get("status") or mapping.STATUS_ACTIVE)
        hired = _date(kept.get("hired_on"))
        if hired is None:                                 # no hiring date in WeCom
            hired = start
            hired_by_sync.add(userid)
        elif userid in hired_by_sync and start < hired:   # a backfill reaches further back
            hired = start
        left = _date(kept.get("left_on"))
        if status == mapping.STATUS_LEFT:
            if left is None:
                left = max(today, hired)
                left_by_sync.add(userid)
        elif userid in left_by_sync:                      # back in the directory
            left = None
            left_by_sync.discard(userid)
        activated = _date(kept.get("tools_activated_on"))
        if activated is None and status == mapping.STATUS_ACTIVE:
            activated = max(start, hired)
        employees[userid] = {
            "employee_id": userid, "name": str(m.get("name") or kept.get("name") or userid),
            "department_id": str(dep), "position": str(m.get("position") or ""),
            "hired_on": hired.isoformat(), "left_on": mapping._day(left),
            "tools_activated_on": mapping._day(activated)}
    gone = sorted(seen - set(fetched.members))     # members the sync listed before
    for userid in gone:
        kept = stored.employees.get(userid)
        if kept is None:
            continue
        left = _date(kept.get("left_on"))
        if left is None:
            left = max(today, _date(kept["hired_on"]))
            left_by_sync.add(userid)
        employees[userid] = {**{k: mapping.text(v) for k, v in kept.items()},
                             "left_on": left.isoformat()}
    used |= {i for i, level in tree.depth.items() if level == depth}
    departments, leaders = mapping.department_rows(tree, fetched.details, used, stored,
                                                   set(employees))
    active = {u for u, m in fetched.members.items()
              if int(m.get("status") or 1) == mapping.STATUS_ACTIVE}
    outside = sorted(active - fetched.follow)
    if outside:
        notes.append(note("outside_range", outside))
    shares, unknown = [], set()
    for m in sorted(fetched.moments, key=lambda m: (int(m.get("create_time") or 0),
                                                    str(m["moment_id"]))):
        mid = str(m["moment_id"])
        url = mapping.normal_url((m.get("link") or {}).get("url"))
        content_id = stored.content_by_url.get(url, "") if url else ""
        for userid in fetched.publishers.get(mid, []):
            if userid not in employees and userid not in stored.employees:
                unknown.add(userid)
                continue
            shares.append({"share_id": mapping.share_id(mid, userid), "employee_id": userid,
                           "content_id": content_id, "channel": mapping.CHANNEL,
                           "shared_at": mapping.local_time(m["create_time"], tz),
                           "reach": str(fetched.reach.get((mid, userid), 0)), "clicks": ""})
    for msg in sorted(fetched.sends, key=lambda m: (int(m.get("create_time") or 0),
                                                    str(m["msgid"]))):
        msgid = str(msg["msgid"])
        url = mapping.send_url(msg)
        content_id = stored.content_by_url.get(url, "") if url else ""
        for userid, sent_at in sorted(fetched.senders.get(msgid, {}).items()):
            if userid not in employees and userid not in stored.employees:
                unknown.add(userid)
                continue
            shares.append({"share_id": mapping.share_id(msgid, userid, "wg"),
                           "employee_id": userid, "content_id": content_id,
                           "channel": mapping.GROUP_SEND_CHANNEL,
                           "shared_at": mapping.local_time(sent_at or msg["create_time"], tz),
                           "reach": str(fetched.sent_to.get((msgid, userid), 0)),
                           "clicks": ""})
    if unknown:
        notes.append(note("unknown_publishers", sorted(unknown)))
    data.update({"members": sorted(seen | set(fetched.members)),
                 "hired_by_sync": sorted(hired_by_sync), "left_by_sync": sorted(left_by_sync),
                 "department_leaders": leaders,
                 "first_start": min(filter(None, [data.get("first_start"), start.isoformat()]))})
    files = [mapping.csv_bytes("departments", departments),
             mapping.csv_bytes("employees", sorted(employees.values(),
                                                   key=lambda r: r["employee_id"]))]
    if shares:
        files.append(mapping.csv_bytes("shares", shares))
    return files, State(None, data), notes

