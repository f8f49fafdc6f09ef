"""Fixed facts of the demo company: calendar, departments, names, content, sessions, targets.

Everything here is plain data; `demo.company` turns it into tracking tables with a seeded
random generator. The storyline (which department triggers which alert when) lives in the
per-department profiles below, month by month, so it can be read and changed in one place.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

D = dt.date

ROLLOUT_START = D(2025, 12, 1)
# Last day with activity in the demo ("today" of the demo export).
CUTOFF = D(2026, 11, 20)

PHASES: tuple[tuple[str, dt.date, dt.date], ...] = (
    ("launch", D(2025, 12, 1), D(2026, 1, 31)),
    ("pilot", D(2026, 2, 1), D(2026, 3, 31)),
    ("promotion", D(2026, 4, 1), D(2026, 5, 31)),
    ("optimization", D(2026, 6, 1), D(2026, 12, 31)),
)

# Activity months, 2025-12 .. 2026-11 (the last one ends at CUTOFF).
MONTHS: tuple[tuple[int, int], ...] = ((2025, 12),) + tuple((2026, m) for m in range(1, 12))


def month_index(year: int, month: int) -> int:
    return MONTHS.index((year, month))


@dataclass(frozen=True)
class DeptProfile:
    department_id: str
    name: str
    in_pilot: bool
    size: int                      # staff on 2025-12-01
    head: str                      # position of the department head
    positions: tuple[tuple[str, int], ...]  # (position, weight) for everyone else
    # share of headcount taking part, one value per month in MONTHS:
    #   Dec  Jan  Feb  Mar  Apr  May  Jun  Jul  Aug  Sep  Oct  Nov
    participation: tuple[float, ...]
    shares_per_participant: tuple[int, int]  # a participant's monthly shares, by their pace
    reach_factor: float            # multiplies the company-wide mean reach per share
    lead_rate: float               # chance that a share brings a lead
    win_rate: tuple[float, ...]    # share of a month's leads that end up won, per month
    story_rate: float              # chance that a participant collects stories in a month
    story_only: float              # share of participants who only collect stories
    deal_median: int               # CNY
    channels: tuple[tuple[str, int], ...]
    pulse_mean: tuple[float, ...]  # mean pulse score per month (Jan..Nov used)


def _w(*values: float) -> tuple[float, ...]:
    assert len(values) == len(MONTHS), values
    return values


STD_CHANNELS = (("wecom_moments", 52), ("wechat_moments", 26), ("weibo", 8), ("douyin", 7),
                ("linkedin", 7))
PRO_CHANNELS = (("wecom_moments", 45), ("wechat_moments", 20), ("weibo", 6), ("douyin", 4),
                ("linkedin", 25))
MEDIA_CHANNELS = (("wecom_moments", 44), ("wechat_moments", 22), ("weibo", 13), ("douyin", 14),
                  ("linkedin", 7))

FLAT_WIN = _w(*([0.28] * 12))

DEPARTMENTS: tuple[DeptProfile, ...] = (
    # Thriving: high participation, growing reach, most leads.
    DeptProfile(
        "sales", "销售部", True, 88, "销售总监",
        (("销售经理", 8), ("高级销售代表", 18), ("销售代表", 40), ("大客户经理", 10), ("销售助理", 6)),
        _w(0.00, 0.05, 0.50, 0.64, 0.67, 0.70, 0.72, 0.75, 0.70, 0.76, 0.74, 0.72),
        (8, 18), 1.0, 0.055, FLAT_WIN, 0.12, 0.0, 40_000, STD_CHANNELS,
        _w(0, 7.9, 7.8, 8.0, 8.1, 8.1, 8.2, 8.2, 8.0, 8.3, 8.3, 8.2)),
    DeptProfile(
        "service", "客户服务部", True, 60, "客服总监",
        (("客服主管", 6), ("客服专员", 30), ("客户成功经理", 12), ("技术支持工程师", 10)),
        _w(0.00, 0.04, 0.44, 0.56, 0.58, 0.60, 0.62, 0.63, 0.61, 0.64, 0.62, 0.60),
        (3, 8), 0.8, 0.010, _w(*([0.30] * 12)), 0.55, 0.15, 15_000, STD_CHANNELS,
        _w(0, 7.6, 7.5, 7.8, 7.9, 7.9, 8.0, 8.0, 7.8, 8.0, 8.1, 8.0)),
    DeptProfile(
        "marketing", "市场部", True, 34, "市场总监",
        (("品牌经理", 5), ("新媒体运营", 8), ("内容策划", 7), ("设计师", 5), ("市场专员", 8)),
        _w(0.12, 0.25, 0.56, 0.70, 0.73, 0.76, 0.77, 0.80, 0.74, 0.79, 0.78, 0.75),
        (10, 20), 1.3, 0.028, _w(*([0.32] * 12)), 0.10, 0.0, 20_000, MEDIA_CHANNELS,
        _w(0, 8.1, 8.0, 8.2, 8.3, 8.3, 8.4, 8.4, 8.2, 8.4, 8.5, 8.4)),
    # Many leads, poor conversion until the follow-up training in September.
    DeptProfile(
        "bd", "商务拓展部", False, 30, "商务拓展总监",
        (("商务经理", 10), ("渠道经理", 8), ("商务专员", 11)),
        _w(0.00, 0.00, 0.05, 0.08, 0.50, 0.56, 0.60, 0.62, 0.58, 0.62, 0.64, 0.60),
        (6, 12), 1.1, 0.11,
        _w(0.10, 0.10, 0.10, 0.10, 0.09, 0.08, 0.07, 0.07, 0.08, 0.08, 0.24, 0.30),
        0.05, 0.0, 80_000, PRO_CHANNELS,
        _w(0, 7.3, 7.2, 7.2, 7.1, 7.0, 6.9, 6.9, 7.0, 7.2, 7.5, 7.6)),
    # At risk: participation stays under 30 % once the programme is company-wide.
    DeptProfile(
        "rnd", "研发部", False, 95, "研发总监",
        (("技术经理", 8), ("架构师", 5), ("高级工程师", 25), ("工程师", 40), ("测试工程师", 16)),
        _w(0.00, 0.00, 0.02, 0.03, 0.17, 0.21, 0.24, 0.23, 0.22, 0.24, 0.25, 0.22),
        (2, 4), 0.9, 0.006, FLAT_WIN, 0.02, 0.0, 30_000, PRO_CHANNELS,
        _w(0, 7.1, 7.0, 6.8, 6.5, 6.3, 6.2, 6.2, 6.1, 6.3, 6.4, 6.3)),
    DeptProfile(
        "product", "产品部", False, 30, "产品总监",
        (("产品经理", 14), ("产品助理", 6), ("交互设计师", 6), ("用户研究员", 3)),
        _w(0.00, 0.00, 0.04, 0.06, 0.46, 0.52, 0.56, 0.58, 0.54, 0.58, 0.60, 0.57),
        (2, 7), 1.0, 0.008, FLAT_WIN, 0.03, 0.0, 30_000, STD_CHANNELS,
        _w(0, 7.4, 7.3, 7.5, 7.5, 7.6, 7.6, 7.6, 7.5, 7.7, 7.7, 7.6)),
    DeptProfile(
        "it", "信息技术部", False, 30, "IT经理",
        (("系统管理员", 8), ("运维工程师", 10), ("信息安全工程师", 5), ("IT支持专员", 6)),
        _w(0.00, 0.00, 0.03, 0.05, 0.40, 0.47, 0.52, 0.54, 0.50, 0.53, 0.55, 0.52),
        (2, 5), 0.8, 0.004, FLAT_WIN, 0.02, 0.0, 30_000, STD_CHANNELS,
        _w(0, 7.0, 6.9, 7.0, 7.1, 7.1, 7.2, 7.2, 7.0, 7.2, 7.3, 7.2)),
    # Reach collapses in 2026-09 and recovers in October.
    DeptProfile(
        "ops", "运营部", False, 34, "运营总监",
        (("运营经理", 6), ("运营专员", 18), ("数据分析师", 6), ("活动策划", 4)),
        _w(0.00, 0.00, 0.04, 0.06, 0.50, 0.56, 0.60, 0.62, 0.61, 0.40, 0.58, 0.60),
        (3, 7), 1.0, 0.008, FLAT_WIN, 0.03, 0.0, 25_000, STD_CHANNELS,
        _w(0, 7.3, 7.2, 7.3, 7.4, 7.4, 7.5, 7.5, 7.3, 6.6, 7.1, 7.3)),
    # Low reach per share: many shares, little audience.
    DeptProfile(
        "hr", "人力资源部", False, 20, "人力资源总监",
        (("HRBP", 5), ("招聘专员", 6), ("培训专员", 4), ("薪酬专员", 3)),
        _w(0.00, 0.05, 0.08, 0.10, 0.52, 0.56, 0.58, 0.60, 0.55, 0.58, 0.60, 0.57),
        (3, 8), 0.22, 0.004, FLAT_WIN, 0.02, 0.0, 20_000, STD_CHANNELS,
        _w(0, 7.9, 7.8, 7.9, 8.0, 8.0, 8.0, 8.1, 7.9, 8.1, 8.1, 8.0)),
    # Reach rests on one person (the finance director's big LinkedIn / Weibo following).
    DeptProfile(
        "finance", "财务部", False, 20, "财务总监",
        (("会计", 8), ("出纳", 3), ("财务分析师", 5), ("税务专员", 3)),
        _w(0.00, 0.00, 0.02, 0.04, 0.36, 0.40, 0.42, 0.44, 0.40, 0.42, 0.45, 0.43),
        (1, 4), 0.5, 0.004, FLAT_WIN, 0.02, 0.0, 30_000, STD_CHANNELS,
        _w(0, 7.2, 7.1, 7.2, 7.2, 7.3, 7.3, 7.3, 7.2, 7.3, 7.4, 7.3)),
)

# Month-over-month reach trend per department (optimization-phase growth for the thriving ones,
# the ops collapse in September).
REACH_TREND: dict[str, tuple[float, ...]] = {
    "sales": _w(1.0, 1.0, 1.0, 1.0, 1.0, 1.04, 1.08, 1.13, 1.17, 1.22, 1.27, 1.31),
    "marketing": _w(1.0, 1.0, 1.0, 1.02, 1.05, 1.08, 1.12, 1.17, 1.22, 1.27, 1.32, 1.37),
    "ops": _w(1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.55, 0.95, 1.0),
}

NEW_HIRES: dict[str, int] = {"sales": 12, "service": 7, "marketing": 4, "bd": 3, "rnd": 10,
                             "product": 3, "it": 2, "ops": 3, "hr": 2, "finance": 1}
LEAVE_RATE = 0.08  # of the staff present at rollout, over the year

SURNAMES = (
    "王王王王李李李李张张张张刘刘刘陈陈陈杨杨杨黄黄赵赵吴吴周周徐徐孙孙马马朱朱胡胡郭郭何高林罗郑梁谢宋唐许韩冯"
    "邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷"
    "侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN_CHARS = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬辉建国志鹏宇浩然子涵欣怡梓萱思远"
    "嘉怡雨桐晨阳俊杰博文一鸣佳琪昊天梦瑶晓东海燕文静立新春梅丹丹晓敏雪婷亚楠振华永刚宏伟慧敏凯琳婷颖晶倩"
    "瑞琳诗雨睿泽可馨若曦天佑雅婷")

SESSION_KICKOFF = "启动大会 kickoff all-hands"
SESSION_ONBOARDING = "新员工全员营销入门"
# (session, date, departments ("*" = all), share of those employed who attend)
SKILL_SESSIONS: tuple[tuple[str, dt.date, tuple[str, ...], float], ...] = (
    ("如何写好朋友圈文案", D(2026, 2, 10), ("sales", "service", "marketing"), 0.70),
    ("客户案例采写方法", D(2026, 3, 12), ("service", "sales"), 0.55),
    ("短视频拍摄入门", D(2026, 4, 15), ("*",), 0.25),
    ("LinkedIn 个人品牌打造", D(2026, 5, 20), ("bd", "rnd", "product", "finance"), 0.35),
    ("社媒合规与信息安全", D(2026, 6, 18), ("*",), 0.40),
    ("线索跟进与转化技巧", D(2026, 9, 10), ("bd", "sales"), 0.80),
)

# (title, content_type, owner, published_on or None, review_status)
CONTENT: tuple[tuple[str, str, str, dt.date | None, str], ...] = (
    ("全员营销启动海报", "poster", "marketing", D(2025, 12, 1), "approved"),
    ("公司品牌宣传片(3分钟版)", "video", "marketing", D(2025, 12, 1), "approved"),
    ("2025年度产品手册", "article", "product", D(2025, 12, 3), "approved"),
    ("新年致客户的一封信", "article", "marketing", D(2025, 12, 26), "approved"),
    ("元旦促销海报", "poster", "sales", D(2025, 12, 28), "approved"),
    ("客户案例:华东某制造企业降本30%", "customer_case", "sales", D(2026, 1, 12), "approved"),
    ("春节祝福海报", "poster", "marketing", D(2026, 2, 5), "approved"),
    ("春季新品发布会邀请函", "poster", "marketing", D(2026, 2, 24), "approved"),
    ("客户故事:王女士的售后体验", "customer_case", "service", D(2026, 2, 26), "approved"),
    ("行业白皮书:数字化转型趋势", "article", "marketing", D(2026, 3, 2), "approved"),
    ("春季新品上市海报", "poster", "sales", D(2026, 3, 5), "approved"),
    ("一分钟看懂新品功能", "video", "product", D(2026, 3, 9), "approved"),
    ("客户案例:连锁零售门店数字化", "customer_case", "sales", D(2026, 3, 18), "approved"),
    ("服务承诺:7×24小时响应", "poster", "service", D(2026, 3, 23), "approved"),
    ("研发实验室探访", "video", "rnd", None, "pending"),
    ("限时五折!史上最低价", "poster", "sales", None, "rejected"),
    ("工程师带你看技术架构", "article", "rnd", D(2026, 4, 2), "approved"),
    ("加入我们:春季招聘", "poster", "hr", D(2026, 4, 3), "approved"),
    ("渠道合作伙伴招募计划", "article", "bd", D(2026, 4, 8), "approved"),
    ("客户案例:某银行客服中心效率提升", "customer_case", "service", D(2026, 4, 14), "approved"),
    ("产品对比:为什么选择我们", "article", "product", D(2026, 4, 17), "approved"),
    ("五一出行服务保障", "poster", "service", D(2026, 4, 27), "approved"),
    ("短视频:客户现场回访", "video", "service", D(2026, 5, 6), "approved"),
    ("合作伙伴大会精彩回顾", "video", "bd", D(2026, 5, 12), "approved"),
    ("财务视角:企业降本的五个方法", "article", "finance", D(2026, 5, 15), "approved"),
    ("客户案例:物流企业全链路可视化", "customer_case", "bd", D(2026, 5, 20), "approved"),
    ("618 年中大促海报", "poster", "sales", D(2026, 5, 28), "approved"),
    ("数据安全,我们这样守护", "article", "it", D(2026, 6, 3), "approved"),
    ("研发团队的一天", "video", "rnd", D(2026, 6, 10), "approved"),
    ("年中大促客户答谢", "poster", "marketing", D(2026, 6, 15), "approved"),
    ("客户故事:小微企业主李先生", "customer_case", "service", D(2026, 6, 19), "approved"),
    ("运营增长方法论", "article", "ops", D(2026, 6, 24), "approved"),
    ("新版本功能抢先看", "video", "product", D(2026, 7, 1), "approved"),
    ("夏季新品海报", "poster", "sales", D(2026, 7, 3), "approved"),
    ("客户案例:医疗机构信息化升级", "customer_case", "sales", D(2026, 7, 9), "approved"),
    ("暑期实习生招募", "poster", "hr", D(2026, 7, 13), "approved"),
    ("技术公开课:架构演进之路", "video", "rnd", None, "pending"),
    ("用户大会报名开启", "poster", "marketing", D(2026, 7, 27), "approved"),
    ("行业报告:2026上半年市场观察", "article", "marketing", D(2026, 8, 4), "approved"),
    ("客户案例:教育集团线上转型", "customer_case", "bd", D(2026, 8, 10), "approved"),
    ("七夕客户关怀海报", "poster", "marketing", D(2026, 8, 17), "approved"),
    ("渠道政策解读", "article", "bd", D(2026, 8, 21), "approved"),
    ("客户故事:十年老客户的回访", "customer_case", "service", D(2026, 8, 26), "approved"),
    ("内部爆料:未发布新品参数", "article", "product", None, "rejected"),
    ("用户大会精彩瞬间", "video", "marketing", D(2026, 9, 2), "approved"),
    ("客户案例:跨境电商增长实践", "customer_case", "bd", D(2026, 9, 8), "approved"),
    ("中秋国庆双节海报", "poster", "marketing", D(2026, 9, 14), "approved"),
    ("运营数据月报解读", "article", "ops", D(2026, 9, 18), "approved"),
    ("秋季新品发布", "video", "product", D(2026, 9, 24), "approved"),
    ("客户案例:制造业供应链协同", "customer_case", "bd", D(2026, 10, 9), "approved"),
    ("售后服务升级公告", "article", "service", D(2026, 10, 12), "approved"),
    ("客户案例:区域连锁药房数字化", "customer_case", "sales", D(2026, 10, 16), "approved"),
    ("双十一预热海报", "poster", "sales", D(2026, 10, 22), "approved"),
    ("员工风采:我们的团队", "video", "hr", D(2026, 10, 27), "approved"),
    ("年度客户满意度调查结果", "article", "service", D(2026, 11, 3), "approved"),
    ("双十一大促海报", "poster", "sales", D(2026, 11, 5), "approved"),
    ("研发开放日邀请", "poster", "rnd", None, "pending"),
    ("客户案例:新能源车企服务数字化", "customer_case", "bd", D(2026, 11, 10), "approved"),
    ("年终盘点:全员营销这一年", "article", "marketing", None, "pending"),
    ("财务年终结算提醒", "poster", "finance", D(2026, 11, 12), "approved"),
)

# Targets (spec section 3 metric names), set by the committee before each month; company-wide
# per month from the pilot phase on. 2026-11 is the current month of the demo (data up to
# CUTOFF), 2026-12 lies ahead.
TARGET_MONTHS = tuple(f"2026-{m:02d}" for m in range(2, 13))
#                       Feb      Mar      Apr      May      Jun      Jul      Aug      Sep      Oct      Nov      Dec
COMPANY_TARGETS: dict[str, tuple[float, ...]] = {
    "reach": (300_000, 400_000, 550_000, 600_000, 650_000, 700_000, 750_000, 750_000, 800_000,
              800_000, 850_000),
    "shares": (1000, 1300, 1800, 1900, 2000, 2100, 2200, 2200, 2300, 2300, 2400),
    "leads": (40, 60, 80, 90, 100, 100, 100, 110, 110, 110, 120),
    "participation_rate": (0.25, 0.3, 0.5, 0.5, 0.5, 0.5, 0.5, 0.55, 0.55, 0.55, 0.55),
    "stories": (30, 40, 45, 50, 50, 55, 55, 55, 60, 60, 60),
}
# Per department: (department, metric, first month, values from that month to 2026-12).
# Pilot departments from the pilot phase on, others from promotion or optimization.
DEPARTMENT_TARGETS: tuple[tuple[str, str, str, tuple[float, ...]], ...] = (
    ("sales", "reach", "2026-02", (150_000, 200_000, 230_000, 250_000, 270_000, 290_000, 310_000,
                                   330_000, 350_000, 350_000, 370_000)),
    ("sales", "leads", "2026-02", (40, 50, 55, 55, 60, 60, 60, 65, 65, 65, 70)),
    ("sales", "participation_rate", "2026-02", (0.6,) * 11),
    ("marketing", "reach", "2026-02", (100_000, 140_000, 160_000, 180_000, 190_000, 200_000,
                                       210_000, 220_000, 230_000, 240_000, 250_000)),
    ("marketing", "leads", "2026-02", (10, 12, 12, 12, 14, 14, 14, 15, 15, 15, 16)),
    ("marketing", "participation_rate", "2026-02", (0.7,) * 11),
    ("service", "stories", "2026-02", (20, 25, 25, 28, 28, 30, 30, 30, 32, 32, 32)),
    ("service", "reach", "2026-02", (30_000, 35_000, 40_000, 40_000, 45_000, 45_000, 45_000,
                                     50_000, 50_000, 50_000, 50_000)),
    ("bd", "leads", "2026-04", (15, 15, 18, 18, 20, 20, 20, 22, 22)),
    ("bd", "conversion_rate", "2026-04", (0.15,) * 9),
    ("rnd", "reach", "2026-04", (30_000,) * 9),
    ("rnd", "participation_rate", "2026-04", (0.3,) * 9),
    ("ops", "reach", "2026-06", (35_000, 38_000, 38_000, 40_000, 40_000, 40_000, 40_000)),
    ("hr", "participation_rate", "2026-06", (0.5,) * 7),
    ("finance", "participation_rate", "2026-06", (0.4,) * 7),
)
