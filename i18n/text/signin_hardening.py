"""Sign-in under abuse: throttled attempts, a busy database, the cookie key's problems, a
broken users file and the end of demo mode."""

TEXT: dict[str, dict[str, str]] = {
    "signin.throttled": {
        "zh": "登录尝试过于频繁，请在 {seconds} 秒后再试。",
        "en": "Too many sign-in attempts. Try again in {seconds} s."},
    "signin.next_wait": {"zh": "下次尝试请等待 {seconds} 秒。",
                         "en": "Wait {seconds} s before the next attempt."},
    "signin.busy": {
        "zh": "服务器正忙（可能正在导入数据），暂时无法登录，请稍后再试。",
        "en": "The server is busy (probably importing data) and cannot sign you in right now. "
              "Try again in a moment."},
    "signin.key.missing": {"zh": "未设置", "en": "missing"},
    "signin.key.well_known": {"zh": "是公开的已知值", "en": "a well-known public value"},
    "signin.key.short": {"zh": "短于 32 个字符", "en": "shorter than 32 characters"},
    "signin.key.weak": {"zh": "随机性不足（例如同一字符或同一片段重复）",
                        "en": "not random enough (e.g. one character or piece repeated)"},
    "signin.users_file_broken": {
        "zh": "登录暂不可用：用户配置有误。请联系管理员（详情已记录在服务器日志中）。",
        "en": "Sign-in is not available: the user configuration is faulty. Please contact an "
              "administrator (the details are in the server log)."},
    "signin.demo_ended": {
        "zh": "数据库中已导入真实数据，演示模式已结束，演示账号与公开的演示密钥不再有效。管理员需设置："
              "用户文件（环境变量 DASHBOARD_USERS_FILE 或设置 app.users_file，格式见 "
              "config/users.example.yaml）以及登录 Cookie 密钥（DASHBOARD_COOKIE_KEY 或 "
              ".streamlit/secrets.toml 中的 cookie_key），然后重启应用。",
        "en": "Real data has been imported, so demo mode has ended: the demo users and the public "
              "demo key no longer work. An administrator must set a users file "
              "(DASHBOARD_USERS_FILE or the app.users_file setting; format: "
              "config/users.example.yaml) and a cookie key (DASHBOARD_COOKIE_KEY or cookie_key "
              "in .streamlit/secrets.toml), then restart the app."},
    "admin.setting.auth.account_failed_logins": {
        "zh": "同一用户名（来自任何客户端）连续输错几次后开始延迟",
        "en": "Wrong passwords for one username (from any client) before its attempts wait"},
    "admin.setting.auth.account_max_delay_seconds": {
        "zh": "同一用户名的最长等待（秒）", "en": "Longest wait for one username (seconds)"},
    "audit.action.login.throttled": {"zh": "登录尝试被延迟", "en": "Sign-in attempts slowed down"},
    "audit.action.users_file.invalid": {"zh": "用户文件有误", "en": "Users file faulty"},
}
