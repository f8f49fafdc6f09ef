"""Sign in with WeCom (企业微信): in-WeCom web authorisation and 扫码登录, as documented.

1. The login page links to WeCom's authorize address with a fresh `state` kept server-side
   (data_access.sign_in_states: hashed, single use, 10 minutes):
   - inside the WeCom client (网页授权):
     https://open.weixin.qq.com/connect/oauth2/authorize?appid=CORPID&redirect_uri=URI
     &response_type=code&scope=snsapi_base&state=STATE&agentid=AGENTID#wechat_redirect
   - in a desktop browser (扫码登录, login_type=CorpApp for a company's own app):
     https://login.work.weixin.qq.com/wwlogin/sso/login?login_type=CorpApp&appid=CORPID
     &agentid=AGENTID&redirect_uri=URI&state=STATE
   The redirect URI is WECOM_REDIRECT_URI, never taken from the request (WeCom accepts it
   only on the app's trusted domain).
2. WeCom sends the browser back to URI?code=CODE&state=STATE. A state this server did not
   issue, issued for something else, used before or expired is refused before WeCom is
   asked anything.
3. `GET /cgi-bin/auth/getuserinfo?access_token=...&code=CODE` (the app's own secret,
   WECOM_APP_SECRET) answers `userid` for a member of the company; a non-member gets
   `openid` (and `external_userid`) instead and is refused. A code is good for one use and
   five minutes; WeCom answers 40029 for a bad one.
4. The userid is the account whose WeCom userid it is, else whose employee id it is. A
   userid the accounts do not know but the directory names as a department head
   (departments.head_employee_id) gets an account with that department's scope.
Neither the code nor any token is logged or stored.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from sqlalchemy import Engine

from data_access import sign_in_states, users_store
from env_config import lookup
from wecom.client import WeComClient, WeComConfigError, WeComError, WeComTransientError
from wecom.config import WeComSettings

from .accounts import ExternalOutcome, refuse

PROVIDER = "wecom"
OAUTH_URL = "https://open.weixin.qq.com/connect/oauth2/authorize"
SSO_URL = "https://login.work.weixin.qq.com/wwlogin/sso/login"
INVALID_CODE = frozenset({40029, 40163, 50001})   # bad or used code, used code, bad domain


@dataclass(frozen=True)
class WeComLogin:
    settings: WeComSettings
    redirect_uri: str
    oauth_url: str = OAUTH_URL
    sso_url: str = SSO_URL

    @classmethod
    def load(cls) -> "WeComLogin":
        def get(name: str) -> str:
            return lookup(name, "wecom", prefix="WECOM_").strip()
        return cls(WeComSettings.load(), get("WECOM_REDIRECT_URI"),
                   get("WECOM_OAUTH_URL") or OAUTH_URL, get("WECOM_SSO_URL") or SSO_URL)

    def problem(self) -> WeComConfigError | None:
        """What is missing to offer WeCom sign-in, or None."""
        missing = [name for name, value in (
            ("WECOM_CORP_ID", self.settings.corp_id), ("WECOM_AGENT_ID", self.settings.agent_id),
            ("WECOM_APP_SECRET", self.settings.app_secret),
            ("WECOM_REDIRECT_URI", self.redirect_uri)) if not value]
        return WeComConfigError(missing) if missing else None

    def authorize_url(self, engine: Engine, *, in_wecom: bool, lang: str = "zh") -> str:
        """The address the sign-in button opens, with a new server-kept state."""
        state = sign_in_states.issue(engine, PROVIDER)
        s = self.settings
        if in_wecom:
            query = urlencode({"appid": s.corp_id, "redirect_uri": self.redirect_uri,
                               "response_type": "code", "scope": "snsapi_base",
                               "state": state, "agentid": s.agent_id})
            return f"{self.oauth_url}?{query}#wechat_redirect"
        query = urlencode({"login_type": "CorpApp", "appid": s.corp_id, "agentid": s.agent_id,
                           "redirect_uri": self.redirect_uri, "state": state, "lang": lang})
        return f"{self.sso_url}?{query}"

    def client(self) -> WeComClient:
        s = self.settings
        return WeComClient(s.corp_id, s.app_secret, s.api_base, secret_name="WECOM_APP_SECRET",
                           max_retries=2, timeout=10.0)

    def finish(self, engine: Engine, code: str | None, state: str | None,
               client: WeComClient | None = None) -> ExternalOutcome:
        """The callback: state checked (and used up), code exchanged, userid mapped."""
        if not sign_in_states.consume(engine, PROVIDER, state):
            return refuse(engine, PROVIDER, "state")
        if not code:
            return refuse(engine, PROVIDER, "code")
        try:
            answer = (client or self.client()).get("/cgi-bin/auth/getuserinfo", {"code": code})
        except WeComTransientError:
            return refuse(engine, PROVIDER, "unavailable")
        except WeComConfigError:
            return refuse(engine, PROVIDER, "config")
        except WeComError as exc:
            return refuse(engine, PROVIDER, "code" if exc.errcode in INVALID_CODE else "unavailable")
        userid = str(answer.get("userid") or "").strip()
        if not userid:                     # openid / external_userid: not a member
            return refuse(engine, PROVIDER, "not_member")
        return sign_in_userid(engine, userid)


def sign_in_userid(engine: Engine, userid: str) -> ExternalOutcome:
    """A WeCom userid to an account: by WeCom userid, else by employee id; a head the
    directory names gets an account of their own."""
    account = (users_store.find_by(engine, "wecom_userid", userid)
               or users_store.find_by(engine, "employee_id", userid))
    created = False
    if account is None:
        if not users_store.directory_head(engine, userid):
            return refuse(engine, PROVIDER, "unknown", userid)
        account = users_store.add_account(
            engine, users_store.free_username(engine, userid),
            display_name=users_store.employee_name(engine, userid), employee_id=userid,
            wecom_userid=userid, actor="wecom", how="wecom")
        created = True
    if not account.enabled:
        return refuse(engine, PROVIDER, "disabled", userid)
    if account.wecom_userid is None:     # found by employee id: remember the userid
        users_store.update_profile(engine, account.username, actor="wecom", wecom_userid=userid)
    users_store.note_sign_in(engine, account.username)
    return ExternalOutcome(True, account.username, created=created)
