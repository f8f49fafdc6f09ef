"""Hostile uploads (issue 18): the app process's memory and other users' page times while
an upload is imported the way the Data page imports it (importing.import_upload: the
attempt recorded, the file handed to a worker process with a memory limit).

    .venv/bin/python bench/upload_abuse.py [--seconds 8] [--only NAME]

This process stands in for the app: on a fresh SQLite database holding the demo company
(bench/out/abuse.db), one thread keeps computing the monthly review of the latest month
for another user (metrics.review.monthly_review, what the review page computes, no cache)
and times each; for --seconds alone first (the normal time), then while another thread
imports each file below, as Streamlit hands over an upload (a file object in memory):

- book-20m-rows.xlsx: a workbook whose shares sheet has 20 million one-cell rows (written
  as XML straight into the zip, rows unnumbered as some writers leave them: about 2 MB);
- x-rows.csv: a million `X,,,,,,` rows (about 9 MB);
- shares-150mb.csv: about 150 MB of valid shares of the demo company's people and content,
  which imports.

Memory: this process's resident set (VmRSS) sampled every 0.05 s, and its children's
(the import worker and its parser worker) likewise; the kernel's high-water mark (VmHWM)
of this process too. Results: a table on stdout and bench/out/upload_abuse.json.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import threading
import time
import zipfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
sys.path.insert(0, str(ROOT))


def workbook_20m_rows(rows: int = 20_000_000) -> bytes:
    """A minimal .xlsx: a shares sheet with its header, then `rows` rows of one cell "X"."""
    header = "share_id,employee_id,content_id,channel,shared_at,reach,clicks".split(",")
    letters = "ABCDEFG"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                   '</Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                   '</Relationships>')
        z.writestr("xl/workbook.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                   '<sheets><sheet name="shares" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                   '</Relationships>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            sheet.write(('<row r="1">' + "".join(
                f'<c r="{c}1" t="inlineStr"><is><t>{h}</t></is></c>' for c, h in zip(letters, header))
                + "</row>").encode())
            step = 100_000      # rows without their number, as some writers leave them
            chunk = b'<row><c t="inlineStr"><is><t>X</t></is></c></row>' * step
            for _ in range(rows // step):
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def x_rows_csv(rows: int = 1_000_000) -> bytes:
    return b"share_id,employee_id,content_id,channel,shared_at,reach,clicks\n" + b"X,,,,,,\n" * rows


def shares_csv(engine, size: int = 150 * 2**20) -> bytes:
    """Valid new shares of the demo company's employees and content, about `size` bytes."""
    from sqlalchemy import select

    from data_access.models import Content, Employee
    with engine.connect() as conn:
        people = list(conn.scalars(select(Employee.employee_id)))
        content = list(conn.scalars(select(Content.content_id)))
    lines = ["share_id,employee_id,content_id,channel,shared_at,reach,clicks"]
    n, total = 0, 0
    while total < size:
        line = (f"abuse{n:08d},{people[n % len(people)]},{content[n % len(content)]},wecom_moments,"
                f"2026-{n % 9 + 1:02d}-{n % 28 + 1:02d} {n % 24:02d}:{n % 60:02d}:{n % 59:02d},{n % 900},{n % 40}")
        lines.append(line)
        total += len(line) + 1
        n += 1
    return ("\n".join(lines) + "\n").encode()


def _rss(pid: int | str = "self") -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) * 1024


def _children_rss() -> int:
    """Every child of every thread of this process (the import's thread starts the worker)."""
    from data_access.importing.worker import _rss_bytes
    kids = [int(c) for task in Path("/proc/self/task").iterdir()
            for c in (task / "children").read_text().split()]
    return sum(_rss_bytes(k) for k in kids)


class Pages(threading.Thread):
    """Another user's review page, computed again and again; each time recorded."""

    def __init__(self, engine, month: str) -> None:
        super().__init__(daemon=True)
        from metrics.settings import load_settings
        self.engine, self.month, self.settings = engine, month, load_settings(engine)
        self.times: list[tuple[float, float]] = []     # (finished at, seconds)
        self.stop = threading.Event()

    def run(self) -> None:
        from metrics.review import monthly_review
        while not self.stop.is_set():
            t = time.perf_counter()
            monthly_review(self.engine, self.month, self.settings)
            self.times.append((time.perf_counter(), time.perf_counter() - t))

    def between(self, t0: float, t1: float) -> list[float]:
        return [s for at, s in self.times if t0 <= at <= t1]


def measure(engine, pages: Pages, name: str, data: bytes) -> dict:
    from data_access.importing import import_upload
    upload = io.BytesIO(data)              # what Streamlit hands the page
    done: dict = {}
    peak = {"app": _rss(), "workers": 0}

    def run() -> None:
        t = time.perf_counter()
        result = import_upload(engine, [(name, upload)], source=f"upload: {name}",
                               imported_by="bench")
        done.update(seconds=time.perf_counter() - t, ok=result.ok,
                    problems_listed=len(result.problems), problems_found=result.problems_found,
                    first=[p.reason[:90] for p in result.problems[:1]],
                    counts=result.counts.get("shares"))
    t0 = time.perf_counter()
    thread = threading.Thread(target=run)
    thread.start()
    while thread.is_alive():
        peak["app"] = max(peak["app"], _rss())
        try:
            peak["workers"] = max(peak["workers"], _children_rss())
        except OSError:
            pass
        time.sleep(0.05)
    thread.join()
    during = pages.between(t0, time.perf_counter())
    return {"file": name, "size_mb": round(len(data) / 2**20, 1), **done,
            "app_peak_rss_mb": round(peak["app"] / 2**20), "worker_peak_rss_mb": round(peak["workers"] / 2**20),
            "page_median_s": round(statistics.median(during), 3) if during else None,
            "page_max_s": round(max(during), 3) if during else None, "page_runs": len(during)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=8.0, help="the normal page time measured this long")
    ap.add_argument("--only", help="some files only, e.g. x-rows,shares (or book)")
    args = ap.parse_args()
    OUT.mkdir(exist_ok=True)
    db = OUT / "abuse.db"
    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)
    from data_access.db import get_engine
    from data_access.reference import data_span
    from demo.company import load_demo
    engine = get_engine(f"sqlite:///{db}")
    load_demo(engine)
    month = data_span(engine)[1]
    # (what the table calls it, the name uploaded: CSV files are named after their table)
    files = [("x-rows.csv", "shares.csv", x_rows_csv),
             ("shares-150mb.csv", "shares.csv", lambda: shares_csv(engine)),
             ("book-20m-rows.xlsx", "book-20m-rows.xlsx", workbook_20m_rows)]
    if args.only:
        files = [f for f in files if f[0].startswith(tuple(args.only.split(",")))]
    made = [(label, name, make()) for label, name, make in files]
    pages = Pages(engine, month)
    pages.start()
    t0 = time.perf_counter()
    time.sleep(args.seconds)
    normal = pages.between(t0, time.perf_counter())
    base = {"page_median_s": round(statistics.median(normal), 3), "page_max_s": round(max(normal), 3),
            "page_runs": len(normal), "app_rss_mb": round(_rss() / 2**20)}
    rows = []
    for label, name, data in made:
        rows.append({**measure(engine, pages, name, data), "file": label})
        print(json.dumps(rows[-1]), flush=True)
    pages.stop.set()
    pages.join()
    hwm = int(Path("/proc/self/status").read_text().split("VmHWM:")[1].split()[0]) // 1024
    report = {"month": month, "normal": base, "uploads": rows, "app_vmhwm_mb": hwm,
              "cpus": os.cpu_count(), "load_average": os.getloadavg()}
    (OUT / "upload_abuse.json").write_text(json.dumps(report, indent=1, default=str))
    print(f"\nnormal review page: median {base['page_median_s']} s, max {base['page_max_s']} s "
          f"({base['page_runs']} runs); app RSS {base['app_rss_mb']} MB")
    print(f"{'file':<20} {'MB':>6} {'import s':>8} {'result':<9} {'app MB':>7} {'worker MB':>9} "
          f"{'page med':>8} {'x normal':>8}")
    for r in rows:
        ratio = r["page_median_s"] / base["page_median_s"] if r["page_median_s"] else None
        print(f"{r['file']:<20} {r['size_mb']:>6} {r['seconds']:>8.1f} "
              f"{'imported' if r['ok'] else 'refused':<9} {r['app_peak_rss_mb']:>7} "
              f"{r['worker_peak_rss_mb']:>9} {r['page_median_s'] or 0:>8.3f} "
              f"{ratio or 0:>8.2f}")
    print(f"app process high-water mark (VmHWM, demo load included): {hwm} MB")


if __name__ == "__main__":
    main()
