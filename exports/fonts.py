"""The font with Chinese glyphs that the chart pictures and the PDF embed.

Debian's fonts-wqy-zenhei (installed with the app, see README) by default; the setting
DASHBOARD_CJK_FONT (a .ttf/.ttc/.otf file) points elsewhere, e.g. on another system.
A missing font is a clear error, not boxes instead of characters.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
DEFAULT_FAMILY = "WenQuanYi Zen Hei"


class FontMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class CjkFont:
    path: Path
    family: str          # the family name inside the file (what vl-convert matches)
    index: int = 0       # the face within a collection (.ttc)


def cjk_font() -> CjkFont:
    configured = os.environ.get("DASHBOARD_CJK_FONT")
    path = Path(configured) if configured else DEFAULT_FONT
    if not path.is_file():
        raise FontMissing(f"No Chinese font at {path}: install fonts-wqy-zenhei or set "
                          "DASHBOARD_CJK_FONT to a .ttf/.ttc file")
    if configured:
        from fontTools.ttLib import TTCollection, TTFont
        face = TTCollection(path)[0] if path.suffix.lower() == ".ttc" else TTFont(path)
        return CjkFont(path, face["name"].getDebugName(1) or DEFAULT_FAMILY)
    return CjkFont(path, DEFAULT_FAMILY)
