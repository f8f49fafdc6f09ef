"""My team, Pilot monitor, Data and Administration pages."""

TEXT: dict[str, dict[str, str]] = {
    # --- My team ---------------------------------------------------------------------------
    "team.caption": {"zh": "{department} · {month}", "en": "{department} · {month}"},
    "team.loading": {"zh": "正在计算团队数据……", "en": "Computing the team's figures…"},
    "team.no_department": {"zh": "您的账号还没有关联任何部门，请联系管理员。",
                           "en": "Your account is not linked to any department yet; please ask "
                                 "an administrator."},
    "team.other_department": {
        "zh": "您只能查看自己负责的部门，因此这里显示的是“{department}”。",
        "en": "You can only see the departments you lead, so this shows {department}."},
    "team.members": {"zh": "团队成员本月数据", "en": "Members this month"},
    "team.no_members": {"zh": "本月该部门没有在职成员，也没有任何转发、线索或客户故事。",
                        "en": "This department has no staff counted this month and no shares, "
                              "leads or stories."},
    "team.left_note": {"zh": "表中也列出了本月已离职但仍有数据的成员（参与率只按在职人数计算）。",
                       "en": "Members who left this month but still have figures are listed too "
                             "(participation counts only staff in the headcount)."},
    "team.not_yet": {"zh": "尚未参与", "en": "Not taken part yet"},
    "team.not_yet_note": {
        "zh": "参与完全自愿。以下同事本月还没有转发、线索或客户故事，列出来只是方便您了解是否需要"
              "帮助（例如工具开通或内容素材），不作排名或考核。",
        "en": "Taking part is voluntary. These colleagues have no share, lead or story this month "
              "yet; the list is only to see whether anyone needs help (tools, content), not a "
              "ranking or an assessment."},
    "team.everyone_took_part": {"zh": "本月团队每位成员都已参与。",
                                "en": "Everyone in the team has taken part this month."},
    "team.trend": {"zh": "部门近 12 个月趋势", "en": "Department trend, last 12 months"},
    "team.trend_metric": {"zh": "趋势指标", "en": "Trend metric"},
    "team.alerts": {"zh": "本月部门预警", "en": "This month's alerts"},
    "team.no_alerts": {"zh": "本月该部门没有预警。", "en": "No alerts for this department this month."},
    "team.person": {"zh": "个人明细", "en": "One person"},
    "team.pick_person": {"zh": "选择成员", "en": "Member"},
    "team.person_leads": {"zh": "{name}：您的转发本月带来了 {n} 条线索。",
                          "en": "{name}: your shares brought {n} leads this month."},
    "team.person_one_lead": {"zh": "{name}：您的转发本月带来了 1 条线索。",
                             "en": "{name}: your shares brought 1 lead this month."},
    "team.person_no_leads": {"zh": "{name}：您的转发本月还没有带来线索。",
                             "en": "{name}: your shares have not brought a lead this month yet."},
    "team.person_top_shares": {"zh": "本月触达最多的转发", "en": "Top shares this month by reach"},
    "team.person_share_leads": {"zh": "本月转发带来的线索", "en": "Leads from these shares this month"},
    "team.col.employee_id": {"zh": "工号", "en": "Employee id"},
    "team.col.name": {"zh": "姓名", "en": "Name"},
    "team.col.position": {"zh": "岗位", "en": "Position"},
    "team.col.participated": {"zh": "本月已参与", "en": "Took part"},
    "team.col.lead_id": {"zh": "线索编号", "en": "Lead id"},
    "team.col.created_at": {"zh": "创建时间", "en": "Created"},
    "team.col.status": {"zh": "状态", "en": "Status"},
    "team.col.closed_at": {"zh": "关闭时间", "en": "Closed"},
    "team.col.deal_amount": {"zh": "成交金额", "en": "Deal amount"},
    "team.col.content": {"zh": "内容", "en": "Content"},
    "team.col.channel": {"zh": "渠道", "en": "Channel"},
    "team.col.shared_at": {"zh": "转发时间", "en": "Shared"},
    "team.col.share_leads": {"zh": "带来线索", "en": "Leads from it"},
    "team.lead.open": {"zh": "跟进中", "en": "Open"},
    "team.lead.won": {"zh": "已成交", "en": "Won"},
    "team.lead.lost": {"zh": "未成交", "en": "Lost"},
    # --- Pilot monitor ---------------------------------------------------------------------
    "pilot.no_pilot_departments": {
        "zh": "还没有试点部门。请在 departments 表中把试点部门的 in_pilot 设为 true 后重新导入。",
        "en": "There are no pilot departments yet. Set in_pilot to true for them in the "
              "departments table and import it again."},
    "pilot.departments": {"zh": "试点部门：{names}", "en": "Pilot departments: {names}"},
    "pilot.period": {"zh": "时间范围", "en": "Period"},
    "pilot.period.month": {"zh": "所选月份", "en": "Chosen month"},
    "pilot.period.phase": {"zh": "整个试点阶段", "en": "Whole pilot phase"},
    "pilot.range": {"zh": "统计区间：{start} 至 {end}", "en": "From {start} to {end}"},
    "pilot.loading": {"zh": "正在计算试点数据……", "en": "Computing the pilot figures…"},
    "pilot.weekly": {"zh": "试点部门逐周进展", "en": "Pilot departments week by week"},
    "pilot.weekly_rule": {
        "zh": "每周从周一开始，跨月的一周按月拆开。周目标 = 当月目标 × 该周在当月的天数 ÷ 当月天数；"
              "只使用部门自己的目标。",
        "en": "Weeks start on Monday; a week crossing a month end is split at it. Weekly target = "
              "monthly target × days of the week in that month ÷ days in the month; only the "
              "department's own targets are used."},
    "pilot.no_targets": {
        "zh": "这段时间没有为试点部门设定触达、线索或客户故事目标，下面只显示实际数据。可在 targets 表中"
              "按部门添加目标。",
        "en": "No reach, leads or stories targets are set for the pilot departments in this "
              "period, so only actual figures are shown. Add department targets in the targets "
              "table."},
    "pilot.metric": {"zh": "指标", "en": "Metric"},
    "pilot.chart_note": {"zh": "柱形为实际值，黑色短线为按天折算的周目标。",
                         "en": "Bars are actual figures; black ticks are the pro-rated weekly "
                               "targets."},
    "pilot.col.week": {"zh": "周（周一）", "en": "Week (Monday)"},
    "pilot.col.days": {"zh": "日期", "en": "Days"},
    "pilot.channels": {"zh": "渠道分布", "en": "Channel mix"},
    "pilot.no_shares": {"zh": "这段时间试点部门没有转发。",
                        "en": "The pilot departments have no shares in this period."},
    "pilot.col.channel": {"zh": "渠道", "en": "Channel"},
    "pilot.top_reach": {"zh": "触达最多的内容", "en": "Top content by reach"},
    "pilot.top_leads": {"zh": "带来线索最多的内容", "en": "Top content by leads"},
    "pilot.col.title": {"zh": "内容标题", "en": "Title"},
    "pilot.col.type": {"zh": "类型", "en": "Type"},
    "pilot.col.review_status": {"zh": "审核状态", "en": "Review status"},
    "pilot.col.sharers": {"zh": "转发人数", "en": "People sharing"},
    "pilot.status.approved": {"zh": "已通过", "en": "Approved"},
    "pilot.status.pending": {"zh": "待审核", "en": "Pending"},
    "pilot.status.rejected": {"zh": "未通过", "en": "Rejected"},
    "pilot.unapproved": {"zh": "未经审核通过的内容被转发", "en": "Shared content never approved"},
    "pilot.unapproved_warning": {
        "zh": "合规提醒：这段时间有 {shares} 次转发使用了 {content} 条未审核通过（待审核或未通过）的内容。"
              "请与相关部门确认并提醒只转发已审核的内容。",
        "en": "Compliance: {shares} shares in this period used {content} pieces of content that "
              "were never approved (pending or rejected). Follow up with the departments and "
              "remind staff to share approved content only."},
    "pilot.unapproved_scope": {"zh": "此项检查覆盖所有部门（不只是试点部门）。",
                               "en": "This check covers every department, not only the pilots."},
    "pilot.all_approved": {"zh": "这段时间转发的内容都已审核通过。",
                           "en": "All content shared in this period was approved."},
    "pilot.channel.wecom_moments": {"zh": "企业微信朋友圈", "en": "WeCom Moments"},
    "pilot.channel.wechat_moments": {"zh": "微信朋友圈", "en": "WeChat Moments"},
    "pilot.channel.wechat": {"zh": "微信", "en": "WeChat"},
    "pilot.channel.wecom": {"zh": "企业微信", "en": "WeCom"},
    "pilot.channel.weibo": {"zh": "微博", "en": "Weibo"},
    "pilot.channel.douyin": {"zh": "抖音", "en": "Douyin"},
    "pilot.channel.linkedin": {"zh": "领英", "en": "LinkedIn"},
    # --- Data --------------------------------------------------------------------------------
    "data.upload": {"zh": "上传并导入", "en": "Upload and import"},
    "data.upload_help": {
        "zh": "选择多个 CSV 文件（文件名即表名，如 shares.csv、leads.csv），或一个 .xlsx 工作簿（工作表名即表名）。"
              "导入前会检查每一行；只要有一处错误，就什么都不写入。",
        "en": "Choose several CSV files (named after the tables, e.g. shares.csv, leads.csv) or "
              "one .xlsx workbook (sheets named after the tables). Every row is checked first; "
              "if anything is wrong, nothing is written."},
    "data.files": {"zh": "跟踪数据文件", "en": "Tracking data files"},
    "data.import": {"zh": "导入", "en": "Import"},
    "data.importing": {"zh": "正在检查并导入……", "en": "Checking and importing…"},
    "data.imported": {"zh": "导入成功（{files} 个文件）。所有页面已刷新为最新数据。",
                      "en": "Imported ({files} files). Every page now shows the new data."},
    "data.refused": {"zh": "发现 {problems} 处问题，本次导入没有写入任何数据。请按下表修改后重新上传。",
                     "en": "Found {problems} problems, so nothing from this import was written. "
                           "Fix them as listed below and upload again."},
    "data.templates": {"zh": "导入模板", "en": "Templates"},
    "data.templates_help": {"zh": "每张表一个只有表头的 CSV 模板，或一个包含所有工作表的 Excel 模板。",
                            "en": "One header-only CSV per table, or one Excel workbook with every "
                                  "sheet."},
    "data.template_workbook": {"zh": "Excel 模板（全部表）", "en": "Excel workbook (all tables)"},
    "data.freshness": {"zh": "数据新鲜度", "en": "Data freshness"},
    "data.history": {"zh": "导入记录", "en": "Import history"},
    "data.no_history": {"zh": "还没有导入记录。", "en": "No imports yet."},
    "data.status.imported": {"zh": "已导入", "en": "Imported"},
    "data.status.refused": {"zh": "已拒绝", "en": "Refused"},
    "data.col.table": {"zh": "表", "en": "Table"},
    "data.col.inserted": {"zh": "新增", "en": "Inserted"},
    "data.col.updated": {"zh": "更新", "en": "Updated"},
    "data.col.unchanged": {"zh": "未变", "en": "Unchanged"},
    "data.col.file": {"zh": "文件", "en": "File"},
    "data.col.line": {"zh": "行号", "en": "Line"},
    "data.col.column": {"zh": "列", "en": "Column"},
    "data.col.value": {"zh": "值", "en": "Value"},
    "data.col.reason": {"zh": "原因", "en": "Reason"},
    "data.col.rows": {"zh": "行数", "en": "Rows"},
    "data.col.latest": {"zh": "最新日期", "en": "Latest date"},
    "data.col.date_columns": {"zh": "依据的日期列", "en": "Date columns"},
    "data.col.when": {"zh": "时间", "en": "When"},
    "data.col.who": {"zh": "操作人", "en": "Who"},
    "data.col.source": {"zh": "来源", "en": "Source"},
    "data.col.files": {"zh": "文件", "en": "Files"},
    "data.col.status": {"zh": "结果", "en": "Status"},
    "data.col.rows_written": {"zh": "写入行数", "en": "Rows written"},
    "data.col.problems": {"zh": "问题数", "en": "Problems"},
    # --- Administration ----------------------------------------------------------------------
    "admin.settings": {"zh": "预警阈值与默认语言", "en": "Alert thresholds and default language"},
    "admin.settings_help": {
        "zh": "比例以小数填写（0.30 即 30%）。修改保存在数据库中，覆盖 config/settings.toml 的默认值。",
        "en": "Rates are fractions (0.30 = 30 %). Changes are stored in the database and override "
              "the defaults in config/settings.toml."},
    "admin.setting.alerts.low_participation.threshold": {"zh": "参与率偏低阈值",
                                                         "en": "Low participation threshold"},
    "admin.setting.alerts.low_conversion.threshold": {"zh": "转化率偏低阈值",
                                                      "en": "Low conversion threshold"},
    "admin.setting.alerts.low_conversion.min_leads": {"zh": "转化率预警最少线索数",
                                                      "en": "Low conversion: minimum leads"},
    "admin.setting.alerts.high_ratio": {"zh": "高严重度比例（低于阈值 × 该比例为高）",
                                        "en": "High severity ratio (below threshold × ratio is high)"},
    "admin.setting.app.default_language": {"zh": "默认语言", "en": "Default language"},
    "admin.language.zh": {"zh": "中文", "en": "Chinese"},
    "admin.language.en": {"zh": "英文", "en": "English"},
    "admin.default_is": {"zh": "默认值：{value}", "en": "Default: {value}"},
    "admin.save": {"zh": "保存", "en": "Save"},
    "admin.saved": {"zh": "已保存，预警已按新阈值重新计算。",
                    "en": "Saved; alerts now use the new thresholds."},
    "admin.reset": {"zh": "全部恢复默认值", "en": "Reset all to defaults"},
    "admin.reset_done": {"zh": "已恢复默认值。", "en": "Defaults restored."},
    "admin.out_of_range": {"zh": "必须在 {low} 到 {high} 之间", "en": "must be between {low} and {high}"},
    "admin.whole_number": {"zh": "必须是整数", "en": "must be a whole number"},
    "admin.bad_language": {"zh": "只能是 zh 或 en", "en": "must be zh or en"},
    "admin.col.setting": {"zh": "设置", "en": "Setting"},
    "admin.col.key": {"zh": "键", "en": "Key"},
    "admin.col.default": {"zh": "默认值", "en": "Default"},
    "admin.col.current": {"zh": "当前值", "en": "Current"},
    "admin.col.changed_by": {"zh": "修改人", "en": "Changed by"},
    "admin.col.changed_at": {"zh": "修改时间", "en": "Changed at"},
    "admin.users": {"zh": "用户", "en": "Users"},
    "admin.users_help": {
        "zh": "用户、角色和负责的部门在用户 YAML 文件中管理（路径为设置 app.users_file 或环境变量 "
              "DASHBOARD_USERS_FILE），这里只读显示。密码只保存哈希值，可用 `python manage.py "
              "hash-password` 生成。修改文件后，新的角色在下次页面刷新时生效。",
        "en": "Users, roles and departments are managed in the users YAML file (setting "
              "app.users_file or DASHBOARD_USERS_FILE); this list is read-only. Passwords are "
              "stored only as hashes, made with `python manage.py hash-password`. Role changes "
              "apply on the next page load."},
    "admin.col.username": {"zh": "用户名", "en": "Username"},
    "admin.col.name": {"zh": "姓名", "en": "Name"},
    "admin.col.roles": {"zh": "角色", "en": "Roles"},
    "admin.col.departments": {"zh": "负责部门", "en": "Departments"},
    "admin.import_audit": {"zh": "导入审计", "en": "Import audit"},
    "admin.col.counts": {"zh": "各表行数（+新增 ~更新 =未变）",
                         "en": "Rows per table (+inserted ~updated =unchanged)"},
    "admin.counts_legend": {"zh": "+ 新增，~ 更新，= 未变。", "en": "+ inserted, ~ updated, = unchanged."},
}
