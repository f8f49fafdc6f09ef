"""Fake group robots (pytest-httpserver on 127.0.0.1) answering in the documented shapes.

- WeCom group robot: POST /cgi-bin/webhook/send?key=K, {"msgtype": "markdown", ...};
  markdown content over 4096 bytes answers errcode 40058, an unknown key 93000.
- DingTalk custom robot: POST /robot/send?access_token=T&timestamp=MS&sign=S; the sign is
  checked the way DingTalk does (base64 HMAC-SHA256, key = secret, message =
  "timestamp\\nsecret", timestamp within an hour): a mismatch answers errcode 310000.
- Feishu custom bot: POST /open-apis/bot/v2/hook/H, {"timestamp", "sign", "msg_type",
  "content"}; sign = base64 HMAC-SHA256 keyed by "timestamp\\nsecret" over nothing, a
  mismatch answers code 19021; a body over 20 KB is refused with HTTP 400.

`fail_with(answer, times)` makes the next calls answer an error (a rate-limit errcode, say);
`received` holds every accepted message (query, body, raw size).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field

from werkzeug import Request, Response

from tests.fakes.loopback import LoopbackServer

PATHS = {"wecom_robot": "/cgi-bin/webhook/send", "dingtalk": "/robot/send",
         "feishu": "/open-apis/bot/v2/hook/fake-hook"}


@dataclass
class FakeRobot(LoopbackServer):
    kind: str                       # wecom_robot | dingtalk | feishu
    secret: str = ""
    token: str = "fake-token"
    received: list[dict] = field(default_factory=list)
    refused: list[dict] = field(default_factory=list)

    def __post_init__(self):
        self.failures: list[tuple[int | None, dict]] = []
        self.lock = threading.Lock()
        self._serve(PATHS[self.kind], self._dispatch, method="POST")

    @property
    def url(self) -> str:
        base = self.server.url_for(PATHS[self.kind])
        if self.kind == "wecom_robot":
            return f"{base}?key={self.token}"
        if self.kind == "dingtalk":
            return f"{base}?access_token={self.token}"
        return base

    def fail_with(self, answer: dict | None = None, times: int = 1,
                  status: int | None = None) -> None:
        self.failures += [(status, answer or {})] * times

    # --- serving ------------------------------------------------------------------------
    def _dispatch(self, request: Request) -> Response:
        raw = request.get_data()
        query = dict(request.args.items())
        with self.lock:
            failure = self.failures.pop(0) if self.failures else None
        if failure:
            status, answer = failure
            self.refused.append({"query": query, "answer": answer, "status": status})
            if status:
                return Response("busy", status=status)
            return self._json(answer)
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            return self._json(self._error(400, "invalid json"))
        answer = getattr(self, f"_check_{self.kind}")(query, body, raw)
        if answer is not None:
            self.refused.append({"query": query, "answer": answer, "status": None})
            if isinstance(answer, Response):
                return answer
            return self._json(answer)
        with self.lock:
            self.received.append({"query": query, "body": body, "size": len(raw)})
        return self._json({"code": 0, "msg": "success", "data": {}} if self.kind == "feishu"
                          else {"errcode": 0, "errmsg": "ok"})

    def _error(self, code, msg):
        return {"code": code, "msg": msg, "data": {}} if self.kind == "feishu" else \
            {"errcode": code, "errmsg": msg}

    def _check_wecom_robot(self, query, body, raw):
        if query.get("key") != self.token:
            return {"errcode": 93000, "errmsg": "invalid webhook url"}
        if body.get("msgtype") != "markdown":
            return {"errcode": 40008, "errmsg": "invalid message type"}
        if len(body["markdown"]["content"].encode()) > 4096:
            return {"errcode": 40058, "errmsg": "markdown.content exceed max length 4096"}
        return None

    def _check_dingtalk(self, query, body, raw):
        if query.get("access_token") != self.token:
            return {"errcode": 300001, "errmsg": "token is not exist"}
        if self.secret:
            ts = query.get("timestamp", "")
            expected = base64.b64encode(hmac.new(self.secret.encode(),
                                                 f"{ts}\n{self.secret}".encode(),
                                                 hashlib.sha256).digest()).decode()
            fresh = ts.isdigit() and abs(time.time() * 1000 - int(ts)) < 3600_000
            if not fresh or not hmac.compare_digest(expected, query.get("sign", "")):
                return {"errcode": 310000, "errmsg": "sign not match"}
        if body.get("msgtype") != "markdown" or not body["markdown"].get("title"):
            return {"errcode": 40035, "errmsg": "missing parameter"}
        return None

    def _check_feishu(self, query, body, raw):
        if len(raw) > 20 * 1024:
            return Response("request body too large", status=400)
        if self.secret:
            ts = str(body.get("timestamp", ""))
            key = f"{ts}\n{self.secret}".encode()
            expected = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
            fresh = ts.isdigit() and abs(time.time() - int(ts)) < 3600
            if not fresh or not hmac.compare_digest(expected, str(body.get("sign", ""))):
                return {"code": 19021, "msg": "sign match fail or timestamp is not within "
                                              "one hour from current time", "data": {}}
        if body.get("msg_type") != "text":
            return {"code": 19002, "msg": "params error", "data": {}}
        return None

