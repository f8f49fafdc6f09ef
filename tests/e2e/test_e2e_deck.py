"""The committee takes the meeting deck and its PDF from the review page, in a real browser:
the files the browser downloads are the deck and the handout `exports/` builds for the same
month (slides, key figures, pages). Screenshots of the page's head with its download buttons
at desktop and phone width, in both languages, go to test-output/e2e/deck/.
"""
from __future__ import annotations

import io

from pptx import Presentation
from pypdf import PdfReader

from i18n import t
from tests.e2e.support import (MAIN, OUTPUT, SIDEBAR, VIEWPORT, click_nav, exceptions,
                               full_screenshot, submit_login, wait_heading, wait_login_form)
from ui.format import month_label


def table_rows(slide) -> list[list[str]]:
    table = next(s.table for s in slide.shapes if s.has_table)
    return [[c.text for c in row.cells] for row in table.rows]


def download(page, label: str, target):
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name=label).click()
    got = info.value
    got.save_as(target)
    return got


def test_committee_downloads_the_deck_and_the_pdf(demo_app, demo_engine, context):
    from data_access.reference import data_span
    from exports.deck_content import deck_content
    from exports.deck_pdf import deck_pdf
    out = OUTPUT / "deck"
    out.mkdir(parents=True, exist_ok=True)
    month = data_span(demo_engine)[1]
    page = context.new_page()
    page.goto(demo_app.url + "/")
    wait_login_form(page)
    submit_login(page, "committee")
    wait_heading(page, t("review.title", "zh", month=month_label(month, "zh")))
    assert not exceptions(page)
    page.locator(MAIN).screenshot(path=str(out / "review-head-zh.png"))

    got = download(page, t("deck.download_pptx", "zh"), out / "review-zh.pptx")
    assert got.suggested_filename == f"review-{month}.pptx"
    deck = Presentation(str(out / "review-zh.pptx"))
    expected = deck_content(demo_engine, month, "zh")
    assert len(deck.slides) == 9
    title = [s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame]
    assert title[0] == t("deck.title", "zh") and "\n".join(expected.facts) == title[1]
    assert table_rows(deck.slides[1]) == [expected.kpis.headers] + expected.kpis.rows
    assert table_rows(deck.slides[7]) == [expected.alerts.headers] + expected.alerts.rows
    assert all(len([s for s in slide.shapes if s.shape_type == 13]) == 1
               for slide in list(deck.slides)[2:5])                 # the three chart pictures

    got = download(page, t("deck.download_pdf", "zh"), out / "review-zh.pdf")
    assert got.suggested_filename == f"review-{month}.pdf"
    pdf = PdfReader(str(out / "review-zh.pdf"))
    assert len(pdf.pages) == len(PdfReader(io.BytesIO(deck_pdf(expected))).pages) >= 9
    assert expected.kpis.rows[1][1] in pdf.pages[1].extract_text()      # shares this month
    assert not exceptions(page)

    # English: the buttons follow the language
    page.locator(SIDEBAR).get_by_text("English", exact=True).click()
    click_nav(page, t("page.review", "en"))
    wait_heading(page, t("review.title", "en", month=month_label(month, "en")))
    full_screenshot(page, out / "review-en.png")
    download(page, t("deck.download_pptx", "en"), out / "review-en.pptx")
    deck = Presentation(str(out / "review-en.pptx"))
    assert [s.text_frame.text for s in deck.slides[1].shapes if s.has_text_frame][0] == \
        t("deck.kpis", "en")

    # a phone: the buttons stack under the heading
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(400)
    page.screenshot(path=str(out / "review-phone-en.png"))
    assert page.get_by_role("button", name=t("deck.download_pdf", "en")).is_visible()
    page.set_viewport_size(VIEWPORT)
    assert not exceptions(page)
