"""A constructed company and users for the notification tests."""
from __future__ import annotations

import datetime as dt

from tests.build_company import Company

TODAY = dt.date(2026, 6, 10)          # May is complete; the promotion phase
MONTH = "2026-05"
OTHER_PEOPLE = {"sales": ("张伟", "李娜"), "rnd": ("王强", "赵敏", "孙丽", "周杰")}

USERS = {"credentials": {"usernames": {
    "head_sales": {"first_name": "王", "last_name": "丽", "email": "wang.li@example.com",
                   "wecom_userid": "wangli", "roles": ["dept_head"], "departments": ["sales"],
                   "password": "x"},
    "head_rnd": {"first_name": "Sam", "last_name": "Lee", "email": "sam.lee@example.com",
                 "wecom_userid": "samlee", "language": "en", "roles": ["dept_head"],
                 "departments": ["rnd"], "password": "x"},
    "committee": {"first_name": "委员会", "email": "committee@example.com",
                  "roles": ["committee"], "password": "x"},
    "admin": {"first_name": "管理员", "email": "admin@example.com", "roles": ["admin"],
              "password": "x"},
}}}


def company() -> Company:
    """sales: 2 people, both share (10 shares, reach 1,000 against a target of 2,000:
    target_miss); rnd: 4 people, 1 shares (participation 25 %: low_participation)."""
    c = Company().dept("sales", name="销售部").dept("rnd", name="研发部")
    for dep, names in OTHER_PEOPLE.items():
        for n, name in enumerate(names, 1):
            c.emp(f"{dep}{n}", dep, name=name)
    c.shares("sales1", MONTH, 5, reach=100, clicks=10)
    c.shares("sales2", MONTH, 5, reach=100, clicks=10)
    c.shares("rnd1", MONTH, 2, reach=50, clicks=5)
    c.target(MONTH, "sales", "reach", 2000)
    c.share("sales1", "2026-06-01 09:00", 0)   # the data reach June: May is complete
    return c
