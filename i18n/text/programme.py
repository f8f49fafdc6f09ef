"""Programme management: the alerts beyond the spec's two, incentives and recognition,
programme value (EMV) and health (pulse beside participation)."""

TEXT: dict[str, dict[str, str]] = {
    "page.recognition": {"zh": "激励与表彰", "en": "Recognition"},
    "page.health": {"zh": "项目价值与健康度", "en": "Value and health"},

    # --- alerts (metrics/alerts.py, docs/alerts.md) ------------------------------------------
    "alert.company": {"zh": "全公司", "en": "Company"},
    "alert.target_miss": {"zh": "未达目标", "en": "Target missed"},
    "alert.target_miss.cause": {
        "zh": "本月结果明显低于为本月设定的目标：目标可能超出本阶段的能力，或推进力度有所松懈",
        "en": "The month's result is well below the target set for it: the target may be too "
              "ambitious for this phase, or the effort has lapsed"},
    "alert.target_miss.action": {
        "zh": "对照上月与参与率找出差距所在，与部门负责人商定追赶计划；如目标不合理，提交推进委员会调整",
        "en": "Compare with last month and with participation to see where the gap is; agree a "
              "catch-up plan with the department head, or take the target back to the committee"},
    "alert.reach_drop": {"zh": "触达骤降", "en": "Reach drop"},
    "alert.reach_drop.cause": {
        "zh": "转发比上月少或吸引力下降：参与者流失、活动结束或某个渠道失效",
        "en": "Fewer or less engaging shares than last month: participants dropped out, a "
              "campaign ended or a channel stopped working"},
    "alert.reach_drop.action": {
        "zh": "与部门负责人确认发生了什么变化；提供新内容并提醒大家；检查渠道和工具是否正常",
        "en": "Ask the department head what changed; give them fresh content and a reminder; "
              "check that channels and tools work"},
    "alert.low_reach_per_share": {"zh": "单次转发触达偏低", "en": "Low reach per share"},
    "alert.low_reach_per_share.cause": {
        "zh": "内容吸引力不足（例如太专业，客户看不懂）",
        "en": "The content is not engaging (e.g. too technical for customers)"},
    "alert.low_reach_per_share.action": {
        "zh": "简化内容，更换形式（如短视频、客户案例）",
        "en": "Simplify the content, change the format (e.g. short video, customer case)"},
    "alert.unapproved_content": {"zh": "转发未审核内容", "en": "Unapproved content shared"},
    "alert.unapproved_content.cause": {
        "zh": "转发了未通过或尚未完成审核的内容：品牌与合规风险",
        "en": "Content that failed or has not yet passed review was shared: a brand and "
              "compliance risk"},
    "alert.unapproved_content.action": {
        "zh": "请相关员工删除这些转发，只转发内容库中已审核的内容；加快员工想转发内容的审核",
        "en": "Ask the people concerned to delete those posts and share only approved content "
              "from the library; speed up the review of content people want to share"},
    "alert.suspected_gaming": {"zh": "疑似刷量", "en": "Suspected gaming"},
    "alert.suspected_gaming.cause": {
        "zh": "活动数据可能被刷高：大量转发几乎无人点击、同一内容几分钟内反复转发，或线索长期从不成交——"
              "常见于激励只看数量不看结果",
        "en": "Activity looks inflated: mass shares that hardly anyone clicks, the same content "
              "shared again and again within minutes, or leads that are never won — often a sign "
              "that incentives reward counts rather than results"},
    "alert.suspected_gaming.action": {
        "zh": "市场部在发放奖金前与部门负责人一起核查明细（激励与表彰页面）；重申规则；奖励结果（触达、点击、成交）而非数量",
        "en": "Marketing checks the evidence rows (Recognition page) with the department head "
              "before bonuses are paid; restate the rules; reward results (reach, clicks, deals) "
              "rather than counts"},
    "alert.concentration": {"zh": "参与过于集中", "en": "Reach rests on a few"},
    "alert.concentration.cause": {
        "zh": "部门的触达依赖少数几个人：全员营销尚未在部门内真正铺开",
        "en": "The department's reach rests on a few people: the programme has not taken root "
              "in the department"},
    "alert.concentration.action": {
        "zh": "请转发最多的同事带教他人、结对分享；为其他人准备一键可转的内容；表彰首次参与的同事",
        "en": "Ask the top sharers to coach colleagues and pair up; give everyone else easy "
              "ready-to-share content; recognise first-time participants"},
    # metrics the new alerts report
    "metric.reach_change": {"zh": "触达环比变化", "en": "Reach change"},
    "metric.reach_per_share": {"zh": "单次转发触达", "en": "Reach per share"},
    "metric.unapproved_shares": {"zh": "未审核内容转发数", "en": "Shares of unapproved content"},
    "metric.suspect_ctr": {"zh": "可疑员工点击率", "en": "Click-through of a suspect sharer"},
    "metric.burst_shares": {"zh": "短时集中转发次数", "en": "Shares in one burst"},
    "metric.unwon_leads": {"zh": "从未成交的线索（单人）", "en": "Leads never won (one person)"},
    "metric.top_reach_share": {"zh": "头部参与者的触达占比", "en": "Reach share of the top sharers"},
    # settings labels (Administration page)
    "admin.setting.alerts.target_miss.ratio": {"zh": "未达目标：低于目标的比例",
                                               "en": "Target missed: below this share of target"},
    "admin.setting.alerts.reach_drop.drop": {"zh": "触达骤降：环比下降超过",
                                             "en": "Reach drop: fall of more than"},
    "admin.setting.alerts.low_reach_per_share.ratio": {
        "zh": "单次触达偏低：低于部门中位数的比例", "en": "Low reach per share: below this share of the median"},
    "admin.setting.alerts.low_reach_per_share.min_shares": {
        "zh": "单次触达偏低：最少转发数", "en": "Low reach per share: minimum shares"},
    "admin.setting.alerts.unapproved_content.min_shares": {
        "zh": "未审核内容：最少转发数", "en": "Unapproved content: minimum shares"},
    "admin.setting.alerts.suspected_gaming.min_shares": {
        "zh": "疑似刷量：低点击率检查的最少转发数", "en": "Suspected gaming: minimum shares for the CTR check"},
    "admin.setting.alerts.suspected_gaming.ctr_ratio": {
        "zh": "疑似刷量：点击率低于部门的比例", "en": "Suspected gaming: CTR below this share of the department's"},
    "admin.setting.alerts.suspected_gaming.burst_shares": {
        "zh": "疑似刷量：同一内容集中转发次数", "en": "Suspected gaming: shares of one content in a burst"},
    "admin.setting.alerts.suspected_gaming.burst_minutes": {
        "zh": "疑似刷量：集中转发的时间窗口（分钟）", "en": "Suspected gaming: burst window (minutes)"},
    "admin.setting.alerts.suspected_gaming.lead_months": {
        "zh": "疑似刷量：线索回看月数", "en": "Suspected gaming: months of leads looked at"},
    "admin.setting.alerts.suspected_gaming.lead_min": {
        "zh": "疑似刷量：从未成交的最少线索数", "en": "Suspected gaming: minimum leads never won"},
    "admin.setting.alerts.concentration.top_fraction": {
        "zh": "参与集中：头部参与者比例", "en": "Concentration: top share of sharers"},
    "admin.setting.alerts.concentration.max_share": {
        "zh": "参与集中：头部触达占比上限", "en": "Concentration: maximum share of reach"},
    "admin.setting.alerts.concentration.min_participants": {
        "zh": "参与集中：最少参与人数", "en": "Concentration: minimum sharers"},
    "admin.setting.alerts.partial_month.min_days": {
        "zh": "当月未结束：至少覆盖天数才按比例判断", "en": "Month in progress: days of data before judging pro rata"},
    "admin.setting.value.cpm": {"zh": "每千次触达价值 (CPM)", "en": "Value per 1,000 reach (CPM)"},
    "admin.setting.value.cpc": {"zh": "每次点击价值 (CPC)", "en": "Value per click (CPC)"},

    # --- recognition page ------------------------------------------------------------------
    "recognition.caption": {
        "zh": "{month}：营销达人按得分评选（{formula}），只在本月参与了的员工中评选；不列出未参与的员工。",
        "en": "{month}: marketing stars are chosen by score ({formula}), among the people who "
              "took part this month only; nobody who did not take part is listed."},
    "recognition.loading": {"zh": "正在计算……", "en": "Working it out…"},
    "recognition.rules_error": {
        "zh": "激励规则文件有误，请管理员修改后再查看：\n\n{error}",
        "en": "The incentive rules file has a mistake; an administrator needs to fix it:\n\n{error}"},
    "recognition.stars": {"zh": "本月营销达人", "en": "Marketing stars of the month"},
    "recognition.company_star": {"zh": "全公司营销达人", "en": "Company marketing star"},
    "recognition.company_star_line": {"zh": "**{name}**（{department}）· 得分 {score}",
                                      "en": "**{name}** ({department}) · score {score}"},
    "recognition.company_star_elsewhere": {
        "zh": "本月全公司营销达人来自{department}。", "en": "This month's company star is from {department}."},
    "recognition.no_star": {"zh": "本月还没有人得分，暂无营销达人。",
                            "en": "Nobody has scored yet this month: no star."},
    "recognition.department_stars": {"zh": "各部门营销达人", "en": "Department stars"},
    "recognition.streaks": {"zh": "连续 {n} 个月及以上当选", "en": "Star {n} months in a row or more"},
    "recognition.streaks_help": {
        "zh": "连续当选（全公司或本部门营销达人）的月数，截至本月；可作为晋升参考。",
        "en": "Months in a row, up to this one, as company or department star; worth noting "
              "for promotion."},
    "recognition.no_streaks": {"zh": "本月没有人连续 {n} 个月当选。",
                               "en": "Nobody has been star {n} months in a row."},
    "recognition.sheet": {"zh": "本月奖金明细", "en": "Bonus sheet of the month"},
    "recognition.sheet_caption": {
        "zh": "每人每条规则一行；合计 {total}（{people} 人）。规则文件：{path}",
        "en": "One row per person per rule; total {total} ({people} people). Rules file: {path}"},
    "recognition.sheet_empty": {"zh": "本月没有人获得奖金。", "en": "No bonus this month."},
    "recognition.by_rule": {"zh": "按规则汇总", "en": "By rule"},
    "recognition.download": {"zh": "下载奖金表 (Excel，发薪用)", "en": "Download the bonus sheet (Excel, for payroll)"},
    "recognition.rules": {"zh": "当前激励规则", "en": "Incentive rules in force"},
    "recognition.check": {"zh": "发放前核查：疑似刷量", "en": "Check before paying: suspected gaming"},
    "recognition.check_caption": {
        "zh": "以下转发或线索符合疑似刷量规则（见风险预警说明），奖金表中这些人标有“需核查”。这只是提示，请先与本人和部门负责人核实。",
        "en": "These shares or leads match a suspected-gaming rule (see the alert rules); the "
              "bonus sheet marks these people “check”. It is a prompt, not a verdict: check "
              "with the person and their head first."},
    "recognition.no_check": {"zh": "本月没有需要核查的记录。", "en": "Nothing to check this month."},
    "recognition.flag": {"zh": "需核查", "en": "check"},
    "recognition.rule.star_company": {"zh": "本月营销达人（全公司）",
                                      "en": "Marketing star of the month (company)"},
    "recognition.rule.star_department": {"zh": "本月部门营销达人",
                                         "en": "Department marketing star of the month"},
    "recognition.score_formula_part": {"zh": "{weight} × {metric}", "en": "{weight} × {metric}"},
    "recognition.prize_line": {
        "zh": "全公司达人奖金 {company}；部门达人奖金 {department}",
        "en": "Company star prize {company}; department star prize {department}"},
    "pattern.burst_shares": {"zh": "同一内容短时集中转发", "en": "Burst of the same content"},
    "pattern.suspect_ctr": {"zh": "大量转发、点击率极低", "en": "Many shares, very low click-through"},
    "pattern.unwon_leads": {"zh": "线索长期从不成交", "en": "Leads never won"},
    # bonus sheet and evidence columns
    "bonus.col.employee_id": {"zh": "员工编号", "en": "Employee id"},
    "bonus.col.name": {"zh": "姓名", "en": "Name"},
    "bonus.col.position": {"zh": "岗位", "en": "Position"},
    "bonus.col.rule_id": {"zh": "规则编号", "en": "Rule id"},
    "bonus.col.rule": {"zh": "规则", "en": "Rule"},
    "bonus.col.metric": {"zh": "依据指标", "en": "Based on"},
    "bonus.col.basis": {"zh": "指标值", "en": "Value"},
    "bonus.col.amount": {"zh": "金额", "en": "Amount"},
    "bonus.col.currency": {"zh": "币种", "en": "Currency"},
    "bonus.col.check": {"zh": "核查", "en": "Check"},
    "bonus.col.people": {"zh": "人数", "en": "People"},
    "bonus.col.lines": {"zh": "条数", "en": "Lines"},
    "bonus.col.score": {"zh": "得分", "en": "Score"},
    "bonus.col.months": {"zh": "连续月数", "en": "Months in a row"},
    "bonus.col.pattern": {"zh": "疑似情形", "en": "Pattern"},
    "bonus.col.content": {"zh": "内容", "en": "Content"},
    "bonus.col.count": {"zh": "次数 / 条数", "en": "Count"},
    "bonus.col.first_at": {"zh": "开始", "en": "From"},
    "bonus.col.last_at": {"zh": "结束", "en": "To"},
    "bonus.col.detail": {"zh": "说明", "en": "Detail"},
    "bonus.total": {"zh": "合计", "en": "Total"},
    "bonus.sheet_lines": {"zh": "奖金明细", "en": "Bonus lines"},
    "bonus.sheet_people": {"zh": "按人汇总", "en": "Per person"},
    "bonus.sheet_rules": {"zh": "按规则汇总", "en": "Per rule"},
    "bonus.title": {"zh": "全员营销奖金表 {month}", "en": "All-employee marketing bonus sheet {month}"},
    "bonus.metric.score": {"zh": "营销达人得分", "en": "Star score"},
    "evidence.burst": {"zh": "{minutes} 分钟内 {shares} 次，触达 {reach}，点击 {clicks}",
                       "en": "{shares} times in {minutes} minutes, reach {reach}, clicks {clicks}"},
    "evidence.ctr": {"zh": "{shares} 次转发，点击率 {ctr}（部门 {department_ctr}）",
                     "en": "{shares} shares, click-through {ctr} (department {department_ctr})"},
    "evidence.leads": {"zh": "{from_month} 至 {to_month} 共 {leads} 条线索，0 成交（丢单 {lost}，跟进中 {open}）",
                       "en": "{leads} leads {from_month} to {to_month}, none won ({lost} lost, "
                             "{open} open)"},

    # --- value and health page ---------------------------------------------------------------
    "health.title": {"zh": "项目价值与健康度 · {month}", "en": "Programme value and health · {month}"},
    "health.loading": {"zh": "正在汇总……", "en": "Adding it up…"},
    "value.header": {"zh": "挣得媒体价值 (EMV)", "en": "Earned media value (EMV)"},
    "value.emv": {"zh": "本月挣得媒体价值", "en": "EMV this month"},
    "value.reach_part": {"zh": "触达价值", "en": "Value of reach"},
    "value.click_part": {"zh": "点击价值", "en": "Value of clicks"},
    "value.formula": {
        "zh": "EMV = 触达人数 ÷ 1000 × CPM + 点击数 × CPC；CPM = {cpm}，CPC = {cpc}（{currency}，系统设置中可改）。"
              "即员工转发带来的曝光与点击，若用广告购买需要花费的金额。",
        "en": "EMV = reach ÷ 1000 × CPM + clicks × CPC; CPM = {cpm}, CPC = {cpc} ({currency}, "
              "settings). What the reach and clicks staff brought would have cost as paid ads."},
    "value.by_department": {"zh": "各部门挣得媒体价值", "en": "EMV by department"},
    "value.trend": {"zh": "近 12 个月挣得媒体价值", "en": "EMV over the last 12 months"},
    "value.col.emv": {"zh": "EMV", "en": "EMV"},
    "value.col.emv_per_capita": {"zh": "人均 EMV", "en": "EMV per head"},
    "health.header": {"zh": "员工脉搏 (eNPS) 与参与率", "en": "Pulse (eNPS) beside participation"},
    "health.caption": {
        "zh": "同一部门的参与率与员工推荐值并排看：参与率上升而 eNPS 下滑，说明项目可能在消耗员工的热情。",
        "en": "Participation and eNPS side by side per department: participation rising while "
              "eNPS falls means the programme may be wearing staff out."},
    "health.participation_chart": {"zh": "参与率", "en": "Participation rate"},
    "health.enps_chart": {"zh": "员工推荐值 (eNPS)", "en": "eNPS"},
    "health.signals": {"zh": "近 {n} 个月的变化", "en": "Change over the last {n} months"},
    "health.signals_help": {
        "zh": "参与率：本月对比 {n} 个月前；eNPS：最近 {n} 个月的平均对比之前 {n} 个月的平均（仅计有回答的月份）。",
        "en": "Participation: this month against {n} months earlier; eNPS: the mean of the last "
              "{n} months against the {n} before (months with answers only)."},
    "health.col.participation_change": {"zh": "参与率变化", "en": "Participation change"},
    "health.col.enps_recent": {"zh": "eNPS（近期）", "en": "eNPS (recent)"},
    "health.col.enps_before": {"zh": "eNPS（此前）", "en": "eNPS (before)"},
    "health.col.enps_change": {"zh": "eNPS 变化", "en": "eNPS change"},
    "health.col.verdict": {"zh": "判断", "en": "Reading"},
    "health.verdict.lifting": {"zh": "士气提升", "en": "Lifting staff"},
    "health.verdict.wearing_out": {"zh": "可能透支员工", "en": "May be wearing staff out"},
    "health.verdict.cooling": {"zh": "参与与士气同降", "en": "Cooling off"},
    "health.verdict.steady": {"zh": "平稳", "en": "Steady"},
    "health.verdict.no_data": {"zh": "脉搏数据不足", "en": "Too few pulse answers"},
    "health.no_pulse": {"zh": "还没有脉搏调查数据（pulse 表）。", "en": "No pulse survey answers yet (pulse table)."},
}
