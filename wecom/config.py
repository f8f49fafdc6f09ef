"""WeCom settings from the environment or the `[wecom]` table of the secrets file."""
from __future__ import annotations

from dataclasses import dataclass

from env_config import lookup
from wecom.client import DEFAULT_API_BASE, WeComConfigError


@dataclass(frozen=True)
class WeComSettings:
    corp_id: str
    api_base: str
    contacts_secret: str
    customer_secret: str
    agent_id: str
    app_secret: str

    @classmethod
    def load(cls) -> "WeComSettings":
        def get(name: str) -> str:
            return lookup(name, "wecom", prefix="WECOM_").strip()
        return cls(corp_id=get("WECOM_CORP_ID"),
                   api_base=(get("WECOM_API_BASE") or DEFAULT_API_BASE).rstrip("/"),
                   contacts_secret=get("WECOM_CONTACTS_SECRET"),
                   customer_secret=get("WECOM_CUSTOMER_SECRET"),
                   agent_id=get("WECOM_AGENT_ID"),
                   app_secret=get("WECOM_APP_SECRET"))

    def require(self, *fields: str) -> None:
        """Raise WeComConfigError naming every missing variable among `fields`."""
        missing = [f"WECOM_{f.upper()}" for f in ("corp_id", *fields) if not getattr(self, f)]
        if missing:
            raise WeComConfigError(missing)
