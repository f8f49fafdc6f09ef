"""The meeting deck (.pptx, 16:9) of exports/deck_content.py: one slide per section.

Slides: title; key figures; company trends; department trend; league chart; league table;
phase scorecard; top alerts; stars of the month. Text is set in the language's usual
presentation font (PowerPoint substitutes one it has); charts are pictures, so they look
the same everywhere.
"""
from __future__ import annotations

import io

from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Inches, Pt

from ui.format import month_label

from .deck_content import DeckContent, Picture, Table

WIDTH, HEIGHT = Emu(12192000), Inches(7.5)        # 16:9, as PowerPoint makes it
MARGIN = Inches(0.5)
FONTS = {"zh": "Microsoft YaHei", "en": "Calibri"}
DARK = RGBColor(0x22, 0x2B, 0x3A)
GREY = RGBColor(0x59, 0x63, 0x70)
HEADER = RGBColor(0x1F, 0x4E, 0x79)
BLANK = 6                 # the default template's blank layout


class _Deck:
    def __init__(self, content: DeckContent):
        self.content = content
        self.font = FONTS.get(content.lang, FONTS["en"])
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDTH, HEIGHT

    # --- text ------------------------------------------------------------------------------
    def text(self, slide, left, top, width, height, lines, size=14, bold=False, colour=DARK):
        box = slide.shapes.add_textbox(left, top, width, height)
        frame = box.text_frame
        frame.word_wrap = True
        for i, line in enumerate([lines] if isinstance(lines, str) else lines):
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            self.run(para, line, size, bold, colour)
        return box

    def run(self, para, text, size, bold=False, colour=DARK):
        run = para.add_run()
        run.text = text
        run.font.size, run.font.bold, run.font.name = Pt(size), bold, self.font
        run.font.color.rgb = colour

    def slide(self, heading: str):
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[BLANK])
        self.text(slide, MARGIN, Inches(0.3), WIDTH - 2 * MARGIN, Inches(0.7), heading, 26,
                  bold=True, colour=HEADER)
        n = len(self.prs.slides)
        footer = f"{self.content.title} · {month_label(self.content.month, self.content.lang)}"
        self.text(slide, MARGIN, HEIGHT - Inches(0.45), Inches(9), Inches(0.3), footer, 10,
                  colour=GREY)
        self.text(slide, WIDTH - MARGIN - Inches(1), HEIGHT - Inches(0.45), Inches(1),
                  Inches(0.3), str(n), 10, colour=GREY)
        return slide

    # --- tables and pictures -----------------------------------------------------------------
    def table(self, slide, table: Table, top, height, size=12):
        rows = len(table.rows) + 1
        width = WIDTH - 2 * MARGIN
        shape = slide.shapes.add_table(rows, len(table.headers), MARGIN, top, width, height)
        grid = shape.table
        total = sum(table.widths)
        for j, w in enumerate(table.widths):
            grid.columns[j].width = Emu(int(width * w / total))
        head = Inches(0.45)          # the header row stays one line; the rest share the height
        grid.rows[0].height = head
        for i in range(1, rows):
            grid.rows[i].height = Emu(int((height - head) / max(1, rows - 1)))
        for j, header in enumerate(table.headers):
            self.cell(grid.cell(0, j), header, size, bold=True, right=j in table.right)
        for i, row in enumerate(table.rows, start=1):
            for j, value in enumerate(row):
                self.cell(grid.cell(i, j), value, size, right=j in table.right)
        return shape

    def cell(self, cell, value: str, size, bold=False, right=False):
        frame = cell.text_frame
        frame.word_wrap = True
        lines = str(value).split("\n")
        for i, line in enumerate(lines):
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            if right:
                para.alignment = PP_ALIGN.RIGHT
            self.run(para, line, size, bold, RGBColor(0xFF, 0xFF, 0xFF) if bold else DARK)
        cell.margin_left = cell.margin_right = Inches(0.06)
        cell.margin_top = cell.margin_bottom = Inches(0.03)

    def picture(self, slide, picture: Picture, top, bottom):
        """The picture as large as fits between top and bottom, centred, aspect kept."""
        w, h = Image.open(io.BytesIO(picture.png)).size
        box_w, box_h = WIDTH - 2 * MARGIN, bottom - top
        scale = min(box_w / w, box_h / h)
        pw, ph = int(w * scale), int(h * scale)
        slide.shapes.add_picture(io.BytesIO(picture.png), Emu(int((WIDTH - pw) / 2)), top,
                                 Emu(pw), Emu(ph))

    # --- the slides -----------------------------------------------------------------------------
    def build(self) -> bytes:
        c, lang = self.content, self.content.lang
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[BLANK])
        self.text(slide, Inches(1), Inches(2.1), WIDTH - Inches(2), Inches(1.2), c.title, 40,
                  bold=True, colour=HEADER)
        self.text(slide, Inches(1), Inches(3.5), WIDTH - Inches(2), Inches(2.5), c.facts, 22)

        slide = self.slide(c.sections["kpis"])
        self.table(slide, c.kpis, Inches(1.15), Inches(4.8), 14)
        self.text(slide, MARGIN, Inches(6.35), WIDTH - 2 * MARGIN, Inches(0.6), c.kpis_note, 11,
                  colour=GREY)

        for picture in c.pictures:
            slide = self.slide(picture.title)
            bottom = HEIGHT - Inches(1.1 if picture.note else 0.6)
            self.picture(slide, picture, Inches(1.1), bottom)
            if picture.note:
                self.text(slide, MARGIN, HEIGHT - Inches(1.0), WIDTH - 2 * MARGIN,
                          Inches(0.5), picture.note, 12, colour=GREY)

        slide = self.slide(c.sections["league_table"])
        self.table(slide, c.league, Inches(1.1), Inches(0.4) * (len(c.league.rows) + 1), 12)

        slide = self.slide(c.sections["phases"])
        self.table(slide, c.phases, Inches(1.1), Inches(5.2), 12)

        slide = self.slide(c.sections["alerts"])
        if c.alerts.rows:
            self.table(slide, c.alerts, Inches(1.1), Inches(5.0), 11)
        if c.alerts_note:
            self.text(slide, MARGIN, HEIGHT - Inches(0.9) if c.alerts.rows else Inches(1.3),
                      WIDTH - 2 * MARGIN, Inches(0.4), c.alerts_note, 12, colour=GREY)

        slide = self.slide(c.sections["stars"])
        self.text(slide, MARGIN, Inches(1.1), WIDTH - 2 * MARGIN, Inches(0.6), c.star_line, 20,
                  bold=True)
        if c.stars.rows:
            self.table(slide, c.stars, Inches(1.9), Inches(0.4) * (len(c.stars.rows) + 1), 13)
        out = io.BytesIO()
        self.prs.core_properties.title = f"{c.title} · {month_label(c.month, lang)}"
        self.prs.core_properties.language = "zh-CN" if lang == "zh" else "en-GB"
        self.prs.save(out)
        return out.getvalue()


def deck_pptx(content: DeckContent) -> bytes:
    """The .pptx bytes of the content (the page's download and `manage.py review` write
    exactly these)."""
    return _Deck(content).build()


SLIDES = ("title", "kpis", "trends", "department_trend", "league", "league_table", "phases",
          "alerts", "stars")
