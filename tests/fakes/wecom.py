"""A fake WeCom server (pytest-httpserver on 127.0.0.1) in the documented answer shapes.

It issues access tokens per (corpid, corpsecret), checks the token on every call
(40014 unknown, 42001 expired), and lets a test register API handlers and inject the
documented failures: an errcode (-1 busy, 45009 frequency limit, ...), an HTTP status, or
an expired token. Handlers take (params, body) and return the JSON object without
errcode; the fake adds `errcode: 0, errmsg: "ok"`.
"""
from __future__ import annotations

import itertools
import json
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from werkzeug import Request, Response

from tests.fakes.loopback import LoopbackServer

Handler = Callable[[dict, dict], dict]


@dataclass
class Failure:
    path: str
    errcode: int | None = None
    status: int | None = None
    times: int = 1


@dataclass
class FakeWeCom(LoopbackServer):
    corp_id: str = "ww-fake-corp"
    secrets: dict[str, str] = field(default_factory=dict)   # secret -> which app it is
    token_ttl_s: int = 7200
    clock: Callable[[], float] = time.monotonic

    def __post_init__(self):
        self.handlers: dict[str, Handler] = {}
        self.tokens: dict[str, tuple[str, float]] = {}      # token -> (secret, expires at)
        self.failures: list[Failure] = []
        self.calls: list[tuple[str, dict, Any]] = []        # (path, query, body)
        self.token_requests = 0
        self._serial = itertools.count(1)
        self._lock = threading.Lock()
        self._serve(re.compile(r"^/cgi-bin/.*"), self._dispatch)

    # --- lifecycle ----------------------------------------------------------------
    @property
    def url(self) -> str:
        return self.server.url_for("").rstrip("/")

    # --- test controls ------------------------------------------------------------
    def route(self, path: str, handler: Handler) -> None:
        self.handlers[path] = handler

    def fail(self, path: str, *, errcode: int | None = None, status: int | None = None,
             times: int = 1) -> None:
        """The next `times` calls of `path` answer that errcode or HTTP status."""
        self.failures.append(Failure(path, errcode, status, times))

    def expire_tokens(self) -> None:
        with self._lock:
            self.tokens = {t: (s, 0.0) for t, (s, _) in self.tokens.items()}

    def calls_to(self, path: str) -> list[tuple[dict, Any]]:
        return [(q, b) for p, q, b in self.calls if p == path]

    # --- serving ------------------------------------------------------------------
    def _dispatch(self, request: Request) -> Response:
        path = request.path
        query = {k: v for k, v in request.args.items()}
        body = None
        if request.method == "POST":
            try:
                body = json.loads(request.get_data(as_text=True) or "{}")
            except ValueError:
                return self._json({"errcode": 47001, "errmsg": "data format error"})
        with self._lock:
            self.calls.append((path, query, body))
            failure = next((f for f in self.failures if f.path == path and f.times > 0), None)
            if failure:
                failure.times -= 1
        if failure and failure.status:
            return Response("busy", status=failure.status)
        if failure and failure.errcode is not None:
            return self._json({"errcode": failure.errcode, "errmsg": "injected failure"})
        if path == "/cgi-bin/gettoken":
            return self._json(self._gettoken(query))
        token = query.get("access_token")
        if not token:
            return self._json({"errcode": 41001, "errmsg": "access_token missing"})
        with self._lock:
            known = self.tokens.get(token)
        if known is None:
            return self._json({"errcode": 40014, "errmsg": "invalid access_token"})
        if known[1] <= self.clock():
            return self._json({"errcode": 42001, "errmsg": "access_token expired"})
        handler = self.handlers.get(path)
        if handler is None:
            return self._json({"errcode": 60011, "errmsg": f"no privilege to access {path}"})
        try:
            answer = handler(dict(query, _app=self.secrets.get(known[0], "")), body or {})
        except FakeError as exc:
            return self._json({"errcode": exc.errcode, "errmsg": exc.errmsg})
        return self._json({"errcode": 0, "errmsg": "ok", **answer})

    def _gettoken(self, query: dict) -> dict:
        if query.get("corpid") != self.corp_id:
            return {"errcode": 40013, "errmsg": "invalid corpid"}
        secret = query.get("corpsecret", "")
        if secret not in self.secrets:
            return {"errcode": 40001, "errmsg": "invalid credential"}
        token = f"token-{next(self._serial)}"
        with self._lock:
            self.token_requests += 1
            self.tokens[token] = (secret, self.clock() + self.token_ttl_s)
        return {"errcode": 0, "errmsg": "ok", "access_token": token,
                "expires_in": self.token_ttl_s}



class FakeError(Exception):
    """Raised by a handler to answer a documented errcode."""

    def __init__(self, errcode: int, errmsg: str):
        super().__init__(errmsg)
        self.errcode, self.errmsg = errcode, errmsg
