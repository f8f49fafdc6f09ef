"""The WeCom calls the sync makes, each in its documented request and answer shape.

Directory (通讯录, the contacts secret; the way open to apps since 2022-08):
    GET  /cgi-bin/department/simplelist          -> department_id: [{id, parentid, order}]
    GET  /cgi-bin/department/get?id=ID           -> department: {id, name, name_en,
                                                    department_leader: [userid], parentid, order}
    POST /cgi-bin/user/list_id {cursor, limit}   -> next_cursor, dept_user: [{userid, department}]
    GET  /cgi-bin/user/get?userid=ID             -> userid, name, department: [id],
                                                    main_department, position, status
Customer contact (客户联系, the customer app's secret):
    GET  /cgi-bin/externalcontact/get_follow_user_list       -> follow_user: [userid]
    POST /cgi-bin/externalcontact/get_moment_list
         {start_time, end_time, creator, filter_type, cursor, limit<=20}
         -> next_cursor, moment_list: [{moment_id, creator, create_time, create_type,
            visible_type, text: {content}, link: {title, url}, ...}]
    POST /cgi-bin/externalcontact/get_moment_task {moment_id, cursor, limit<=1000}
         -> next_cursor, task_list: [{userid, publish_status}]
    POST /cgi-bin/externalcontact/get_moment_send_result
         {moment_id, userid, cursor, limit<=5000} -> next_cursor, customer_list: [{external_userid}]
    POST /cgi-bin/externalcontact/get_groupmsg_list_v2
         {chat_type "single", start_time, end_time, filter_type, cursor, limit<=100}
         -> next_cursor, group_msg_list: [{msgid, creator, create_time, create_type, text,
            attachments: [{msgtype, link: {title, url}}]}]
    POST /cgi-bin/externalcontact/get_groupmsg_task {msgid, cursor, limit<=1000}
         -> next_cursor, task_list: [{userid, status (0 not sent, 2 sent), send_time}]
    POST /cgi-bin/externalcontact/get_groupmsg_send_result {msgid, userid, cursor, limit<=1000}
         -> next_cursor, send_list: [{external_userid, chat_id, userid, status (1 sent),
            send_time}]
An empty next_cursor ends a list. get_moment_list and get_groupmsg_list_v2 span at most
30 days per call here (the documented limit is a month).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator

from wecom import WeComClient, WeComError

MOMENT_SPAN_S = 30 * 86400     # get_moment_list: start_time to end_time at most 30 days
MOMENT_PAGE = 20               # get_moment_list: limit at most 20
TASK_PAGE = 1000               # get_moment_task: limit at most 1000
SEND_RESULT_PAGE = 5000        # get_moment_send_result: limit at most 5000
MEMBER_PAGE = 10000            # user/list_id: limit at most 10000
GROUPMSG_PAGE = 100            # get_groupmsg_list_v2: limit at most 100
GROUPMSG_TASK_PAGE = 1000      # get_groupmsg_task: limit at most 1000
GROUPMSG_RESULT_PAGE = 1000    # get_groupmsg_send_result: limit at most 1000
FILTER_ALL = 2                 # filter_type: 0 company, 1 personal, 2 both
PUBLISHED = 1                  # get_moment_task publish_status: 0 not yet, 1 published
TASK_SENT = 2                  # get_groupmsg_task status: 0 not sent, 2 sent
CUSTOMER_SENT = 1              # get_groupmsg_send_result status: 1 sent (2, 3: failed)


def pages(call: Callable[[str], dict], path: str) -> Iterator[dict]:
    """Each answer of a cursor-paged list, the cursor followed until it comes back empty."""
    cursor, seen = "", set()
    while True:
        answer = call(cursor)
        yield answer
        cursor = str(answer.get("next_cursor") or "")
        if not cursor:
            return
        if cursor in seen:   # a server repeating itself must not keep the sync forever
            raise WeComError(path, None, f"the cursor {cursor!r} came back a second time")
        seen.add(cursor)


def windows(start: int, end: int, span: int = MOMENT_SPAN_S) -> list[tuple[int, int]]:
    """[start, end) in pieces of at most `span` seconds, as inclusive (start_time, end_time)."""
    out = []
    while start < end:
        stop = min(start + span, end)
        out.append((start, stop - 1))
        start = stop
    return out


class Fetcher:
    def __init__(self, contacts: WeComClient, customer: WeComClient):
        self.contacts, self.customer = contacts, customer

    # --- directory -------------------------------------------------------------------
    def department_tree(self) -> list[dict]:
        return list(self.contacts.get("/cgi-bin/department/simplelist").get("department_id")
                    or [])

    def department(self, department_id: int) -> dict:
        return dict(self.contacts.get("/cgi-bin/department/get",
                                      {"id": department_id}).get("department") or {})

    def member_ids(self) -> list[str]:
        path = "/cgi-bin/user/list_id"
        ids: dict[str, None] = {}
        for answer in pages(lambda c: self.contacts.post(path, {"cursor": c,
                                                                "limit": MEMBER_PAGE}), path):
            for row in answer.get("dept_user") or []:   # one row per (member, department)
                ids.setdefault(str(row["userid"]), None)
        return list(ids)

    def member(self, userid: str) -> dict:
        return self.contacts.get("/cgi-bin/user/get", {"userid": userid})

    # --- customer contact ------------------------------------------------------------
    def follow_users(self) -> set[str]:
        answer = self.customer.get("/cgi-bin/externalcontact/get_follow_user_list")
        return {str(u) for u in answer.get("follow_user") or []}

    def moments(self, start: int, end: int) -> list[dict]:
        """Every moment created in [start, end) (Unix seconds), company and personal."""
        path = "/cgi-bin/externalcontact/get_moment_list"
        found: dict[str, dict] = {}
        for first, last in windows(start, end):
            body = {"start_time": first, "end_time": last, "filter_type": FILTER_ALL,
                    "limit": MOMENT_PAGE}
            for answer in pages(lambda c: self.customer.post(path, dict(body, cursor=c)), path):
                for moment in answer.get("moment_list") or []:
                    found.setdefault(str(moment["moment_id"]), moment)
        return list(found.values())

    def publishers(self, moment_id: str) -> list[str]:
        """Members who published a company moment (its task list, publish_status 1)."""
        path = "/cgi-bin/externalcontact/get_moment_task"
        out: dict[str, None] = {}
        for answer in pages(lambda c: self.customer.post(path, {
                "moment_id": moment_id, "cursor": c, "limit": TASK_PAGE}), path):
            for task in answer.get("task_list") or []:
                if int(task.get("publish_status") or 0) == PUBLISHED:
                    out.setdefault(str(task["userid"]), None)
        return list(out)

    def reach(self, moment_id: str, userid: str) -> int:
        """Customers the member's moment was delivered to (get_moment_send_result)."""
        path = "/cgi-bin/externalcontact/get_moment_send_result"
        customers: set[str] = set()
        for answer in pages(lambda c: self.customer.post(path, {
                "moment_id": moment_id, "userid": userid, "cursor": c,
                "limit": SEND_RESULT_PAGE}), path):
            customers.update(str(c["external_userid"]) for c in answer.get("customer_list") or [])
        return len(customers)

    # --- group sends to customers (群发, chat_type single) ------------------------------
    def group_sends(self, start: int, end: int) -> list[dict]:
        """Every send to single customers created in [start, end) (Unix seconds)."""
        path = "/cgi-bin/externalcontact/get_groupmsg_list_v2"
        found: dict[str, dict] = {}
        for first, last in windows(start, end):
            body = {"chat_type": "single", "start_time": first, "end_time": last,
                    "filter_type": FILTER_ALL, "limit": GROUPMSG_PAGE}
            for answer in pages(lambda c: self.customer.post(path, dict(body, cursor=c)), path):
                for msg in answer.get("group_msg_list") or []:
                    found.setdefault(str(msg["msgid"]), msg)
        return list(found.values())

    def senders(self, msgid: str) -> dict[str, int]:
        """Members who sent it (task status 2) -> their send_time."""
        path = "/cgi-bin/externalcontact/get_groupmsg_task"
        out: dict[str, int] = {}
        for answer in pages(lambda c: self.customer.post(path, {
                "msgid": msgid, "cursor": c, "limit": GROUPMSG_TASK_PAGE}), path):
            for task in answer.get("task_list") or []:
                if int(task.get("status") or 0) == TASK_SENT:
                    out.setdefault(str(task["userid"]), int(task.get("send_time") or 0))
        return out

    def sent_to(self, msgid: str, userid: str) -> int:
        """Customers the member's send actually reached (send_list status 1)."""
        path = "/cgi-bin/externalcontact/get_groupmsg_send_result"
        customers: set[str] = set()
        for answer in pages(lambda c: self.customer.post(path, {
                "msgid": msgid, "userid": userid, "cursor": c,
                "limit": GROUPMSG_RESULT_PAGE}), path):
            customers.update(str(r["external_userid"]) for r in answer.get("send_list") or []
                             if int(r.get("status") or 0) == CUSTOMER_SENT
                             and r.get("external_userid"))
        return len(customers)
