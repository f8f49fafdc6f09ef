"""The app shell: login, navigation, sidebar, shared widgets."""

TEXT: dict[str, dict[str, str]] = {
    "app.title": {"zh": "全员营销推进看板", "en": "All-employee marketing rollout"},
    "app.loading_demo": {"zh": "首次启动：正在载入演示公司数据……",
                         "en": "First start: loading the demo company…"},
    "app.cookie_key_missing": {
        "zh": "登录 Cookie 密钥{problem}，应用无法启动。请在 .streamlit/secrets.toml 中设置 cookie_key，"
              "或设置环境变量 DASHBOARD_COOKIE_KEY（至少 32 个随机字符，例如 "
              "`python -c \"import secrets; print(secrets.token_hex(32))\"` 的输出）。",
        "en": "The login cookie key is {problem}, so the app will not start. Set cookie_key in "
              ".streamlit/secrets.toml or the DASHBOARD_COOKIE_KEY environment variable (at least "
              "32 random characters, e.g. the output of "
              "`python -c \"import secrets; print(secrets.token_hex(32))\"`)."},
    "app.users_file_error": {"zh": "用户文件有误：{error}", "en": "The users file is wrong: {error}"},
    "app.signed_in_as": {"zh": "已登录：{name}（{roles}）", "en": "Signed in as {name} ({roles})"},
    "app.logout": {"zh": "退出登录", "en": "Log out"},
    "login.title": {"zh": "登录", "en": "Log in"},
    "login.username": {"zh": "用户名", "en": "Username"},
    "login.password": {"zh": "密码", "en": "Password"},
    "login.submit": {"zh": "登录", "en": "Log in"},
    "login.wrong": {"zh": "用户名或密码不正确。", "en": "Username or password is incorrect."},
    "login.demo_hint": {
        "zh": "演示模式：用户 committee、marketing、admin、head_sales、head_rnd，密码均为 `{password}`。",
        "en": "Demo mode: users committee, marketing, admin, head_sales, head_rnd; password "
              "`{password}` for all."},
    "role.committee": {"zh": "推进委员会", "en": "Committee"},
    "role.marketing": {"zh": "市场部", "en": "Marketing"},
    "role.dept_head": {"zh": "部门负责人", "en": "Department head"},
    "role.admin": {"zh": "管理员", "en": "Admin"},
    "page.review": {"zh": "月度复盘", "en": "Monthly review"},
    "page.phases": {"zh": "推进阶段", "en": "Rollout phases"},
    "page.league": {"zh": "部门排行", "en": "League table"},
    "page.team": {"zh": "我的团队", "en": "My team"},
    "page.pilot": {"zh": "试点监控", "en": "Pilot monitor"},
    "page.alerts": {"zh": "风险预警", "en": "Risk alerts"},
    "page.data": {"zh": "数据导入", "en": "Data"},
    "page.admin": {"zh": "系统管理", "en": "Administration"},
    "gate.login_first": {"zh": "请先登录。", "en": "Please log in first."},
    "gate.not_allowed": {"zh": "抱歉，您的角色无权查看“{page}”页面。如需访问，请联系管理员。",
                         "en": "Sorry, your role does not include the “{page}” page. Ask an "
                               "administrator if you need it."},
    "widget.language": {"zh": "语言", "en": "Language"},
    "widget.month": {"zh": "月份", "en": "Month"},
    "widget.department": {"zh": "部门", "en": "Department"},
    "download.csv": {"zh": "下载 CSV", "en": "Download CSV"},
    "download.xlsx": {"zh": "下载 Excel", "en": "Download Excel"},
    "table.empty": {"zh": "暂无数据。", "en": "No rows."},
    "table.first_rows": {"zh": "仅显示前 {shown} 行，共 {total} 行；下载文件包含全部行。",
                         "en": "Showing the first {shown} of {total} rows; the downloads hold every row."},
    "empty.no_data": {"zh": "还没有任何转发、线索或客户故事数据。请先在“数据导入”页面导入跟踪数据。",
                      "en": "No shares, leads or stories yet. Import tracking data on the Data "
                            "page first."},
}
