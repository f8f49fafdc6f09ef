"""A made-up company behind FakeWeCom: its directory and customer moments, served by the
documented endpoints in the documented shapes (see wecom_sync/fetch.py for the fields),
with cursors over pages deliberately small so every list takes several pages.

Directory endpoints answer only the contacts app and customer-contact endpoints only the
customer app (48002 "api forbidden" otherwise), as WeCom does for secrets without the right.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from tests.fakes.wecom import FakeError, FakeWeCom

SHANGHAI = ZoneInfo("Asia/Shanghai")


def ts(text: str) -> int:
    """'2026-05-04 10:00' in Shanghai time -> Unix seconds."""
    return int(dt.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI).timestamp())


@dataclass
class Moment:
    moment_id: str
    creator: str
    created: str                       # Shanghai time
    company: bool = False              # create_type 0 (company) or 1 (personal)
    url: str | None = None
    tasks: dict[str, int] = field(default_factory=dict)           # userid -> publish_status
    customers: dict[str, list[str]] = field(default_factory=dict)  # userid -> external ids


@dataclass
class GroupSend:
    msgid: str
    creator: str
    created: str                       # Shanghai time
    chat_type: str = "single"          # single: to customers; group: to customer groups
    company: bool = True
    url: str | None = None
    tasks: dict[str, tuple[int, str | None]] = field(default_factory=dict)  # userid -> (status, sent at)
    results: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # userid -> [(external id, status)]


@dataclass
class FakeCompany:
    departments: list[dict] = field(default_factory=list)   # department/get shapes
    members: dict[str, dict] = field(default_factory=dict)  # user/get shapes
    follow: set[str] = field(default_factory=set)
    moments: list[Moment] = field(default_factory=list)
    sends: list[GroupSend] = field(default_factory=list)
    page: int = 2                                           # items per page, at most

    def install(self, fake: FakeWeCom) -> None:
        r = fake.route
        r("/cgi-bin/department/simplelist", self._app("contacts", self.simplelist))
        r("/cgi-bin/department/get", self._app("contacts", self.department_get))
        r("/cgi-bin/user/list_id", self._app("contacts", self.list_id))
        r("/cgi-bin/user/get", self._app("contacts", self.user_get))
        r("/cgi-bin/externalcontact/get_follow_user_list",
          self._app("customer", lambda q, b: {"follow_user": sorted(self.follow)}))
        r("/cgi-bin/externalcontact/get_moment_list", self._app("customer", self.moment_list))
        r("/cgi-bin/externalcontact/get_moment_task", self._app("customer", self.moment_task))
        r("/cgi-bin/externalcontact/get_moment_send_result",
          self._app("customer", self.send_result))
        r("/cgi-bin/externalcontact/get_groupmsg_list_v2", self._app("customer", self.groupmsg_list))
        r("/cgi-bin/externalcontact/get_groupmsg_task", self._app("customer", self.groupmsg_task))
        r("/cgi-bin/externalcontact/get_groupmsg_send_result",
          self._app("customer", self.groupmsg_send_result))

    @staticmethod
    def _app(app, handler):
        def guarded(q, b):
            if q.get("_app") != app:
                raise FakeError(48002, "api forbidden")
            return handler(q, b)
        return guarded

    def _paged(self, items: list, body: dict, key: str, limit_max: int) -> dict:
        limit = int(body.get("limit") or limit_max)
        if limit > limit_max:
            raise FakeError(40058, f"limit must not exceed {limit_max}")
        cursor = str(body.get("cursor") or "")
        start = int(cursor[1:]) if cursor else 0
        size = min(limit, self.page)
        chunk = items[start:start + size]
        nxt = f"c{start + size}" if start + size < len(items) else ""
        return {key: chunk, "next_cursor": nxt}

    # --- directory ----------------------------------------------------------------------
    def simplelist(self, q, b):
        return {"department_id": [{"id": d["id"], "parentid": d["parentid"],
                                   "order": d.get("order", 0)} for d in self.departments]}

    def department_get(self, q, b):
        for d in self.departments:
            if str(d["id"]) == q.get("id"):
                return {"department": {"name_en": "", "department_leader": [], "order": 0, **d}}
        raise FakeError(60123, "invalid party id")

    def list_id(self, q, b):
        rows = [{"userid": u, "department": dep} for u, m in sorted(self.members.items())
                for dep in m["department"]]
        return self._paged(rows, b, "dept_user", 10000)

    def user_get(self, q, b):
        m = self.members.get(q.get("userid", ""))
        if m is None:
            raise FakeError(60111, "invalid string value `userid`")
        return {"userid": q["userid"], "order": [0] * len(m["department"]), "position": "",
                "main_department": m["department"][0], "status": 1, **m}

    # --- customer moments ---------------------------------------------------------------
    def moment_list(self, q, b):
        start, end = int(b["start_time"]), int(b["end_time"])
        if end - start > 30 * 86400:
            raise FakeError(40058, "the time span must not exceed 30 days")
        if "filter_type" in b and int(b["filter_type"]) not in (0, 1, 2):
            raise FakeError(40058, "invalid filter_type")
        kind = int(b.get("filter_type", 2))
        found = [m for m in self.moments if start <= ts(m.created) <= end
                 and (kind == 2 or kind == (0 if m.company else 1))
                 and (not b.get("creator") or b["creator"] == m.creator)]
        rows = [{"moment_id": m.moment_id, "creator": m.creator, "create_time": ts(m.created),
                 "create_type": 0 if m.company else 1, "visible_type": 1,
                 "text": {"content": "…"},
                 **({"link": {"title": "link", "url": m.url}} if m.url else {})}
                for m in sorted(found, key=lambda m: ts(m.created))]
        return self._paged(rows, b, "moment_list", 20)

    def _moment(self, b) -> Moment:
        for m in self.moments:
            if m.moment_id == b.get("moment_id"):
                return m
        raise FakeError(41058, "invalid moment id")

    def moment_task(self, q, b):
        m = self._moment(b)
        if not m.company:
            raise FakeError(41058, "not a moment created by the company")
        rows = [{"userid": u, "publish_status": s} for u, s in sorted(m.tasks.items())]
        return self._paged(rows, b, "task_list", 1000)

    def send_result(self, q, b):
        m = self._moment(b)
        rows = [{"external_userid": c} for c in m.customers.get(b.get("userid", ""), [])]
        return self._paged(rows, b, "customer_list", 5000)

    # --- group sends --------------------------------------------------------------------
    def groupmsg_list(self, q, b):
        start, end = int(b["start_time"]), int(b["end_time"])
        if end - start > 31 * 86400:
            raise FakeError(40058, "the time span must not exceed a month")
        chat_type = b.get("chat_type", "single")
        kind = int(b.get("filter_type", 2))
        found = [g for g in self.sends if start <= ts(g.created) <= end
                 and g.chat_type == chat_type
                 and (kind == 2 or kind == (0 if g.company else 1))]
        rows = [{"msgid": g.msgid, "creator": g.creator, "create_type": 0 if g.company else 1,
                 "create_time": ts(g.created), "text": {"content": "…"},
                 "attachments": ([{"msgtype": "link",
                                   "link": {"title": "link", "picurl": "", "desc": "",
                                            "url": g.url}}] if g.url else [])}
                for g in sorted(found, key=lambda g: ts(g.created))]
        return self._paged(rows, b, "group_msg_list", 100)

    def _send(self, b) -> GroupSend:
        for g in self.sends:
            if g.msgid == b.get("msgid"):
                return g
        raise FakeError(41063, "invalid msgid")

    def groupmsg_task(self, q, b):
        g = self._send(b)
        rows = [{"userid": u, "status": st, **({"send_time": ts(at)} if at else {})}
                for u, (st, at) in sorted(g.tasks.items())]
        return self._paged(rows, b, "task_list", 1000)

    def groupmsg_send_result(self, q, b):
        g = self._send(b)
        sent_at = (g.tasks.get(b.get("userid", "")) or (0, None))[1]
        rows = [{"external_userid": x, "userid": b.get("userid"), "status": st,
                 **({"send_time": ts(sent_at)} if sent_at and st == 1 else {})}
                for x, st in g.results.get(b.get("userid", ""), [])]
        return self._paged(rows, b, "send_list", 1000)


def example_company() -> FakeCompany:
    """示例科技: a root, three departments (Sales with two levels below it), eight people."""
    c = FakeCompany()
    c.departments = [
        {"id": 1, "name": "示例科技", "parentid": 0},
        {"id": 2, "name": "销售部", "parentid": 1, "department_leader": ["zhangwei"]},
        {"id": 21, "name": "华东销售", "parentid": 2, "department_leader": ["wangfang"]},
        {"id": 211, "name": "上海组", "parentid": 21},
        {"id": 3, "name": "市场部", "parentid": 1, "department_leader": ["lina", "liuyang"]},
        {"id": 4, "name": "客服部", "parentid": 1},
    ]
    c.members = {
        "zhangwei": {"name": "张伟", "department": [2], "position": "销售总监", "status": 1},
        "wangfang": {"name": "王芳", "department": [21, 3], "main_department": 21,
                     "position": "客户经理", "status": 1},
        "liqiang": {"name": "李强", "department": [211], "position": "销售", "status": 1},
        "lina": {"name": "李娜", "department": [3], "position": "市场经理", "status": 1},
        "liuyang": {"name": "刘洋", "department": [3], "status": 4},     # not activated
        "chenjing": {"name": "陈静", "department": [4], "status": 2},    # disabled
        "boss": {"name": "老板", "department": [1], "position": "CEO", "status": 1},
        "outsider": {"name": "外围", "department": [4], "status": 1},    # no customer contact
    }
    c.follow = {"zhangwei", "wangfang", "liqiang", "lina", "liuyang", "chenjing", "boss"}
    c.moments = [
        Moment("mom-early", "lina", "2026-04-30 23:59", customers={"lina": ["x9"]}),
        Moment("mom-case", "marketing-admin", "2026-05-04 10:00", company=True,
               url="https://example.com/case/1/",
               tasks={"zhangwei": 1, "wangfang": 1, "liqiang": 0},
               customers={"zhangwei": ["x1", "x2", "x3"], "wangfang": ["x4", "x5"],
                          "liqiang": ["x6"]}),
        Moment("mom-lina", "lina", "2026-05-10 21:30", customers={"lina": ["x1", "x7", "x8",
                                                                           "x9"]}),
        Moment("mom-boss", "boss", "2026-05-31 23:15", url="https://example.com/other",
               customers={"boss": ["x2"]}),
        Moment("mom-june", "boss", "2026-06-01 00:00", customers={"boss": ["x3"]}),
    ]
    c.sends = [
        # to single customers: zhangwei sent it on the 12th to x1 and x2 (x3 failed: not a
        # friend any more); liqiang has not sent it
        GroupSend("gs-case", "marketing-admin", "2026-05-12 09:00",
                  url="https://example.com/case/1",
                  tasks={"zhangwei": (2, "2026-05-12 11:30"), "liqiang": (0, None)},
                  results={"zhangwei": [("x1", 1), ("x2", 1), ("x3", 2)],
                           "liqiang": [("x6", 0)]}),
        # to customer groups: no customers to count, never asked for
        GroupSend("gs-groups", "lina", "2026-05-13 09:00", chat_type="group", company=False,
                  tasks={"lina": (2, "2026-05-13 09:00")}, results={"lina": [("", 1)]}),
    ]
    return c
