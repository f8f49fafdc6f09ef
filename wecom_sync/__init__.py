"""Sync from WeCom (企业微信): the directory and customer Moments, through the importer.

    result = sync_wecom(engine)                      # from where the last run stopped
    result = sync_wecom(engine, date(2026, 5, 1), date(2026, 5, 31))

Without dates a run continues from the day after the last successful window up to today
(company-local, setting app.timezone); the first run covers the last 30 days. Every run is
all or nothing and recorded in the import history; docs/wecom.md has every mapping choice.
"""
from wecom_sync.run import SyncConfigError, SyncResult, sync_wecom, window

__all__ = ["SyncConfigError", "SyncResult", "sync_wecom", "window"]
