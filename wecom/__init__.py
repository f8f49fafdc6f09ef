"""WeCom (企业微信) server API: one client shared by the directory and Moments sync, the
app-message notifications and sign-in with WeCom."""
from wecom.client import (DEFAULT_API_BASE, WeComClient, WeComConfigError, WeComError,
                          WeComTransientError)
from wecom.config import WeComSettings

__all__ = ["DEFAULT_API_BASE", "WeComClient", "WeComConfigError", "WeComError",
           "WeComSettings", "WeComTransientError"]
