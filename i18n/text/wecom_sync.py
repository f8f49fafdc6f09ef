"""The Data page's sync from WeCom (wecom_sync)."""

TEXT: dict[str, dict[str, str]] = {
    "wecomsync.title": {"zh": "从企业微信同步", "en": "Sync from WeCom"},
    "wecomsync.help": {
        "zh": "从企业微信拉取通讯录（部门、成员）、客户朋友圈与发给客户的群发，按与导入相同的规则校验，"
              "全部写入或全部不写入，并记入导入记录。不填日期则从上次成功同步结束处继续到今天"
              "（首次为最近 30 天）。点击数企业微信不提供，可稍后用 share_clicks 导入。",
        "en": "Fetches the directory (departments, people), customer Moments and group sends to "
              "customers from WeCom, "
              "checks them like an import, writes all of it or nothing, and records the run in "
              "the import history. Without dates it continues from where the last successful "
              "sync stopped up to today (the first one covers the last 30 days). WeCom has no "
              "clicks: import them later as share_clicks."},
    "wecomsync.last": {"zh": "上次成功同步截至 {day}。", "en": "The last successful sync reached {day}."},
    "wecomsync.never": {"zh": "尚未从企业微信同步过。", "en": "Nothing has been synced from WeCom yet."},
    "wecomsync.from": {"zh": "开始日期（可选）", "en": "From (optional)"},
    "wecomsync.to": {"zh": "结束日期（可选，含当天）", "en": "To (optional, inclusive)"},
    "wecomsync.run": {"zh": "从企业微信同步", "en": "Sync from WeCom"},
    "wecomsync.running": {"zh": "正在从企业微信同步……", "en": "Syncing from WeCom…"},
    "wecomsync.done": {
        "zh": "同步完成：{start} 至 {end}，调用接口 {calls} 次。",
        "en": "Synced {start} to {end} with {calls} API calls."},
    "wecomsync.failed": {
        "zh": "同步失败，未写入任何数据：{start} 至 {end}。",
        "en": "The sync failed and nothing was written ({start} to {end})."},
    "wecomsync.config": {
        "zh": "企业微信配置有误：{detail}。请检查环境变量或 .streamlit/secrets.toml 的 [wecom] 表。",
        "en": "The WeCom configuration is wrong: {detail}. Check the environment or the [wecom] "
              "table of .streamlit/secrets.toml."},
    "wecomsync.warn.outside_range": {
        "zh": "{count} 名已激活成员不在客户联系应用的可见范围（或未开通客户联系），"
              "其客户朋友圈无法读取：{ids}。请把应用的可见范围设为全员。",
        "en": "{count} activated member(s) are outside the customer app's visible range (or "
              "have no customer contact), so their Moments cannot be read: {ids}. Set the "
              "app's visible range to the whole company."},
    "wecomsync.warn.unknown_publishers": {
        "zh": "{count} 名发表了朋友圈的成员既不在通讯录也不在数据库中，其转发未计入：{ids}。",
        "en": "{count} member(s) who published Moments are neither in the directory nor in "
              "the database; their shares were left out: {ids}."},
    "wecomsync.bad_dates": {
        "zh": "开始日期不能晚于结束日期。", "en": "The start date must not be after the end date."},
}
