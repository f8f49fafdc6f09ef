"""The overview pages: monthly review, rollout phases, league table, risk alerts."""

TEXT: dict[str, dict[str, str]] = {
    # monthly review
    "review.title": {"zh": "月度复盘 · {month}", "en": "Monthly review · {month}"},
    "review.loading": {"zh": "正在计算本月数据……", "en": "Computing the month's figures…"},
    "review.download_pack": {"zh": "下载复盘材料 (.xlsx)", "en": "Download review pack (.xlsx)"},
    "review.download_pack_help": {
        "zh": "与命令 manage.py review --format xlsx 导出的文件完全一致，可直接带去月度推进会。",
        "en": "Exactly the file `manage.py review --format xlsx` writes, ready for the monthly "
              "committee meeting."},
    "review.phase_banner": {"zh": "当前阶段：**{phase}**（{start} 至 {end}）",
                            "en": "Current phase: **{phase}** ({start} to {end})"},
    "review.no_phase": {
        "zh": "本月不在任何推进阶段内：请在“数据导入”页面导入 phases.csv（阶段、开始日期、结束日期）。",
        "en": "No rollout phase covers this month: import phases.csv (phase, start_date, "
              "end_date) on the Data page."},
    "review.kpis": {"zh": "核心指标（全公司）", "en": "Key figures (whole company)"},
    "review.vs_last_month": {"zh": "较上月", "en": "vs last month"},
    "review.target_line": {"zh": "目标 {target} · 达成 {attainment}",
                           "en": "Target {target} · {attainment} attained"},
    "review.no_target": {"zh": "本月未设公司目标", "en": "No company target this month"},
    "review.trend": {"zh": "近 12 个月趋势", "en": "12-month trend"},
    "review.trend_metric": {"zh": "趋势指标", "en": "Metric"},
    "review.company": {"zh": "全公司", "en": "Company"},
    "review.company_trend": {"zh": "全公司", "en": "Whole company"},
    "review.department_trend": {"zh": "各部门", "en": "By department"},
    "review.trend_short": {
        "zh": "目前只有 {months} 个月的跟踪数据，趋势只显示这些月份。",
        "en": "Tracking data covers {months} month(s) so far; the trend shows only those."},
    "review.league": {"zh": "部门排行", "en": "League table"},
    "review.league_note": {
        "zh": "按参与率排序（与复盘材料相同）；按其他指标或人均排名请看“部门排行”页面。",
        "en": "Ordered by participation rate (as in the review pack); rank by any metric or per "
              "capita on the League table page."},
    "review.alerts": {"zh": "未解除的风险预警", "en": "Open alerts"},
    "review.more_alerts": {"zh": "另有 {more} 条预警，请到“风险预警”页面查看全部并筛选。",
                           "en": "{more} more alert(s): see them all, with filters, on the Risk "
                                 "alerts page."},
    "review.no_alerts": {"zh": "本月没有风险预警。", "en": "No alerts this month."},
    "review.alert_line": {
        "zh": "**{title} · {department}**（严重程度：{severity}）— {metric} {value}，阈值 {threshold}"
              "\n\n可能原因：{cause}\n\n建议措施：{action}",
        "en": "**{title} · {department}** (severity: {severity}) — {metric} {value}, threshold "
              "{threshold}\n\nLikely cause: {cause}\n\nSuggested action: {action}"},
    # rollout phases
    "phases.title": {"zh": "推进阶段", "en": "Rollout phases"},
    "phases.loading": {"zh": "正在评估各阶段……", "en": "Judging the phases…"},
    "phases.timeline": {"zh": "阶段时间线", "en": "Timeline"},
    "phases.no_phases": {
        "zh": "还没有阶段日期：请在“数据导入”页面导入 phases.csv（phase、start_date、end_date）。",
        "en": "No phase dates yet: import phases.csv (phase, start_date, end_date) on the Data "
              "page."},
    "phases.missing_phases": {"zh": "尚未设定日期的阶段：{phases}",
                              "en": "Phases without dates: {phases}"},
    "phases.phase": {"zh": "阶段", "en": "Phase"},
    "phases.dates": {"zh": "日期", "en": "Dates"},
    "phases.when": {"zh": "状态", "en": "Status"},
    "phases.when.past": {"zh": "已结束", "en": "Finished"},
    "phases.when.now": {"zh": "进行中", "en": "In progress"},
    "phases.when.upcoming": {"zh": "未开始", "en": "Upcoming"},
    "phases.today": {"zh": "今天", "en": "Today"},
    "phases.scorecards": {"zh": "阶段评估", "en": "Scorecards"},
    "phases.rules": {
        "zh": "判定规则：每项指标与其目标（或阈值、上月值）相比，达到 100% 为“正常推进”，80%–100% 为"
              "“存在风险”，低于 80% 为“偏离目标”；阶段结论取最差的一项。已结束的阶段按其最后一个月评估。",
        "en": "Rules: each figure against its target (or threshold, or last month): 100 % or more "
              "is on track, 80–100 % at risk, below 80 % off track; a phase takes its worst "
              "check. A finished phase is judged on its last month."},
    "phases.no_current": {"zh": "{month} 不在任何推进阶段内。",
                          "en": "{month} lies in no rollout phase."},
    "phases.verdict": {"zh": "结论", "en": "Verdict"},
    "phases.verdict.on_track": {"zh": "正常推进", "en": "On track"},
    "phases.verdict.at_risk": {"zh": "存在风险", "en": "At risk"},
    "phases.verdict.off_track": {"zh": "偏离目标", "en": "Off track"},
    "phases.verdict.no_data": {"zh": "无法评估", "en": "Not judged"},
    "phases.status.current": {"zh": "进行中，按 {month} 评估", "en": "In progress, judged on {month}"},
    "phases.status.past": {"zh": "已结束，按其最后一个月 {month} 评估",
                           "en": "Finished, judged on its last month, {month}"},
    "phases.upcoming": {"zh": "尚未开始（{start} 开始）。", "en": "Not started yet (starts {start})."},
    "phases.unscheduled": {"zh": "phases.csv 中没有这个阶段的日期。",
                           "en": "phases.csv holds no dates for this phase."},
    "phases.why": {"zh": "**结论依据：**", "en": "**What makes it so:**"},
    "phases.also": {"zh": "**其他检查：**", "en": "**Other checks:**"},
    "phases.check.trained_rate": {"zh": "{metric} {actual}，目标 {expected}（达成 {ratio}）",
                                  "en": "{metric} {actual}, target {expected} ({ratio} attained)"},
    "phases.check.activated_rate": {
        "zh": "{metric} {actual}，目标 {expected}（达成 {ratio}）",
        "en": "{metric} {actual}, target {expected} ({ratio} attained)"},
    "phases.check.kickoff": {
        "zh": "启动会：出席人数最多的培训“{session}”覆盖 {actual} 的在职员工，需超过 {expected}",
        "en": "Kickoff: the best-attended session “{session}” reached {actual} of staff; it "
              "needs more than {expected}"},
    "phases.check.pilot_target": {
        "zh": "{department} · {metric}：{actual}，目标 {expected}（达成 {ratio}）",
        "en": "{department} · {metric}: {actual} against target {expected} ({ratio} attained)"},
    "phases.check.pilot_target_month": {
        "zh": "{department} · {metric}（按月评估）：{actual}，目标 {expected}（达成 {ratio}）",
        "en": "{department} · {metric} (judged on the month): {actual} against target "
              "{expected} ({ratio} attained)"},
    "phases.pro_rated": {"zh": "；本月数据尚未完整，对比值按数据已覆盖的天数折算",
                         "en": "; the month's data are not complete yet, so the figure "
                               "compared with is pro-rated to the days the data cover"},
    "phases.check.pilot_targets": {
        "zh": "本月没有为试点部门设定目标：请在 targets.csv 中为试点部门添加目标。",
        "en": "No targets set for pilot departments this month: add them to targets.csv."},
    "phases.check.pilot_participation": {
        "zh": "试点部门整体参与率 {actual}，阈值 {expected}",
        "en": "Pilot departments' participation rate {actual}, threshold {expected}"},
    "phases.check.company_target": {
        "zh": "全公司{metric}：{actual}，目标 {expected}（达成 {ratio}）",
        "en": "{metric} (company-wide): {actual} against target {expected} ({ratio} "
              "attained)"},
    "phases.check.company_targets": {
        "zh": "本月没有全公司目标：请在 targets.csv 中添加（department_id 留空）。",
        "en": "No company-wide targets this month: add them to targets.csv (empty "
              "department_id)."},
    "phases.check.departments_above": {
        "zh": "参与率达到阈值的部门占比 {actual}，要求 {expected}",
        "en": "Share of departments at or above the participation threshold: {actual}, aim "
              "{expected}"},
    "phases.check.growth_reach": {
        "zh": "{metric}环比：本月 {actual}，上月 {expected}（为上月的 {ratio}）",
        "en": "{metric} month over month: {actual} this month, {expected} last month ({ratio} "
              "of last month)"},
    "phases.check.growth_conversion_rate": {
        "zh": "{metric}环比：本月 {actual}，上月 {expected}（为上月的 {ratio}）",
        "en": "{metric} month over month: {actual} this month, {expected} last month ({ratio} "
              "of last month)"},
    "phases.check.participation": {
        "zh": "全公司参与率 {actual}，阈值 {expected}",
        "en": "Company participation rate {actual}, threshold {expected}"},
    "phases.weekly": {"zh": "试点部门逐周目标达成", "en": "Pilot departments week by week"},
    "phases.prorate_note": {
        "zh": "周目标 = 月目标 × 该周落在本月内的天数（本月数据未完整时只算到数据截至日）÷ 本月天数；周从周一开始。",
        "en": "Weekly target = monthly target × days of the week inside the month (up to the day "
              "the data reach, while the month is in progress) ÷ days in the month; weeks start on Monday."},
    "phases.week": {"zh": "周（周一）", "en": "Week (Monday)"},
    "phases.days": {"zh": "本月天数", "en": "Days in month"},
    "phases.actual": {"zh": "实际", "en": "Actual"},
    "phases.week_target": {"zh": "周目标（折算）", "en": "Weekly target (pro-rated)"},
    "phases.cohorts": {"zh": "试点与非试点部门对比 · {month}", "en": "Pilot vs non-pilot · {month}"},
    "phases.no_pilot": {
        "zh": "没有部门标记为试点（departments.csv 的 in_pilot 列），暂无法对比。",
        "en": "No department is marked as pilot (in_pilot in departments.csv), so there is "
              "nothing to compare."},
    "phases.cohort": {"zh": "部门组", "en": "Cohort"},
    "phases.pilot": {"zh": "试点部门", "en": "Pilot departments"},
    "phases.non_pilot": {"zh": "非试点部门", "en": "Other departments"},
    "phases.measure": {"zh": "指标", "en": "Measure"},
    "phases.measure.participation_rate": {"zh": "参与率", "en": "Participation rate"},
    "phases.measure.shares_per_capita": {"zh": "人均转发", "en": "Shares per capita"},
    "phases.measure.reach_per_capita": {"zh": "人均触达", "en": "Reach per capita"},
    # league table
    "league.title": {"zh": "部门排行 · {month}", "en": "League table · {month}"},
    "league.loading": {"zh": "正在计算排名……", "en": "Ranking the departments…"},
    "league.metric": {"zh": "排名指标", "en": "Rank by"},
    "league.per_capita": {"zh": "按人均", "en": "Per capita"},
    "league.per_capita_help": {
        "zh": "按在职人数折算，让不同规模的部门公平比较（默认开启）。",
        "en": "Divide by headcount so departments of different sizes compete fairly (on by "
              "default)."},
    "league.per_capita_of": {"zh": "人均{metric}", "en": "{metric} per capita"},
    "league.already_per_person": {"zh": "{metric}本身已是按人计算的指标，无需再折算。",
                                  "en": "{metric} is already per person; it is not divided again."},
    "league.award": {"zh": "本月之星：**{name}** — 人均触达 {value}",
                     "en": "Department of the month: **{name}** — reach per capita {value}"},
    "league.no_award": {"zh": "本月没有部门产生触达，暂不评选本月之星。",
                        "en": "No department reached anyone this month, so there is no "
                              "department of the month."},
    "league.award_rule": {
        "zh": "本月之星固定按人均触达评选（触达人数 ÷ 在职人数），并列时参与率高者优先。",
        "en": "The department of the month is always the highest reach per capita (reach ÷ "
              "headcount); ties go to the higher participation rate."},
    "league.movement": {"zh": "较上月", "en": "Since last month"},
    "league.new": {"zh": "新上榜", "en": "new"},
    "league.last_12": {"zh": "近 12 个月", "en": "Last 12 months"},
    "league.last_12_help": {"zh": "所选指标每月的值（有数据的月份）。",
                            "en": "The chosen metric month by month (months with data)."},
    "league.rules": {
        "zh": "数值越高排名越前；并列同名次；无法计算（如无线索时的转化率）的部门不排名。▲/▼ 为较上月名次变化，"
              "“新上榜”表示上月没有名次。",
        "en": "Higher is better; ties share a rank; departments whose figure is undefined (e.g. "
              "conversion with no leads) are not ranked. ▲/▼ is the change of rank since last "
              "month; “new” means no rank last month."},
    # risk alerts
    "alerts.title": {"zh": "风险预警 · {month}", "en": "Risk alerts · {month}"},
    "alerts.loading": {"zh": "正在回溯预警历史……", "en": "Looking back through earlier months…"},
    "alerts.none": {"zh": "{month} 没有风险预警。", "en": "No alerts in {month}."},
    "alerts.none_match": {"zh": "没有符合筛选条件的预警。", "en": "No alert matches the filters."},
    "alerts.filter_type": {"zh": "预警类型", "en": "Alert type"},
    "alerts.filter_department": {"zh": "部门", "en": "Department"},
    "alerts.all": {"zh": "全部", "en": "All"},
    "alerts.company": {"zh": "全公司", "en": "Company-wide"},
    "alerts.showing": {"zh": "显示 {shown} / {total} 条预警", "en": "Showing {shown} of {total} alerts"},
    "alerts.months_in_row": {"zh": "连续月数", "en": "Months in a row"},
    "alerts.months_in_row_help": {
        "zh": "截至本月，这条预警（同一部门、同一类型、同一指标）连续触发的月数。",
        "en": "Months in a row, ending with this one, that this alert (same department, type "
              "and metric) has fired."},
    "alerts.since": {"zh": "始于", "en": "Since"},
    "alerts.evidence": {"zh": "预警依据", "en": "Evidence"},
    # column headers of the people-level evidence rows (data_access.alert_facts)
    "field.employee_id": {"zh": "员工编号", "en": "Employee id"},
    "field.name": {"zh": "姓名", "en": "Name"},
    "field.department_id": {"zh": "部门编号", "en": "Department id"},
    "field.content_id": {"zh": "内容编号", "en": "Content id"},
    "field.title": {"zh": "内容标题", "en": "Title"},
    "field.review_status": {"zh": "审核状态", "en": "Review status"},
    "field.shares": {"zh": "分享次数", "en": "Shares"},
    "field.reach": {"zh": "触达", "en": "Reach"},
    "field.clicks": {"zh": "点击", "en": "Clicks"},
    "field.ctr": {"zh": "点击率", "en": "Click-through"},
    "field.department_ctr": {"zh": "部门点击率", "en": "Department click-through"},
    "field.ratio": {"zh": "与部门之比", "en": "Ratio to department"},
    "field.first_at": {"zh": "首次", "en": "First"},
    "field.last_at": {"zh": "最后一次", "en": "Last"},
    "field.minutes": {"zh": "间隔（分钟）", "en": "Minutes"},
    "field.leads": {"zh": "线索", "en": "Leads"},
    "field.won": {"zh": "成交", "en": "Won"},
    "field.lost": {"zh": "流失", "en": "Lost"},
    "field.open": {"zh": "跟进中", "en": "Open"},
    "field.from_month": {"zh": "起始月", "en": "From"},
    "field.to_month": {"zh": "截止月", "en": "To"},
    "alerts.evidence_help": {
        "zh": "触发预警的具体记录，仅限您有权查看的部门；请核实后再采取行动。",
        "en": "The records behind each alert, for the departments you may see; check them "
              "before acting."},
    "alerts.rules": {
        "zh": "每类预警都有成文的触发规则，阈值由管理员在“系统管理”中设置；试点阶段只监测试点部门，推广和优化阶段"
              "监测所有部门。连续月数：截至本月，同一部门、同一类型、同一指标的预警连续触发的月数。",
        "en": "Every alert type has a documented rule; administrators set the thresholds on "
              "the Administration page. In the pilot phase only pilot departments are watched; "
              "in promotion and optimization every department is. Months in a row: how many "
              "months, ending with this one, the same alert (department, type and metric) has "
              "fired."},
}
