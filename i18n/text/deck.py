"""The meeting deck (.pptx), its PDF and the review pack's new sheets and labels
(exports/deck_content.py, deck_pptx.py, deck_pdf.py, chart_images.py, review_pack.py)."""

TEXT: dict[str, dict[str, str]] = {
    # --- download buttons (pages/review.py) --------------------------------------------------
    "deck.download_pptx": {"zh": "下载会议幻灯片 (.pptx)", "en": "Download meeting deck (.pptx)"},
    "deck.download_pptx_help": {
        "zh": "标题、核心指标、趋势图、部门排行、阶段评估、重点预警与本月营销达人，可直接投屏",
        "en": "Title, key figures, trend charts, league table, phase scorecard, top alerts and "
              "the month's stars, ready to project"},
    "deck.download_pdf": {"zh": "下载会议材料 (PDF)", "en": "Download meeting handout (PDF)"},
    "deck.download_pdf_help": {
        "zh": "与幻灯片内容相同，A4 横向，可直接打印",
        "en": "The deck's content on A4 landscape pages, ready to print"},

    # --- title slide ----------------------------------------------------------------------------
    "deck.title": {"zh": "全员营销月度复盘", "en": "All-employee marketing: monthly review"},
    "deck.month": {"zh": "月份：{month}", "en": "Month: {month}"},
    "deck.phase": {"zh": "当前阶段：{phase}", "en": "Phase: {phase}"},
    "deck.phase_none": {"zh": "当前阶段：未排期", "en": "Phase: none scheduled"},
    "deck.data_as_of": {"zh": "数据截至：{day}", "en": "Data as of: {day}"},
    "deck.month_partial": {"zh": "本月数据尚不完整（截至 {day}）",
                           "en": "The month is in progress (data through {day})"},
    "deck.month_complete": {"zh": "本月数据完整", "en": "The month's data is complete"},
    "deck.generated": {"zh": "生成时间：{day}", "en": "Prepared on {day}"},
    "deck.page": {"zh": "第 {page} 页 / 共 {pages} 页", "en": "Page {page} of {pages}"},

    # --- key figures ----------------------------------------------------------------------------
    "deck.kpis": {"zh": "核心指标（全公司）", "en": "Key figures (whole company)"},
    "deck.col.metric": {"zh": "指标", "en": "Metric"},
    "deck.col.value": {"zh": "本月", "en": "This month"},
    "deck.col.previous": {"zh": "上月", "en": "Last month"},
    "deck.col.change": {"zh": "较上月变化", "en": "Change on last month"},
    "deck.col.relative": {"zh": "相对变化", "en": "Relative change"},
    "deck.col.target": {"zh": "目标", "en": "Target"},
    "deck.col.attainment": {"zh": "达成率", "en": "Attained"},
    "deck.kpis_note": {
        "zh": "比率类指标（参与率、转化率等）的变化以百分点（pp）表示，相对变化以 % 表示；“—” 表示无法计算或未设目标。",
        "en": "Changes of rates (participation, conversion …) are in percentage points (pp); "
              "relative changes in %. “—”: not defined or no target set."},

    # --- charts ---------------------------------------------------------------------------------
    "deck.trends": {"zh": "近 12 个月趋势（全公司）", "en": "12-month trend (whole company)"},
    "deck.department_trend": {"zh": "各部门参与率趋势", "en": "Participation rate by department"},
    "deck.department_trend_note": {
        "zh": "显示本月参与率最高与最低的部门及全部试点部门；虚线为参与率阈值 {threshold}。",
        "en": "The departments with the highest and lowest participation this month and every "
              "pilot department; the dashed line is the participation threshold, {threshold}."},
    "deck.trends_note": {
        "zh": "虚线为本月目标（如设定）或参与率阈值。",
        "en": "Dashed lines: this month's target (where one is set) or the participation "
              "threshold."},
    "deck.rule.target": {"zh": "目标 {value}", "en": "target {value}"},
    "deck.rule.threshold": {"zh": "阈值 {value}", "en": "threshold {value}"},
    "deck.league": {"zh": "部门排行（按参与率）", "en": "League table (by participation rate)"},
    "deck.league_chart_title": {"zh": "各部门参与率", "en": "Participation rate by department"},
    "deck.league_table": {"zh": "部门排行明细", "en": "League table in figures"},
    "deck.no_trend": {"zh": "暂无趋势数据", "en": "No trend data yet"},

    # --- phase scorecard ------------------------------------------------------------------------
    "deck.phases": {"zh": "阶段评估", "en": "Phase scorecard"},
    "deck.col.phase": {"zh": "阶段", "en": "Phase"},
    "deck.col.status": {"zh": "状态", "en": "Status"},
    "deck.col.verdict": {"zh": "结论", "en": "Verdict"},
    "deck.col.why": {"zh": "依据", "en": "Why"},
    "deck.phase_upcoming": {"zh": "尚未开始（{start} 开始）", "en": "Not started (starts {start})"},
    "deck.phase_unscheduled": {"zh": "未排期", "en": "Not scheduled"},
    "deck.more_checks": {"zh": "另有 {n} 项检查", "en": "{n} more checks"},

    # --- alerts ---------------------------------------------------------------------------------
    "deck.alerts": {"zh": "重点预警", "en": "Top alerts"},
    "deck.col.alert": {"zh": "预警", "en": "Alert"},
    "deck.col.figure": {"zh": "数值", "en": "Figure"},
    "deck.col.cause": {"zh": "可能原因", "en": "Likely cause"},
    "deck.col.action": {"zh": "建议措施", "en": "Suggested action"},
    "deck.alert_figure": {"zh": "{metric} {value}，阈值 {threshold}",
                          "en": "{metric} {value}, threshold {threshold}"},
    "deck.more_alerts": {"zh": "另有 {more} 条预警，见看板“风险预警”页面。",
                         "en": "{more} more alerts on the dashboard's Alerts page."},
    "deck.no_alerts": {"zh": "本月没有风险预警。", "en": "No alerts this month."},

    # --- stars ----------------------------------------------------------------------------------
    "deck.stars": {"zh": "本月营销达人", "en": "Stars of the month"},
    "deck.company_star": {"zh": "全公司营销达人：{name}（{department}），得分 {score}",
                          "en": "Company star: {name} ({department}), score {score}"},
    "deck.company_star_elsewhere": {"zh": "全公司营销达人来自 {department}",
                                    "en": "The company star is from {department}"},
    "deck.no_stars": {"zh": "本月没有营销达人（无人参与）。",
                      "en": "No stars this month (nobody took part)."},
    "deck.stars_error": {"zh": "激励规则有误，无法评选营销达人：{error}",
                         "en": "The incentive rules have a problem, so no stars: {error}"},
    "deck.col.department": {"zh": "部门", "en": "Department"},
    "deck.col.name": {"zh": "姓名", "en": "Name"},
    "deck.col.score": {"zh": "得分", "en": "Score"},

    # --- review pack (.xlsx) --------------------------------------------------------------------
    "pack.col.change_abs": {"zh": "较上月变化（比率：百分点 pp）",
                            "en": "Change on last month (rates: percentage points, pp)"},
    "pack.col.change_rel": {"zh": "相对变化（%）", "en": "Relative change (%)"},
    "pack.col.department_id": {"zh": "部门编号（供查找）", "en": "Department ID (for lookups)"},
    "pack.phases": {"zh": "阶段评估", "en": "Phases"},
    "pack.trend": {"zh": "趋势", "en": "Trend"},
    "pack.data_as_of": {"zh": "数据截至", "en": "Data as of"},
    "pack.month_status": {"zh": "本月数据", "en": "Month's data"},
    "pack.note": {"zh": "说明", "en": "Note"},
    "pack.trend_caption": {"zh": "全公司逐月数据（最早的月份在上）",
                           "en": "The whole company month by month (oldest first)"},
    "pack.col.month": {"zh": "月份", "en": "Month"},
    "pack.col.check": {"zh": "检查项", "en": "Check"},
}
