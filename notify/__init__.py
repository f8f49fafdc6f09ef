"""Notifications: digests built from metrics/ (notify.digest), sent through channels behind
one small interface (notify.channels: WeCom app message, WeCom / DingTalk / Feishu group
robots, email), exactly once per recipient, channel and period (notify.run, the send log
in data_access.notify_log). docs/notifications.md has the platforms' rules followed."""
