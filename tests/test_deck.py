"""The meeting deck (.pptx), its PDF handout and the review pack's print setup, on the sample
company (tests/sample-data/tiny-co) in April 2026: the slides, the pictures and the figures
of the review JSON, exactly."""
from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
import pytest
from PIL import Image
from pptx import Presentation
from pptx.util import Emu
from pypdf import PdfReader

import manage
from data_access.db import get_engine
from data_access.importing import import_path
from exports import chart_images
from exports.deck_content import KPIS, deck_content
from exports.deck_pdf import deck_pdf
from exports.deck_pptx import SLIDES, deck_pptx
from exports.fonts import FontMissing
from exports.review_pack import POINTS, RELATIVE, review_pack
from i18n import metric_name, t
from metrics.phase_scorecard import scorecards
from metrics.review import MonthReview, monthly_review
from metrics.settings import load_settings
from ui.format import metric_value

MONTH = "2026-04"
TODAY = dt.date(2026, 6, 1)        # April is over; the sample's pilot phase ran through it


@pytest.fixture(scope="module")
def tiny(tmp_path_factory, sample_dir_module):
    url = f"sqlite:///{tmp_path_factory.mktemp('deck') / 'tiny.db'}"
    engine = get_engine(url)
    assert import_path(engine, sample_dir_module / "tiny-co").ok
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def sample_dir_module():
    from tests.conftest import SAMPLE_DIR
    return SAMPLE_DIR


@pytest.fixture(scope="module")
def contents(tiny):
    return {lang: deck_content(tiny, MONTH, lang, today=TODAY) for lang in ("zh", "en")}


def slide_texts(slide) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame]


def slide_table(slide) -> list[list[str]]:
    tables = [s.table for s in slide.shapes if s.has_table]
    assert len(tables) == 1
    return [[cell.text for cell in row.cells] for row in tables[0].rows]


def pictures(slide) -> list:
    return [s for s in slide.shapes if s.shape_type == 13]       # MSO_SHAPE_TYPE.PICTURE


# --- the deck -------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_deck_holds_the_slides_pictures_and_figures_of_the_review(tiny, contents, lang):
    content = contents[lang]
    deck = Presentation(io.BytesIO(deck_pptx(content)))
    slides = list(deck.slides)
    assert len(slides) == len(SLIDES) == 9
    assert (deck.slide_width, deck.slide_height) == (Emu(12192000), Emu(6858000))   # 16:9
    headings = [slide_texts(s)[0] for s in slides]
    assert headings == [t("deck.title", lang), t("deck.kpis", lang), t("deck.trends", lang),
                        t("deck.department_trend", lang), t("deck.league", lang),
                        t("deck.league_table", lang), t("deck.phases", lang),
                        t("deck.alerts", lang), t("deck.stars", lang)]

    # title: month and phase; no "data as of" line while the review has no such field
    title = "\n".join(slide_texts(slides[0]))
    assert {"zh": "月份：2026年4月", "en": "Month: Apr 2026"}[lang] in title
    assert {"zh": "当前阶段：试点", "en": "Phase: Pilot"}[lang] in title
    assert t("deck.generated", lang, day="2026-06-01") in title
    assert "2026-04-" not in title

    # key figures: each row is the review JSON's company figures as the page formats them
    review = json.loads(json.dumps(monthly_review(tiny, MONTH, load_settings(tiny)).as_dict(lang)))
    company = review["company"]
    kpis = slide_table(slides[1])
    assert kpis[0] == [t(f"deck.col.{k}", lang) for k in (
        "metric", "value", "previous", "change", "relative", "target", "attainment")]
    rows = {r[0]: r for r in kpis[1:]}
    assert list(rows) == [metric_name(m, lang) for m in KPIS]
    for m in KPIS:
        assert rows[metric_name(m, lang)][1] == metric_value(m, company[m], lang), m
        assert rows[metric_name(m, lang)][2] == metric_value(
            m, company["changes"][m]["previous"], lang), m
    # reach 2,180 against 1,210 in March, target 3,000; participation 5/9 against 6/10
    assert rows[metric_name("reach", lang)][1:] == ["2,180", "1,210", "+970", "+80.2 %",
                                                    "3,000", "73%"]
    assert rows[metric_name("participation_rate", lang)][1:] == [
        "55.6%", "60.0%", "-4.4 pp", "-7.4 %", "—", "—"]
    assert rows[metric_name("revenue", lang)][1:4] == ["¥38,000.50", "¥12,000.00", "+26,000.50"]
    assert rows[metric_name("enps", lang)][1] == "-50.0"

    # the charts: pictures made by vl-convert, one per chart slide, sharp enough to project
    for slide, picture in zip(slides[2:5], content.pictures):
        shapes = pictures(slide)
        assert len(shapes) == 1
        assert shapes[0].image.blob == picture.png
        image = Image.open(io.BytesIO(picture.png))
        assert image.format == "PNG" and image.width >= 1200
        assert len(image.convert("L").getcolors(256)) > 20          # not a blank picture

    # league table: participation rate first, names (not ids)
    league = slide_table(slides[5])
    assert [r[:2] for r in league[1:]] == [["1", "客服部"], ["2", "销售部"], ["3", "研发部"]]
    assert [r[4] for r in league[1:]] == ["100.0%", "66.7%", "0.0%"]

    # phase scorecard: the phase of the month first, with its reason
    phases = slide_table(slides[6])
    assert [r[0] for r in phases[1:]] == [t(f"phase.{p}", lang) for p in (
        "pilot", "launch", "promotion", "optimization")]
    assert phases[1][2] == t("phases.verdict.off_track", lang)
    assert ("客服部 · " + metric_name("stories", lang)) in phases[1][3] and "33%" in phases[1][3]

    # alerts: the month's one alert, its figure, cause and action
    alerts = slide_table(slides[7])
    assert len(alerts) == 2 == 1 + len(review["alerts"])
    assert alerts[1][0].startswith(f"{t('alert.target_miss', lang)} · 客服部")
    assert alerts[1][1] == t("deck.alert_figure", lang, metric=metric_name("stories", lang),
                             value="1", threshold="2.40")
    assert alerts[1][2:] == [review["alerts"][0]["cause"], review["alerts"][0]["action"]]

    # stars: the company's and each department's
    stars = slide_texts(slides[8])
    assert t("deck.company_star", lang, name="王五", department="销售部", score="26.2") in stars
    assert [r[:3] for r in slide_table(slides[8])[1:]] == [["销售部", "王五", "26.2"],
                                                           ["客服部", "孙七", "10.0"]]


def test_title_shows_data_as_of_and_partial_month_when_the_review_says(tiny, monkeypatch):
    original = MonthReview.as_dict

    def with_date(self, lang="zh"):
        return {**original(self, lang), "data_as_of": "2026-04-20", "month_complete": False}

    monkeypatch.setattr(MonthReview, "as_dict", with_date)
    content = deck_content(tiny, MONTH, "en", today=TODAY)
    assert content.facts[2:4] == ["Data as of: 2026-04-20",
                                  "The month is in progress (data through 2026-04-20)"]
    title = slide_texts(Presentation(io.BytesIO(deck_pptx(content))).slides[0])
    assert "Data as of: 2026-04-20" in "\n".join(title)
    wb = openpyxl.load_workbook(io.BytesIO(review_pack(monthly_review(tiny, MONTH), "en")))
    assert [c.value for c in wb["Summary"][3][:3]] == [
        "Data as of", "2026-04-20", "The month is in progress (data through 2026-04-20)"]


def test_deck_on_a_month_without_alerts_or_participants(tiny):
    content = deck_content(tiny, "2025-06", "en", today=TODAY)   # before any data
    assert content.alerts.rows == [] and content.alerts_note == t("deck.no_alerts", "en")
    assert content.star_line == t("deck.no_stars", "en") and content.stars.rows == []
    deck = Presentation(io.BytesIO(deck_pptx(content)))
    assert len(deck.slides) == 9
    assert t("deck.no_alerts", "en") in slide_texts(deck.slides[7])
    assert len(PdfReader(io.BytesIO(deck_pdf(content))).pages) == 9


# --- the PDF ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pdf_has_the_pages_on_a4_landscape_with_the_font_embedded(contents, lang):
    content = contents[lang]
    reader = PdfReader(io.BytesIO(deck_pdf(content)))
    assert len(reader.pages) == 9
    for page in reader.pages:                          # A4 landscape, in points
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)
    texts = [page.extract_text() for page in reader.pages]
    assert t("deck.title", lang) in texts[0] and "2026" in texts[0]
    for i, key in enumerate(("kpis", "trends", "department_trend", "league", "league_table",
                             "phases", "alerts", "stars"), start=1):
        assert t(f"deck.{key}", lang) in texts[i], key
        assert t("deck.page", lang, page=i + 1, pages=9) in texts[i]
    assert all(s in texts[1] for s in ("2,180", "1,210", "+970", "+80.2 %", "-4.4 pp", "73%"))
    assert "客服部" in texts[5] and "100.0%" in texts[5]
    assert "王五" in texts[8]
    for i in (2, 3, 4):                                # the chart pages hold their picture
        images = reader.pages[i].images
        assert len(images) == 1 and images[0].image.width >= 1200
    fonts = reader.pages[1]["/Resources"]["/Font"]
    descendant = next(iter(fonts.values())).get_object()["/DescendantFonts"][0].get_object()
    assert "/FontFile2" in descendant["/FontDescriptor"]     # embedded, not just named
    assert "WenQuanYi" in str(descendant["/BaseFont"])


def test_missing_font_is_a_clear_error(tiny, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("DASHBOARD_CJK_FONT", str(tmp_path / "none.ttf"))
    with pytest.raises(FontMissing, match="fonts-wqy-zenhei"):
        deck_pdf(deck_content(tiny, MONTH, "en", today=TODAY))
    monkeypatch.setenv("DATABASE_URL", tiny.url.render_as_string(hide_password=False))
    out = tmp_path / "deck.pdf"
    assert manage.main(["review", "--month", MONTH, "--format", "pdf", "--out", str(out)]) == 1
    assert "No Chinese font" in capsys.readouterr().err and not out.exists()


def test_chart_pictures_are_drawn_in_the_cjk_font():
    import altair as alt
    import pandas as pd
    import vl_convert as vlc
    chart = alt.Chart(pd.DataFrame({"x": ["研发部", "销售部"], "y": [1, 2]}),
                      title="参与率").mark_bar().encode(x="x:N", y="y:Q")
    png = chart_images.png(chart)
    assert Image.open(io.BytesIO(png)).format == "PNG"
    family = chart_images.cjk_font().family
    svg = vlc.vegalite_to_svg(chart.configure(font=family).to_dict())
    assert f'font-family="{family}"' in svg and "研发部" in svg


# --- the command line, on both databases -----------------------------------------------------

def test_cli_writes_the_deck_and_the_pdf(engine, monkeypatch, capsys, tmp_path, sample_dir):
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    assert manage.main(["import", str(sample_dir / "tiny-co")]) == 0
    for kind in ("pptx", "pdf"):
        out = tmp_path / f"review.{kind}"
        assert manage.main(["review", "--month", MONTH, "--format", kind, "--out", str(out),
                            "--lang", "en"]) == 0
        assert f"Wrote {out}" in capsys.readouterr().out
    deck = Presentation(str(tmp_path / "review.pptx"))
    assert len(deck.slides) == 9
    rows = {r[0]: r for r in slide_table(deck.slides[1])}
    assert rows["Reach"][1:5] == ["2,180", "1,210", "+970", "+80.2 %"]
    assert len(PdfReader(str(tmp_path / "review.pdf")).pages) == 9


# --- the review pack (.xlsx) -----------------------------------------------------------------

def test_review_pack_prints_on_a4_landscape_with_labelled_changes(tiny):
    settings = load_settings(tiny)
    review = monthly_review(tiny, MONTH, settings)
    wb = openpyxl.load_workbook(io.BytesIO(review_pack(review, "en", tiny, settings)))
    assert wb.sheetnames == ["Summary", "League table", "Alerts", "Phases", "Trend"]
    headers = {"Summary": 4, "League table": 1, "Alerts": 1, "Phases": 1, "Trend": 2}
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert (setup.orientation, int(setup.paperSize)) == ("landscape", 9), ws.title  # A4
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        row = headers[ws.title]
        assert ws.print_title_rows == f"${row}:${row}", ws.title    # repeated on every page

    summary = wb["Summary"]
    assert [c.value for c in summary[4]][3:5] == [
        "Change on last month (rates: percentage points, pp)", "Relative change (%)"]
    rows = {r[0].value: r for r in summary.iter_rows(min_row=5, max_row=20)}
    participation, reach = rows["Participation rate"], rows["Reach"]
    assert participation[3].value == pytest.approx((5 / 9 - 6 / 10) * 100)   # points
    assert participation[3].number_format == POINTS and participation[4].number_format == RELATIVE
    assert reach[3].value == 970 and reach[3].number_format == "+#,##0;-#,##0;#,##0"
    assert reach[4].value == pytest.approx(970 / 1210)

    alerts = wb["Alerts"]
    assert [c.value for c in alerts[1]] == [
        "Alert", "Department", "Metric", "This month", "Threshold", "Severity", "Likely cause",
        "Suggested action", "Department ID (for lookups)"]
    row = [c.value for c in alerts[2]]
    assert row[:6] == ["Target missed", "客服部", "Customer stories", 1, 2.4, "High"]
    assert row[8] == "service"
    for col in "GH":
        assert alerts.column_dimensions[col].width == 48
        assert alerts[f"{col}2"].alignment.wrap_text

    cards = scorecards(tiny, MONTH, settings)
    phases = list(wb["Phases"].iter_rows(min_row=2, values_only=True))
    judged = [c for card in cards for c in card.checks]
    assert len(phases) == len(judged) + sum(1 for c in cards if not c.checks)
    pilot = [r for r in phases if r[0] == "Pilot"]
    assert {r[2] for r in pilot} == {"Off track"}
    assert any("客服部 · Customer stories: 1 against target 3 (33% attained)" in r[4]
               for r in pilot)

    trend = list(wb["Trend"].iter_rows(min_row=2, values_only=True))
    header = trend[0]
    block = trend.index(next(r for r in trend if r[0] == "Participation rate"))
    by_month = {r[0]: dict(zip(header, r)) for r in trend[1:block] if r[0]}
    assert list(by_month) == ["2026-03", "2026-04"]        # from the first month with data
    assert by_month["2026-03"]["Reach"] == 1210 and by_month["2026-04"]["Reach"] == 2180
    names = trend[block + 1]
    assert set(names[1:4]) == {"客服部", "销售部", "研发部"}
    april = next(r for r in trend[block + 2:] if r[0] == MONTH)
    assert dict(zip(names[1:], april[1:]))["客服部"] == pytest.approx(1.0)


# --- the review page -------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_review_page_offers_the_pack_the_deck_and_the_pdf(monkeypatch, tiny_url, lang):
    from tests.apptest_support import login, prepare, show
    prepare(monkeypatch, tiny_url)
    at = login("committee", lang=lang)
    show(at, "review", MONTH)
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[:3] == [t("review.download_pack", lang), t("deck.download_pptx", lang),
                          t("deck.download_pdf", lang)]        # then the league table's own


def test_names_spelled_like_formulas_reach_the_deck_and_pack_verbatim(sqlite_engine, tmp_path):
    from tests.test_exports_safety import HYPERLINK, MONTH as EVIL_MONTH, check_workbook, load_evil
    load_evil(sqlite_engine, tmp_path / "evil")
    content = deck_content(sqlite_engine, EVIL_MONTH, "en", today=TODAY)
    deck = Presentation(io.BytesIO(deck_pptx(content)))
    league = slide_table(deck.slides[5])
    assert {r[1] for r in league[1:]} == {HYPERLINK, "+1", "-2+3", "@SUM(A1:A2)"}
    texts, _ = check_workbook(review_pack(monthly_review(sqlite_engine, EVIL_MONTH), "en",
                                          sqlite_engine))
    assert {HYPERLINK, "+1", "-2+3", "@SUM(A1:A2)", "-d/5"} <= texts   # trend and phase sheets too
