"""AppTest runs of the overview pages (review, phases, league, alerts) for every demo user,
on tiny-co and on an empty database, and the review page's figures against the expected
review JSON."""
from __future__ import annotations

import json

import pytest

from tests.apptest_support import login, prepare, rendered_text, show
from ui.format import metric_value

USERS = ("committee", "marketing", "admin", "head_sales", "head_rnd")
PAGES = ("review", "phases", "league", "alerts")
KPIS = ("participation_rate", "shares", "reach", "clicks", "leads", "conversion_rate", "revenue",
        "stories", "enps")
EMPLOYEE_NAMES = ("张三", "李四", "王五", "赵六", "孙七", "周八", "吴九", "郑十", "钱一", "陈二")


@pytest.mark.parametrize("username", USERS)
def test_pages_render_on_tiny_co(monkeypatch, tiny_url, username):
    prepare(monkeypatch, tiny_url)
    at = login(username)
    assert not at.exception
    for page in PAGES:
        for month in ("2026-05", "2026-04", "2026-03"):
            show(at, page, month)
            assert not at.warning or page == "review", [w.value for w in at.warning]
            if username.startswith("head_"):
                text = rendered_text(at)
                assert not [n for n in EMPLOYEE_NAMES if n in text], (page, month)


@pytest.mark.parametrize("username", USERS)
def test_pages_on_an_empty_database_say_what_is_missing(monkeypatch, empty_url, username):
    prepare(monkeypatch, empty_url)
    at = login(username, lang="en")
    for page in PAGES:
        show(at, page)
        assert any("Import tracking data" in i.value for i in at.info), page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_review_kpis_equal_the_expected_review(monkeypatch, tiny_url, sample_dir, lang):
    expected = json.loads((sample_dir / "expected-review-2026-04.json").read_text("utf-8"))
    prepare(monkeypatch, tiny_url)
    at = login("committee", lang=lang)
    at.session_state["month"] = "2026-04"
    show(at, "review", "2026-04")
    from i18n import metric_name
    shown = {m.label: m.value for m in at.metric}
    for metric in KPIS:
        assert shown[metric_name(metric, lang)] == metric_value(
            metric, expected["company"][metric], lang), metric
    assert shown[metric_name("participation_rate", lang)] == "55.6%"
    assert shown[metric_name("reach", lang)] == "2,180"
    assert shown[metric_name("revenue", lang)] == "¥38,000.50"
    assert shown[metric_name("enps", lang)] == "-50.0"
    deltas = {m.label: m.delta for m in at.metric}
    assert deltas[metric_name("reach", lang)] == "+970"          # 2,180 - 1,210 in March
    captions = [c.value for c in at.caption]
    target = {"zh": "目标 3,000 · 达成 73%", "en": "Target 3,000 · 73% attained"}[lang]
    assert target in captions                                       # 2,180 / 3,000
    # EMV with the default rates: 2,180 / 1000 x 60 + 127 clicks x 2; March: 1,210 and 72
    emv = {"zh": "本月挣得媒体价值", "en": "EMV this month"}[lang]
    assert shown[emv] == "¥384.80" and deltas[emv] == "+168.20"
    packs = [b for b in at.get("download_button") if "review pack" in b.proto.label
             or "复盘材料" in b.proto.label]
    assert len(packs) == 1                     # its bytes: test_review_pack_is_the_cli_file
    # the league table lists the three departments, participation first
    league = at.dataframe[0].value
    assert list(league.iloc[:, 1]) == ["客服部", "销售部", "研发部"]


@pytest.fixture
def partial_url(tmp_path, sample_dir):
    """tiny-co without phases, targets, trainings or pulse answers."""
    import shutil
    from data_access.db import get_engine
    from data_access.importing import import_path
    folder = tmp_path / "partial"
    shutil.copytree(sample_dir / "tiny-co", folder)
    for name in ("phases", "targets", "trainings", "pulse"):
        (folder / f"{name}.csv").unlink()
    url = f"sqlite:///{tmp_path / 'partial.db'}"
    assert import_path(get_engine(url), folder).ok
    return url


def test_pages_with_partial_data_say_what_is_missing(monkeypatch, partial_url):
    prepare(monkeypatch, partial_url)
    at = login("committee", lang="en")
    show(at, "review", "2026-04")
    assert any("No rollout phase covers this month" in w.value for w in at.warning)
    assert {m.label: m.value for m in at.metric}["eNPS"] == "—"
    show(at, "phases", "2026-04")
    assert any("No phase dates yet" in i.value for i in at.info)
    assert "phases.csv holds no dates for this phase" in rendered_text(at)
    show(at, "league", "2026-04")
    at.selectbox(key="league_metric").set_value("enps").run()
    assert not at.exception
    assert list(at.dataframe[0].value["Since last month"]) == ["—"] * 3     # nobody ranked
    show(at, "alerts", "2026-05")
    assert any("No alerts in May 2026" in s.value for s in at.success)    # no phase: no watch


def test_review_pack_is_the_cli_file(monkeypatch, tiny_url):
    from data_access.db import get_engine
    from exports.review_pack import review_pack
    from metrics.review import monthly_review
    from metrics.settings import load_settings
    from ui import data
    prepare(monkeypatch, tiny_url)
    engine = get_engine(tiny_url)
    made = review_pack(data.review("2026-04"), "zh", engine)   # what the page's button builds
    cli = review_pack(monthly_review(engine, "2026-04", load_settings(engine)), "zh", engine,
                      load_settings(engine))
    import io
    from openpyxl import load_workbook
    sheets = lambda data: {ws.title: [[c.value for c in row] for row in ws.iter_rows()]  # noqa
                           for ws in load_workbook(io.BytesIO(data)).worksheets}
    assert sheets(made) == sheets(cli)


def test_league_widgets(monkeypatch, tiny_url):
    prepare(monkeypatch, tiny_url)
    at = login("committee", lang="en")
    show(at, "league", "2026-04")
    table = at.dataframe[0].value
    assert list(table["Department"]) == ["销售部", "客服部", "研发部"]        # reach per capita
    assert "Department of the month: **销售部**" in at.success[0].value
    at.selectbox(key="league_metric").set_value("participation_rate").run()
    table = at.dataframe[0].value
    assert list(table["Department"]) == ["客服部", "销售部", "研发部"]
    assert list(table["Since last month"]) == ["▲1", "▼1", "—"]
    at.selectbox(key="league_metric").set_value("conversion_rate").run()
    at.toggle(key="league_capita").set_value(False).run()
    assert not at.exception
    assert list(at.dataframe[0].value["Rank"].fillna(0)) == [1, 0, 0]


def test_alerts_page(monkeypatch, tiny_url):
    prepare(monkeypatch, tiny_url)
    at = login("head_sales", lang="en")
    show(at, "alerts", "2026-05")
    table = at.dataframe[0].value
    rnd = table[table["Department"] == "研发部"]
    low = rnd[rnd["Alert"] == "Low participation"]          # 0 of 3 took part in May
    assert list(low["This month"]) == ["0.0%"] and list(low["Threshold"]) == ["30.0%"]
    assert list(low["Months in a row"]) == [1]
    assert list(low["Severity"]) == ["High"]
    at.multiselect(key="alerts_types").set_value(["low_participation"]).run()
    assert list(at.dataframe[0].value["Department"]) == ["研发部"]
    at.multiselect(key="alerts_departments").set_value(["sales"]).run()
    assert any("No alert matches" in i.value for i in at.info)
    assert not at.exception


def test_phases_page(monkeypatch, tiny_url):
    prepare(monkeypatch, tiny_url)
    at = login("marketing", lang="en")
    show(at, "phases", "2026-04")
    text = rendered_text(at)
    assert "Off track" in text and "At risk" in text
    assert "Customer stories" in text                 # service's pilot target
    assert "Pilot vs non-pilot" in text


def test_alert_evidence_only_within_scope(tiny_url, tmp_path):
    """An R&D engineer shares pending content in May: the evidence names him to R&D's head
    and to the committee, never to the head of sales."""
    from data_access.db import get_engine
    from data_access.importing import import_path
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "shares.csv").write_text("share_id,employee_id,content_id,channel,shared_at,reach,"
                                      "clicks\ns15,e08,c3,linkedin,2026-05-12 10:00,40,1\n",
                                      encoding="utf-8")
    assert import_path(get_engine(tiny_url), extra).ok
    for username, sees in (("committee", True), ("head_rnd", True), ("head_sales", False)):
        at = login(username, lang="en")
        show(at, "alerts", "2026-05")
        text = rendered_text(at)
        assert "Evidence" in text if sees else "Evidence" not in text, username
        assert ("郑十" in text) is sees, username
        if sees:            # headers in the user's language, not raw field names
            evidence = next(d.value for d in at.dataframe if "Review status" in d.value.columns)
            assert list(evidence[["Employee id", "Name", "Content id", "Shares"]].itertuples(
                index=False, name=None)) == [("e08", "郑十", "c3", 1)]
