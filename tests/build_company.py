"""A small company built row by row in a test and loaded through the normal import path
(CSV files), so the employee_month rollup and everything else is as in production."""
from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from pathlib import Path

from data_access.contract import IMPORT_ORDER, TABLES
from data_access.importing import import_path

PHASES = (("launch", "2026-01-01", "2026-01-31"), ("pilot", "2026-02-01", "2026-03-31"),
          ("promotion", "2026-04-01", "2026-06-30"), ("optimization", "2026-07-01", "2026-12-31"))


class Company:
    def __init__(self, phases=PHASES):
        self.rows: dict[str, list[dict]] = defaultdict(list)
        self.n = defaultdict(int)
        for phase, start, end in phases:
            self.rows["phases"].append({"phase": phase, "start_date": start, "end_date": end})
        self.content("c1")

    def _id(self, prefix: str) -> str:
        self.n[prefix] += 1
        return f"{prefix}{self.n[prefix]:05d}"

    def dept(self, department_id: str, in_pilot: bool = False, name: str | None = None):
        self.rows["departments"].append({"department_id": department_id,
                                         "name": name or f"Dept {department_id}",
                                         "in_pilot": "true" if in_pilot else "false"})
        return self

    def emp(self, employee_id: str, department_id: str, name: str | None = None,
            position: str = "", hired_on: str = "2025-01-01", left_on: str = ""):
        self.rows["employees"].append({"employee_id": employee_id, "name": name or employee_id,
                                       "department_id": department_id, "position": position,
                                       "hired_on": hired_on, "left_on": left_on,
                                       "tools_activated_on": ""})
        return self

    def content(self, content_id: str, status: str = "approved", title: str | None = None,
                url: str = ""):
        self.rows["content"].append({"content_id": content_id, "title": title or content_id,
                                     "content_type": "article", "owner_department_id": "",
                                     "review_status": status, "published_on": "", "url": url})
        return self

    def share(self, employee_id: str, at, reach: int, clicks: int | None = 0,
              content_id: str | None = "c1") -> str:
        """A share; clicks None = not known (an empty cell)."""
        share_id = self._id("s")
        at = at if isinstance(at, str) else at.strftime("%Y-%m-%d %H:%M:%S")
        self.rows["shares"].append({"share_id": share_id, "employee_id": employee_id,
                                    "content_id": content_id or "", "channel": "wecom_moments",
                                    "shared_at": at, "reach": str(reach),
                                    "clicks": "" if clicks is None else str(clicks)})
        return share_id

    def share_clicks(self, share_id: str, clicks: int) -> None:
        self.rows["share_clicks"].append({"share_id": share_id, "clicks": str(clicks)})

    def shares(self, employee_id: str, month: str, n: int, reach: int, clicks: int | None = 0,
               content_id: str | None = "c1") -> None:
        """n shares in `month`, one a day from the 1st at noon (n <= 28)."""
        for i in range(n):
            self.share(employee_id, f"{month}-{i + 1:02d} 12:00:00", reach, clicks, content_id)

    def lead(self, employee_id: str, created_at: str, status: str = "open",
             closed_at: str = "", amount: str = "") -> None:
        self.rows["leads"].append({"lead_id": self._id("l"), "employee_id": employee_id,
                                   "share_id": "", "created_at": created_at, "status": status,
                                   "closed_at": closed_at, "deal_amount": amount})

    def story(self, employee_id: str, collected_on: str) -> None:
        self.rows["stories"].append({"story_id": self._id("t"), "employee_id": employee_id,
                                     "collected_on": collected_on})

    def target(self, month: str, department_id: str | None, metric: str, value) -> None:
        self.rows["targets"].append({"month": month, "department_id": department_id or "",
                                     "metric": metric, "target": str(value)})

    def pulse(self, department_id: str, answered_on: str, score: int) -> None:
        self.rows["pulse"].append({"response_id": self._id("p"), "department_id": department_id,
                                   "answered_on": answered_on, "score": str(score)})

    def load(self, engine, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        for name in IMPORT_ORDER:
            if not self.rows.get(name):
                continue
            columns = TABLES[name].column_names
            with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
                writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
                writer.writeheader()
                writer.writerows(self.rows[name])
        result = import_path(engine, folder)
        assert result.ok, result.problems
        return engine


def minutes(start: str, step_seconds: int, n: int) -> list[dt.datetime]:
    t0 = dt.datetime.fromisoformat(start)
    return [t0 + dt.timedelta(seconds=step_seconds * i) for i in range(n)]
