"""Channels behind one small interface: `address(recipient)`, `messages(digest)` (the parts,
split under the platform's size limit) and `deliver(address, message)` (one part; returns
the platform's answer, raises SendError). docs/notifications.md cites each platform's rules.

- wecom_app: WeCom app message `POST /cgi-bin/message/send` to one userid (markdown,
  2048 bytes), through wecom.WeComClient (tokens, errcodes, retries); an answer naming
  the user in `invaliduser` / `unlicenseduser` is a failure.
- wecom_robot: group robot webhook, markdown content <= 4096 bytes, 20 messages/min.
- dingtalk: custom robot webhook signed with HMAC-SHA256 of "timestamp_ms\\nsecret"
  (key = secret), markdown, 20 messages/min.
- feishu: custom bot webhook signed with HMAC-SHA256 keyed by "timestamp_s\\nsecret" over
  an empty message, JSON body <= 20 KB, 100 messages/min and 5/s.
- email: SMTP (smtp+starttls:// , smtps:// or smtp:// URL), plain text and HTML parts,
  attachments (the review pack for the committee).

Transient failures (HTTP 429/5xx, a broken connection, the platforms' busy and rate
limit codes, SMTP 4xx) are retried with exponential backoff, a bounded number of times.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import smtplib
import ssl
import threading
import time
from collections import deque
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Callable
from urllib.parse import unquote, urlsplit

import requests

from wecom import WeComClient, WeComError, WeComTransientError

from .digest import Attachment, Digest
from .recipients import GROUP, Recipient
from .settings import NotifySettings
from .split import split, utf8_size

CHANNELS = ("wecom_app", "wecom_robot", "dingtalk", "feishu", "email")


class SendError(Exception):
    def __init__(self, detail: str, transient: bool = False):
        self.detail, self.transient = detail, transient
        super().__init__(detail)


@dataclass(frozen=True)
class Message:
    subject: str
    text: str                        # the body (markdown or plain text)
    html: str | None = None
    attachments: tuple[Attachment, ...] = ()
    part: int = 1
    parts: int = 1


class Pacer:
    """At most `n` calls in any `seconds` (several windows may apply): waits before a call."""

    def __init__(self, *windows: tuple[int, float], clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self.windows = windows
        self.clock, self.sleep = clock, sleep
        self.sent: deque[float] = deque()
        self.lock = threading.Lock()
        self.waited = 0.0

    def wait(self) -> None:
        with self.lock:
            longest = max(s for _, s in self.windows)
            while True:
                now = self.clock()
                while self.sent and self.sent[0] <= now - longest:
                    self.sent.popleft()
                delay = 0.0
                for n, seconds in self.windows:
                    recent = [x for x in self.sent if x > now - seconds]
                    if len(recent) >= n:
                        delay = max(delay, recent[-n] + seconds - now)
                if delay <= 0:
                    self.sent.append(now)
                    return
                self.waited += delay
                self.sleep(delay)


class Retry:
    """Bounded exponential backoff for transient SendErrors."""

    def __init__(self, retries: int = 4, backoff_s: float = 1.0, max_backoff_s: float = 30.0,
                 sleep: Callable[[float], None] = time.sleep):
        self.retries, self.backoff_s, self.max_backoff_s = retries, backoff_s, max_backoff_s
        self.sleep = sleep

    def __call__(self, attempt: Callable[[], str]) -> str:
        delay = self.backoff_s
        for n in range(self.retries + 1):
            try:
                return attempt()
            except SendError as exc:
                if not exc.transient or n == self.retries:
                    raise
            self.sleep(delay)
            delay = min(delay * 2, self.max_backoff_s)
        raise AssertionError("unreachable")


class Channel:
    name = ""
    audience = "person"              # person: one recipient's digest; group: the company's
    limit = 0                        # bytes per part, as the platform counts them

    def address(self, recipient: Recipient) -> str | None:
        raise NotImplementedError

    def messages(self, digest: Digest) -> list[Message]:
        raise NotImplementedError

    def deliver(self, address: str, message: Message) -> str:
        raise NotImplementedError

    def _markdown_parts(self, digest: Digest, measure=utf8_size) -> list[Message]:
        texts = split(f"### {digest.title}", [i.markdown() for i in digest.items],
                      digest.link_markdown(), self.limit, measure)
        return [Message(digest.title, text, part=n, parts=len(texts))
                for n, text in enumerate(texts, 1)]


# --- HTTP robots ----------------------------------------------------------------------------

class _Robot(Channel):
    audience = "group"
    transient_codes: frozenset[int] = frozenset()

    def __init__(self, url: str, *, pacer: Pacer, retry: Retry,
                 session: requests.Session | None = None, timeout: float = 15.0):
        self.url, self.pacer, self.retry = url, pacer, retry
        self.http = session or requests.Session()
        self.timeout = timeout

    def address(self, recipient: Recipient) -> str | None:
        return self.url.split("?")[0] if recipient.username == GROUP else None

    def deliver(self, address: str, message: Message) -> str:
        return self.retry(lambda: self._post(message))

    def _post(self, message: Message) -> str:
        params, body = self.request(message)
        self.pacer.wait()
        try:
            # no redirects: DingTalk answers 302 while a robot is held back for sending too fast
            response = self.http.post(self.url, params=params, json=body, timeout=self.timeout,
                                      allow_redirects=False)
        except requests.RequestException as exc:
            raise SendError(f"unreachable: {exc}", transient=True) from exc
        if response.status_code == 429 or response.status_code >= 500:
            raise SendError(f"HTTP {response.status_code}", transient=True)
        if response.status_code >= 300:
            raise SendError(f"HTTP {response.status_code}")
        try:
            answer = response.json()
        except ValueError as exc:
            raise SendError("the answer is not JSON") from exc
        code, text = self.outcome(answer if isinstance(answer, dict) else {})
        if code == 0:
            return text or "ok"
        raise SendError(f"{self.name} code {code}: {text}",
                        transient=code in self.transient_codes)

    def request(self, message: Message) -> tuple[dict, dict]:
        raise NotImplementedError

    def outcome(self, answer: dict) -> tuple[int | None, str]:
        return int(answer.get("errcode", -999)), str(answer.get("errmsg", ""))


class WeComRobotChannel(_Robot):
    name = "wecom_robot"
    limit = 4096
    transient_codes = frozenset({-1, 45009, 45033})   # busy, frequency limit, concurrency

    def messages(self, digest: Digest) -> list[Message]:
        return self._markdown_parts(digest)

    def request(self, message: Message) -> tuple[dict, dict]:
        return {}, {"msgtype": "markdown", "markdown": {"content": message.text}}


def dingtalk_sign(timestamp_ms: int, secret: str) -> str:
    """base64(HMAC-SHA256(key=secret, msg=f"{timestamp}\\n{secret}")); requests url-encodes it."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(),
                      hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


class DingTalkChannel(_Robot):
    name = "dingtalk"
    limit = 4096        # kept at WeCom's size: a digest part reads well on a phone
    transient_codes = frozenset({-1, 130101, 410100})  # busy, "send too fast" (old and new)

    def __init__(self, url: str, secret: str, *, clock_ms: Callable[[], int] | None = None,
                 **kw):
        super().__init__(url, **kw)
        self.secret = secret
        self.clock_ms = clock_ms or (lambda: int(time.time() * 1000))

    def messages(self, digest: Digest) -> list[Message]:
        return self._markdown_parts(digest)

    def request(self, message: Message) -> tuple[dict, dict]:
        params = {}
        if self.secret:
            ts = self.clock_ms()
            params = {"timestamp": str(ts), "sign": dingtalk_sign(ts, self.secret)}
        title = message.subject if message.parts == 1 else \
            f"{message.subject} ({message.part}/{message.parts})"
        return params, {"msgtype": "markdown", "markdown": {"title": title,
                                                             "text": message.text}}


def feishu_sign(timestamp_s: int, secret: str) -> str:
    """base64(HMAC-SHA256(key=f"{timestamp}\\n{secret}", msg=b""))."""
    key = f"{timestamp_s}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


class FeishuChannel(_Robot):
    name = "feishu"
    limit = 20 * 1000       # "20 KB" request body, read as 20,000 bytes to stay inside
    transient_codes = frozenset({11232})             # frequency limited

    def __init__(self, url: str, secret: str, *, clock_s: Callable[[], int] | None = None,
                 **kw):
        super().__init__(url, **kw)
        self.secret = secret
        self.clock_s = clock_s or (lambda: int(time.time()))

    def _body(self, text: str, ts: int) -> dict:
        body = {"msg_type": "text", "content": {"text": text}}
        if self.secret:
            body = {"timestamp": str(ts), "sign": feishu_sign(ts, self.secret), **body}
        return body

    def _size(self, text: str) -> int:
        # the whole body as sent (json.dumps as requests does: ASCII escapes, 6 bytes a CJK)
        return utf8_size(json.dumps(self._body(text, 9_999_999_999)))

    def messages(self, digest: Digest) -> list[Message]:
        texts = split(digest.title, [i.text() for i in digest.items], digest.link_text(),
                      self.limit, self._size)
        return [Message(digest.title, text, part=n, parts=len(texts))
                for n, text in enumerate(texts, 1)]

    def request(self, message: Message) -> tuple[dict, dict]:
        return {}, self._body(message.text, self.clock_s())

    def outcome(self, answer: dict) -> tuple[int | None, str]:
        # {"code": 0, "msg": "success"}; older deployments answer StatusCode / StatusMessage
        code = answer.get("code", answer.get("StatusCode", -999))
        return int(code), str(answer.get("msg", answer.get("StatusMessage", "")))


# --- WeCom app message ----------------------------------------------------------------------

class WeComAppChannel(Channel):
    name = "wecom_app"
    limit = 2048

    def __init__(self, client: WeComClient, agent_id: str):
        if not str(agent_id).strip().isdigit():
            raise ValueError(f"WECOM_AGENT_ID must be the app's numeric AgentId, not {agent_id!r}")
        self.client, self.agent_id = client, agent_id

    def address(self, recipient: Recipient) -> str | None:
        return None if recipient.username == GROUP else recipient.wecom_userid or None

    def messages(self, digest: Digest) -> list[Message]:
        return self._markdown_parts(digest)

    def deliver(self, address: str, message: Message) -> str:
        body = {"touser": address, "msgtype": "markdown", "agentid": int(self.agent_id),
                "markdown": {"content": message.text}}
        try:
            answer = self.client.post("/cgi-bin/message/send", body)
        except WeComTransientError as exc:
            raise SendError(str(exc), transient=True) from exc
        except WeComError as exc:
            raise SendError(str(exc)) from exc
        refused = [u for f in ("invaliduser", "unlicenseduser")
                   for u in str(answer.get(f) or "").split("|") if u]
        if refused:
            raise SendError(f"WeCom refused userid {'|'.join(refused)} "
                            "(not in the directory or the app's visible range)")
        return str(answer.get("msgid") or "ok")


# --- email ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SmtpTarget:
    security: str            # starttls | ssl | plain
    host: str
    port: int
    user: str
    password: str


def parse_smtp_url(url: str) -> SmtpTarget:
    """smtp+starttls://user:pass@host:587, smtps://user:pass@host:465, smtp://host:25."""
    parts = urlsplit(url)
    security = {"smtp+starttls": "starttls", "smtps": "ssl", "smtp": "plain"}.get(parts.scheme)
    if security is None or not parts.hostname:
        raise ValueError("NOTIFY_SMTP_URL must look like smtp+starttls://user:pass@host:587, "
                         "smtps://user:pass@host:465 or smtp://host:25")
    port = parts.port or {"starttls": 587, "ssl": 465, "plain": 25}[security]
    return SmtpTarget(security, parts.hostname, port, unquote(parts.username or ""),
                      unquote(parts.password or ""))


class EmailChannel(Channel):
    name = "email"
    limit = 10_000_000

    def __init__(self, smtp_url: str, sender: str, *, retry: Retry, timeout: float = 30.0,
                 ssl_context: ssl.SSLContext | None = None):
        self.target, self.sender, self.retry = parse_smtp_url(smtp_url), sender, retry
        self.timeout = timeout
        self.ssl_context = ssl_context or ssl.create_default_context()

    def address(self, recipient: Recipient) -> str | None:
        return None if recipient.username == GROUP else recipient.email or None

    def messages(self, digest: Digest) -> list[Message]:
        return [Message(digest.title, digest.text(), digest.html(), digest.attachments)]

    def compose(self, address: str, message: Message) -> EmailMessage:
        mail = EmailMessage()
        mail["Subject"] = message.subject
        mail["From"] = self.sender
        mail["To"] = address
        mail["Message-ID"] = make_msgid(domain=self.sender.rsplit("@", 1)[-1].strip("> "))
        mail.set_content(message.text)
        if message.html:
            mail.add_alternative(message.html, subtype="html")
        for a in message.attachments:
            maintype, subtype = a.mimetype.split("/", 1)
            mail.add_attachment(a.data, maintype=maintype, subtype=subtype, filename=a.filename)
        return mail

    def deliver(self, address: str, message: Message) -> str:
        mail = self.compose(address, message)
        return self.retry(lambda: self._send(mail))

    def _send(self, mail: EmailMessage) -> str:
        s = self.target
        try:
            if s.security == "ssl":
                smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=self.timeout,
                                        context=self.ssl_context)
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=self.timeout)
            with smtp:
                if s.security == "starttls":
                    smtp.starttls(context=self.ssl_context)
                if s.user:
                    smtp.login(s.user, s.password)
                refused = smtp.send_message(mail)
        except smtplib.SMTPRecipientsRefused as exc:
            raise SendError(f"recipient refused: {exc.recipients}") from exc
        except smtplib.SMTPResponseException as exc:
            raise SendError(f"SMTP {exc.smtp_code}: {exc.smtp_error!r}",
                            transient=400 <= exc.smtp_code < 500) from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise SendError(f"SMTP unreachable: {exc}", transient=True) from exc
        if refused:
            raise SendError(f"recipient refused: {refused}")
        return str(mail["Message-ID"])


# --- from the settings ---------------------------------------------------------------------

def build_channels(settings: NotifySettings, *, sleep: Callable[[float], None] = time.sleep,
                   clock: Callable[[], float] = time.monotonic,
                   only: set[str] | None = None) -> dict[str, Channel]:
    """The configured channels (optionally only some), each with its pacing and retries.
    A malformed setting (an SMTP URL, a non-numeric agent id) raises ValueError naming it."""
    on = settings.configured()
    out: dict[str, Channel] = {}

    def want(name: str) -> bool:
        return on[name] and (only is None or name in only)

    def retry() -> Retry:
        return Retry(sleep=sleep)

    if want("wecom_app"):
        w = settings.wecom
        client = WeComClient(w.corp_id, w.app_secret, w.api_base, secret_name="WECOM_APP_SECRET",
                             sleep=sleep, clock=clock)
        out["wecom_app"] = WeComAppChannel(client, w.agent_id)
    if want("wecom_robot"):
        out["wecom_robot"] = WeComRobotChannel(
            settings.wecom_robot_url, pacer=Pacer((20, 60.0), clock=clock, sleep=sleep),
            retry=retry())
    if want("dingtalk"):
        out["dingtalk"] = DingTalkChannel(
            settings.dingtalk_url, settings.dingtalk_secret,
            pacer=Pacer((20, 60.0), clock=clock, sleep=sleep), retry=retry())
    if want("feishu"):
        out["feishu"] = FeishuChannel(
            settings.feishu_url, settings.feishu_secret,
            pacer=Pacer((100, 60.0), (5, 1.0), clock=clock, sleep=sleep), retry=retry())
    if want("email"):
        out["email"] = EmailChannel(settings.smtp_url, settings.email_from, retry=retry())
    return out


def preview_channels(settings: NotifySettings, only: set[str] | None = None
                     ) -> dict[str, Channel]:
    """Every channel, for --dry-run: unconfigured ones render their parts all the same
    (placeholders stand in for their addresses; nothing is ever sent through them)."""
    def never(_):
        raise AssertionError("a preview channel never sends")

    retry, pacer = Retry(sleep=never), Pacer((20, 60.0), sleep=never)
    placeholder = "https://not-configured.invalid/"
    out: dict[str, Channel] = {
        "wecom_app": WeComAppChannel(WeComClient("-", "-", placeholder), "0"),
        "wecom_robot": WeComRobotChannel(settings.wecom_robot_url or placeholder, pacer=pacer,
                                         retry=retry),
        "dingtalk": DingTalkChannel(settings.dingtalk_url or placeholder, "", pacer=pacer,
                                    retry=retry),
        "feishu": FeishuChannel(settings.feishu_url or placeholder, settings.feishu_secret,
                                pacer=pacer, retry=retry),
        "email": EmailChannel(settings.smtp_url or "smtp://not-configured.invalid",
                              settings.email_from or "dashboard@not-configured.invalid",
                              retry=retry),
    }
    return {k: v for k, v in out.items() if only is None or k in only}
