"""WeCom's directory and moments -> rows of the tracking contract (docs/wecom.md).

Pure functions over what was fetched and what the database holds: no calls, no writes.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from data_access.contract import TABLES

CHANNEL = "wecom_moments"
GROUP_SEND_CHANNEL = "wecom_group_send"
STATUS_ACTIVE, STATUS_DISABLED, STATUS_NOT_ACTIVATED, STATUS_LEFT = 1, 2, 4, 5
COMPANY_MOMENT = 0          # get_moment_list create_type: 0 company, 1 personal


@dataclass
class Tree:
    """The department tree cut at a depth: each WeCom department -> its contract department."""
    root: int
    mapped: dict[int, int]            # WeCom department id -> contract department's WeCom id
    depth: dict[int, int]


def cut_tree(nodes: list[dict], depth: int) -> Tree:
    """`nodes` as department/simplelist gives them ({id, parentid}); the root is the one
    whose parent is not in the list. A department at `depth` (root = 0) is a contract
    department; deeper ones map to their ancestor there; shallower ones to themselves."""
    parent = {int(n["id"]): int(n.get("parentid") or 0) for n in nodes}
    roots = sorted(i for i, p in parent.items() if p not in parent)
    if not roots:
        raise ValueError("the department list has no root")
    levels: dict[int, int] = {}
    for start in parent:
        i, path = start, []
        while i not in levels:
            if parent[i] not in parent:      # a root
                levels[i] = 0
                break
            path.append(i)
            i = parent[i]
            if len(path) > len(parent):
                raise ValueError("the department list has a cycle")
        base = levels[i]
        for j in reversed(path):
            base += 1
            levels[j] = base
    mapped = {}
    for i in parent:
        j = i
        while levels[j] > depth:
            j = parent[j]
        mapped[i] = j
    return Tree(roots[0], mapped, levels)


def share_id(moment_id: str, userid: str, prefix: str = "wm") -> str:
    """Stable and short (the contract's ids hold 64 characters; moment ids and userids are
    long): the same moment (or group send, prefix "wg") and member give the same share on
    every run."""
    digest = hashlib.sha256(f"{moment_id}\n{userid}".encode()).hexdigest()[:32]
    return f"{prefix}-{digest}"


def send_url(msg: dict) -> str:
    """The first link attachment's url of a group send."""
    for a in msg.get("attachments") or []:
        if a.get("msgtype") == "link" and (a.get("link") or {}).get("url"):
            return normal_url(a["link"]["url"])
    return ""


def normal_url(url: str | None) -> str:
    """A link as compared with content.url: trimmed, without a trailing slash."""
    return (url or "").strip().rstrip("/")


def local_time(ts: int, tz: ZoneInfo) -> str:
    return dt.datetime.fromtimestamp(int(ts), tz).strftime("%Y-%m-%d %H:%M:%S")


def csv_bytes(table: str, rows: list[dict]) -> tuple[str, bytes]:
    columns = [c for c in TABLES[table].column_names]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows([{c: r.get(c, "") for c in columns} for r in rows])
    return f"{table}.csv", out.getvalue().encode("utf-8")


@dataclass
class Stored:
    """What the database holds that the mapping keeps (read by wecom_sync.run)."""
    departments: dict[str, dict] = field(default_factory=dict)   # id -> row (strings)
    employees: dict[str, dict] = field(default_factory=dict)     # id -> row (strings)
    content_by_url: dict[str, str] = field(default_factory=dict)  # normal url -> content_id


def _day(d: dt.date | None) -> str:
    return d.isoformat() if d else ""


def text(value) -> str:
    """A stored value as the import format writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def department_rows(tree: Tree, details: dict[int, dict], used: set[int], stored: Stored,
                    leaders_in: set[str]) -> tuple[list[dict], dict[str, list[str]]]:
    """One row per contract department used (names from WeCom, in_pilot kept), and the
    leaders of each (department_leader, for sign-in)."""
    rows, leaders = [], {}
    with_head = "head_employee_id" in TABLES["departments"].column_names
    for wid in sorted(used):
        d = details.get(wid, {})
        did = str(wid)
        kept = stored.departments.get(did, {})
        row = {"department_id": did, "name": str(d.get("name") or kept.get("name") or did),
               "in_pilot": kept.get("in_pilot") or "false"}
        heads = [str(u) for u in d.get("department_leader") or []]
        leaders[did] = heads
        if with_head:
            known = [u for u in heads if u in leaders_in]
            row["head_employee_id"] = known[0] if known else kept.get("head_employee_id", "")
        rows.append(row)
    return rows, leaders
