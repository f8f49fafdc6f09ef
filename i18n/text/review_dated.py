"""The review judged by its data: data as of, months in progress, each alert's rule, what
matters first, target and threshold rules on charts, the department's monthly view."""

TEXT: dict[str, dict[str, str]] = {
    # --- data as of (metrics/coverage.py) -----------------------------------------------------
    "asof.line": {"zh": "数据截至 {date}", "en": "Data through {date}"},
    "asof.none": {"zh": "尚无跟踪数据", "en": "No tracking data yet"},
    "asof.in_progress": {
        "zh": "{month}尚未结束：数据截至 {date}（已覆盖 {days}/{dim} 天）。目标按已覆盖天数折算，"
              "环比与上月同期（1–{day} 日）比较，预警与阶段评判同样按已覆盖天数。",
        "en": "{month} is in progress: data through {date} ({days} of {dim} days). Targets are "
              "pro-rated to the days covered, changes compare the same days of last month "
              "(1–{day}), and alerts and phase verdicts are judged on those days."},
    "asof.not_started": {"zh": "数据尚未覆盖{month}（截至 {date}）。",
                         "en": "The data do not reach {month} yet (they end on {date})."},
    "asof.by_table": {"zh": "转发截至 {shares} · 线索截至 {leads} · 客户故事截至 {stories}",
                      "en": "Shares through {shares} · leads through {leads} · stories "
                            "through {stories}"},
    "asof.vs_same_days": {"zh": "较上月同期", "en": "vs same days last month"},
    "asof.target_to_date": {
        "zh": "目标 {target} · 按 {days} 天折算 {to_date} · 进度达成 {attainment}",
        "en": "Target {target} · pro-rated to {days} days: {to_date} · {attainment} of that"},
    "asof.target_not_judged": {
        "zh": "目标 {target} · 月中不评判（随月份累积，月末再看）",
        "en": "Target {target} · not judged mid-month (it builds up to the month's end)"},

    # --- each alert's rule (metrics/alert_rules.py) -------------------------------------------
    "rule.below": {"zh": "{metric}低于 {threshold}", "en": "{metric} below {threshold}"},
    "rule.low_participation": {"zh": "参与率低于阈值 {threshold}",
                               "en": "participation rate below the threshold {threshold}"},
    "rule.low_conversion": {"zh": "线索足够多时，转化率低于 {threshold}",
                            "en": "conversion rate below {threshold} with enough leads"},
    "rule.target_miss": {"zh": "{metric}低于目标 {target} 的 {ratio}",
                         "en": "{metric} below {ratio} of the target {target}"},
    "rule.target_miss_partial": {
        "zh": "{metric}低于目标 {target} 按已覆盖天数（{covered}）折算后 {to_date} 的 {ratio}",
        "en": "{metric} below {ratio} of the target {target} pro-rated to the {covered} of the "
              "month covered ({to_date})"},
    "rule.reach_drop": {"zh": "触达比上月 {previous} 下降超过 {drop}",
                        "en": "reach more than {drop} below last month's {previous}"},
    "rule.reach_drop_partial": {
        "zh": "触达比上月 {previous} 按已覆盖天数（{covered}）折算的 {base} 下降超过 {drop}",
        "en": "reach more than {drop} below last month's {previous} pro-rated to the "
              "{covered} of the month covered ({base})"},
    "rule.low_reach_per_share": {"zh": "单次转发触达低于各部门中位数 {median} 的 {ratio}",
                                 "en": "reach per share below {ratio} of the departments' "
                                       "median {median}"},
    "rule.concentration": {"zh": "头部转发者贡献的触达超过 {threshold}",
                           "en": "the top sharers produce more than {threshold} of the reach"},
    "rule.unapproved_content": {"zh": "至少 {threshold} 次转发了未通过审核的内容",
                                "en": "at least {threshold} share(s) of content not approved"},
    "rule.burst_shares": {"zh": "同一人在数分钟内转发同一内容达 {threshold} 次以上",
                          "en": "one person shared the same content {threshold}+ times "
                                "within minutes"},
    "rule.suspect_ctr": {"zh": "某转发者点击率低于部门点击率 {department} 的 {ratio}",
                         "en": "a sharer's click-through below {ratio} of the department's "
                               "{department}"},
    "rule.unwon_leads": {"zh": "同一人 {threshold} 条以上线索从未成交",
                         "en": "one person with {threshold}+ leads, none won"},

    # --- what matters first (metrics/alert_priority.py) ---------------------------------------
    "prio.item": {"zh": "**{title} · {department}**（严重程度：{severity}）", "en":
                  "**{title} · {department}** (severity: {severity})"},
    "prio.member": {"zh": "{metric} {value}：{rule}", "en": "{metric} {value}: {rule}"},
    "prio.streak": {"zh": "连续 {months} 个月", "en": "{months} months in a row"},
    "prio.cause_action": {"zh": "可能原因：{cause}。建议：{action}。",
                          "en": "Likely cause: {cause}. Suggested action: {action}."},
    "prio.order_note": {
        "zh": "按优先级排列：严重程度、核心预警（参与率、转化率）优先、连续月数、部门人数、偏离阈值的程度；"
              "同一部门的同类预警合并为一条。",
        "en": "In order of priority: severity, the core alerts (participation, conversion) "
              "first, months in a row, department size, distance from the threshold; alerts "
              "of one type in one department are one item."},
    "prio.more": {"zh": "另有 {more} 项（共 {alerts} 条预警），请到“风险预警”页面查看全部。",
                  "en": "{more} more items ({alerts} alerts in all) on the Risk alerts page."},
    "prio.what_to_do": {"zh": "可能原因与建议措施", "en": "Likely causes and what to do"},
    "prio.col_rule": {"zh": "规则", "en": "Rule"},
    "prio.col_priority": {"zh": "优先级", "en": "Priority"},
    "prio.card_phase": {"zh": "{phase}阶段按{basis}评判：{verdict}",
                        "en": "The {phase} phase judges this by {basis}: {verdict}"},
    "prio.basis.growth": {"zh": "较上月的增长（{actual} 对 {expected}）",
                          "en": "growth on last month ({actual} against {expected})"},
    "prio.basis.threshold": {"zh": "参与率阈值 {expected}（{actual}）",
                             "en": "the participation threshold {expected} ({actual})"},

    # --- charts ----------------------------------------------------------------------------
    "rchart.target": {"zh": "目标", "en": "Target"},
    "rchart.threshold": {"zh": "参与率阈值", "en": "Participation threshold"},
    "rchart.pick": {"zh": "显示的部门", "en": "Departments shown"},
    "rchart.pick_help": {"zh": "默认显示表现最好和最差的部门及试点部门；可增减。",
                         "en": "By default the best and the worst department and the pilots; "
                               "add or remove any."},
    "rchart.rules_note": {
        "zh": "{rules}；两图纵轴刻度相同。{partial}",
        "en": "{rules}; both charts share one scale. {partial}"},
    "rchart.target_rule": {"zh": "红色虚线：全公司当月目标", "en": "red dashes: the company target of each month"},
    "rchart.target_to_date": {"zh": "目标（按已覆盖天数折算）", "en": "Target pro-rated to the days covered"},
    "rchart.to_date_rule": {"zh": "红色菱形：本月目标按已覆盖天数折算", "en": "red diamond: this month's target pro-rated to the days covered"},
    "rchart.threshold_rule": {"zh": "橙色点线：参与率阈值 {value}",
                              "en": "orange dots: the participation threshold {value}"},
    "rchart.partial": {"zh": "最后一个月的数据截至 {date}，尚未完整。",
                       "en": "The last month's data end on {date}: it is not complete."},
    "rchart.line": {"zh": "线", "en": "Line"},

    # --- my team: the department's month ------------------------------------------------------
    "myteam.kpis": {"zh": "本部门本月核心指标", "en": "The department's month"},
    "myteam.no_target": {"zh": "本月未设部门目标", "en": "No department target this month"},
}
