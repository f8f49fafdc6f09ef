"""The WeCom server API client: cached access tokens, every errcode checked, bounded retries.

Documented behaviour followed here (developer.work.weixin.qq.com, 服务端API):
- `GET /cgi-bin/gettoken?corpid=ID&corpsecret=SECRET` answers `access_token` and
  `expires_in` (normally 7200 s). Tokens are per app secret and must be cached: calling
  gettoken too often is itself rate-limited. WeCom may invalidate a token early, so a call
  answered 40014 (invalid access_token), 42001 (expired) or 41001 (missing) gets one new
  token and is sent once more.
- Every answer carries `errcode` (0 = success) and `errmsg`, also with HTTP 200.
- -1 (system busy), 45009 (API frequency limit), 45033 (concurrency limit) and HTTP 5xx
  or a broken connection are transient: retried with exponential backoff, a bounded
  number of times, then raised as WeComTransientError.
"""
from __future__ import annotations

import threading
import time
from typing import Any, Callable

import requests

DEFAULT_API_BASE = "https://qyapi.weixin.qq.com"
TOKEN_ERRORS = frozenset({40014, 42001, 41001})
TRANSIENT_ERRORS = frozenset({-1, 45009, 45033})
BAD_CREDENTIALS = frozenset({40001, 40013, 40091})   # wrong secret, corp id, or secret format
TOKEN_MARGIN_S = 60          # renew a little before the documented expiry


class WeComError(Exception):
    """WeCom answered a non-zero errcode (or something that is not its JSON)."""

    def __init__(self, path: str, errcode: int | None, errmsg: str):
        self.path, self.errcode, self.errmsg = path, errcode, errmsg
        super().__init__(f"WeCom {path}: errcode {errcode}: {errmsg}")


class WeComTransientError(WeComError):
    """Busy, rate-limited or unreachable after every retry."""


class WeComConfigError(Exception):
    """Missing or rejected configuration; `variables` names what to set."""

    def __init__(self, variables: list[str], detail: str = ""):
        self.variables, self.detail = list(variables), detail
        super().__init__(f"WeCom configuration: {', '.join(variables)}"
                         + (f" ({detail})" if detail else ""))


_tokens: dict[tuple[str, str, str], tuple[str, float]] = {}
_tokens_lock = threading.Lock()


def forget_tokens() -> None:
    """Drop every cached token (tests; a changed secret)."""
    with _tokens_lock:
        _tokens.clear()


class WeComClient:
    """Calls for one app secret. `secret_name` is the variable it came from, for messages."""

    def __init__(self, corp_id: str, secret: str, api_base: str = DEFAULT_API_BASE, *,
                 secret_name: str = "WECOM_SECRET", timeout: float = 15.0,
                 max_retries: int = 5, backoff_s: float = 0.5, max_backoff_s: float = 30.0,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic,
                 before_call: Callable[[str], None] | None = None,
                 session: requests.Session | None = None):
        self.corp_id, self.secret = corp_id, secret
        self.api_base = api_base.rstrip("/")
        self.secret_name = secret_name
        self.timeout, self.max_retries = timeout, max_retries
        self.backoff_s, self.max_backoff_s = backoff_s, max_backoff_s
        self.sleep, self.clock = sleep, clock
        self.before_call = before_call          # a pacer: called with the path before each send
        self.http = session or requests.Session()
        self.calls = 0                           # requests sent, gettoken included

    # --- tokens -------------------------------------------------------------------
    def _key(self) -> tuple[str, str, str]:
        return (self.api_base, self.corp_id, self.secret)

    def token(self, renew: bool = False) -> str:
        with _tokens_lock:
            cached = _tokens.get(self._key())
            if cached and not renew and cached[1] - TOKEN_MARGIN_S > self.clock():
                return cached[0]
        answer = self._send("GET", "/cgi-bin/gettoken",
                            {"corpid": self.corp_id, "corpsecret": self.secret}, None)
        code = int(answer.get("errcode", 0))
        if code in BAD_CREDENTIALS:
            raise WeComConfigError(["WECOM_CORP_ID", self.secret_name],
                                   f"errcode {code}: {answer.get('errmsg', '')}")
        if code != 0 or not answer.get("access_token"):
            raise WeComError("/cgi-bin/gettoken", code, str(answer.get("errmsg", "")))
        expires = self.clock() + float(answer.get("expires_in") or 7200)
        with _tokens_lock:
            _tokens[self._key()] = (str(answer["access_token"]), expires)
        return str(answer["access_token"])

    # --- calls --------------------------------------------------------------------
    def get(self, path: str, params: dict[str, Any] | None = None) -> dict:
        return self.call("GET", path, params=params)

    def post(self, path: str, body: dict[str, Any] | None = None,
             params: dict[str, Any] | None = None) -> dict:
        return self.call("POST", path, params=params, body=body or {})

    def call(self, method: str, path: str, params: dict[str, Any] | None = None,
             body: dict[str, Any] | None = None) -> dict:
        """One API call with the token attached; errcode 0 or an exception."""
        renewed = False
        while True:
            query = dict(params or {}, access_token=self.token())
            answer = self._send(method, path, query, body)
            code = int(answer.get("errcode", 0))
            if code == 0:
                return answer
            if code in TOKEN_ERRORS and not renewed:
                renewed = True
                self.token(renew=True)
                continue
            raise WeComError(path, code, str(answer.get("errmsg", "")))

    def _send(self, method: str, path: str, query: dict, body: dict | None) -> dict:
        """One request, retried on transient failures; returns the decoded JSON object."""
        delay = self.backoff_s
        for attempt in range(self.max_retries + 1):
            last = attempt == self.max_retries
            if self.before_call:
                self.before_call(path)
            self.calls += 1
            try:
                response = self.http.request(method, self.api_base + path, params=query,
                                             json=body, timeout=self.timeout)
            except requests.RequestException as exc:
                if last:
                    raise WeComTransientError(path, None, f"unreachable: {exc}") from exc
            else:
                if response.status_code >= 500 or response.status_code == 429:
                    if last:
                        raise WeComTransientError(path, None, f"HTTP {response.status_code}")
                elif response.status_code >= 400:
                    raise WeComError(path, None, f"HTTP {response.status_code}")
                else:
                    try:
                        answer = response.json()
                    except ValueError as exc:
                        raise WeComError(path, None, "the answer is not JSON") from exc
                    if not isinstance(answer, dict):
                        raise WeComError(path, None, "the answer is not a JSON object")
                    code = int(answer.get("errcode", 0))
                    if code not in TRANSIENT_ERRORS:
                        return answer
                    if last:
                        raise WeComTransientError(path, code, str(answer.get("errmsg", "")))
            self.sleep(delay)
            delay = min(delay * 2, self.max_backoff_s)
        raise AssertionError("unreachable")
