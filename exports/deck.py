"""The deck and the PDF in one call, for `manage.py review` and the review page's buttons."""
from __future__ import annotations

from .deck_content import deck_content

MIME = {"pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pdf": "application/pdf"}


def deck_bytes(engine, month: str, lang: str, kind: str, settings=None, scope=None,
               review=None) -> bytes:
    """The month's meeting deck as .pptx (`kind="pptx"`) or PDF (`kind="pdf"`)."""
    content = deck_content(engine, month, lang, settings, scope, review=review)
    if kind == "pptx":
        from .deck_pptx import deck_pptx
        return deck_pptx(content)
    if kind == "pdf":
        from .deck_pdf import deck_pdf
        return deck_pdf(content)
    raise ValueError(f"unknown deck format {kind!r}: pptx or pdf")
