"""Channel settings: the environment first, then the `[notify]` table of the secrets file
(WeCom app messages reuse the `[wecom]` settings of wecom.config)."""
from __future__ import annotations

from dataclasses import dataclass

from env_config import lookup
from wecom.config import WeComSettings

VARIABLES = ("NOTIFY_WECOM_ROBOT_URL", "NOTIFY_DINGTALK_URL", "NOTIFY_DINGTALK_SECRET",
             "NOTIFY_FEISHU_URL", "NOTIFY_FEISHU_SECRET", "NOTIFY_SMTP_URL", "NOTIFY_EMAIL_FROM",
             "NOTIFY_BASE_URL")


@dataclass(frozen=True)
class NotifySettings:
    wecom: WeComSettings
    wecom_robot_url: str
    dingtalk_url: str
    dingtalk_secret: str
    feishu_url: str
    feishu_secret: str
    smtp_url: str
    email_from: str
    base_url: str            # the dashboard's address, for the links in digests

    @classmethod
    def load(cls) -> "NotifySettings":
        def get(name: str) -> str:
            return lookup(name, "notify", prefix="NOTIFY_").strip()
        return cls(wecom=WeComSettings.load(), wecom_robot_url=get("NOTIFY_WECOM_ROBOT_URL"),
                   dingtalk_url=get("NOTIFY_DINGTALK_URL"),
                   dingtalk_secret=get("NOTIFY_DINGTALK_SECRET"),
                   feishu_url=get("NOTIFY_FEISHU_URL"), feishu_secret=get("NOTIFY_FEISHU_SECRET"),
                   smtp_url=get("NOTIFY_SMTP_URL"), email_from=get("NOTIFY_EMAIL_FROM"),
                   base_url=(get("NOTIFY_BASE_URL") or "http://localhost:8501").rstrip("/"))

    def configured(self) -> dict[str, bool]:
        """Which channels have what they need (any subset may be enabled)."""
        w = self.wecom
        return {"wecom_app": bool(w.corp_id and w.agent_id and w.app_secret),
                "wecom_robot": bool(self.wecom_robot_url),
                "dingtalk": bool(self.dingtalk_url),
                "feishu": bool(self.feishu_url),
                "email": bool(self.smtp_url and self.email_from)}
