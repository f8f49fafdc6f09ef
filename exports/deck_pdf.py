"""The meeting handout (PDF, A4 landscape) of exports/deck_content.py: the deck's sections
page by page, black on white with light header rows so it prints cleanly, the Chinese font
embedded (exports/fonts.py), page numbers in the footer. Long tables break across pages
with their header row repeated."""
from __future__ import annotations

import io
import logging

from fpdf import FPDF
from fpdf.fonts import FontFace
from PIL import Image

from i18n import t
from ui.format import month_label

from .deck_content import DeckContent, Picture, Table
from .fonts import cjk_font

FAMILY = "cjk"
MARGIN = 12               # mm
HEADER_FILL = (221, 231, 243)
HEADING = (31, 78, 121)
GREY = (89, 99, 112)
# the CJK font carries bitmap strikes the subsetter drops (the outlines stay): not news
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)


class _Handout(FPDF):
    def __init__(self, content: DeckContent):
        super().__init__(orientation="landscape", unit="mm", format="A4")
        self.content = content
        font = cjk_font()
        # the font has one face; it stands in for bold too (headings are set larger instead)
        for style in ("", "B"):
            self.add_font(FAMILY, style, str(font.path), collection_font_number=font.index)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN + 6)
        self.set_title(f"{content.title} · {month_label(content.month, content.lang)}")
        self.set_lang("zh-CN" if content.lang == "zh" else "en-GB")
        self.set_creator("dashboard")

    def footer(self):
        if self.page_no() == 1:
            return
        c = self.content
        self.set_y(-MARGIN - 2)
        self.set_font(FAMILY, size=8)
        self.set_text_color(*GREY)
        self.cell(0, 5, f"{c.title} · {month_label(c.month, c.lang)}", align="L")
        self.set_x(MARGIN)
        self.cell(0, 5, t("deck.page", c.lang, page=self.page_no(), pages="{nb}"), align="R")

    # --- parts --------------------------------------------------------------------------------
    def heading(self, text: str):
        self.add_page()
        self.set_font(FAMILY, size=18)
        self.set_text_color(*HEADING)
        self.cell(0, 10, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(2)
        self.set_text_color(0, 0, 0)

    def note(self, text: str, size=9):
        if text:
            self.set_font(FAMILY, size=size)
            self.set_text_color(*GREY)
            self.ln(2)
            self.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(0, 0, 0)

    def table_of(self, table: Table, size=9):
        self.set_font(FAMILY, size=size)
        with self.table(col_widths=table.widths, line_height=size * 0.55, padding=1.2,
                        headings_style=FontFace(emphasis=None, fill_color=HEADER_FILL),
                        repeat_headings=1, first_row_as_headings=True,
                        text_align=tuple("RIGHT" if j in table.right else "LEFT"
                                         for j in range(len(table.headers)))
                        ) as grid:
            grid.row(table.headers)
            for row in table.rows:
                grid.row([str(v) for v in row])

    def picture(self, picture: Picture):
        bottom = self.h - MARGIN - 6 - (10 if picture.note else 0)
        top = self.get_y()
        w, h = Image.open(io.BytesIO(picture.png)).size
        box_w, box_h = self.w - 2 * MARGIN, bottom - top
        scale = min(box_w / w, box_h / h)
        pw, ph = w * scale, h * scale
        self.image(io.BytesIO(picture.png), x=(self.w - pw) / 2, y=top, w=pw, h=ph)
        self.set_y(top + ph)
        self.note(picture.note)

    def build(self) -> bytes:
        c = self.content
        self.add_page()
        self.set_y(60)
        self.set_font(FAMILY, size=30)
        self.set_text_color(*HEADING)
        self.multi_cell(0, 14, c.title, new_x="LMARGIN", new_y="NEXT")
        self.ln(6)
        self.set_text_color(0, 0, 0)
        self.set_font(FAMILY, size=15)
        for line in c.facts:
            self.cell(0, 9, line, new_x="LMARGIN", new_y="NEXT")

        self.heading(c.sections["kpis"])
        self.table_of(c.kpis, 11)
        self.note(c.kpis_note)
        for picture in c.pictures:
            self.heading(picture.title)
            self.picture(picture)
        self.heading(c.sections["league_table"])
        self.table_of(c.league, 10)
        self.heading(c.sections["phases"])
        self.table_of(c.phases, 9)
        self.heading(c.sections["alerts"])
        if c.alerts.rows:
            self.table_of(c.alerts, 9)
        self.note(c.alerts_note, 10)
        self.heading(c.sections["stars"])
        self.set_font(FAMILY, size=14)
        self.multi_cell(0, 8, c.star_line, new_x="LMARGIN", new_y="NEXT")
        self.ln(3)
        if c.stars.rows:
            self.table_of(c.stars, 10)
        return bytes(self.output())


def deck_pdf(content: DeckContent) -> bytes:
    """The PDF bytes of the content (the page's download and `manage.py review` write these)."""
    return _Handout(content).build()
