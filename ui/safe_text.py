"""Imported text (names of employees and departments, content titles, training sessions,
ids) placed into anything Streamlit renders as Markdown: st.markdown, captions, alerts,
expander, metric and widget labels, tr() values that end up there.

md() makes such a value literal text: line breaks and other whitespace become one space
(no "\\n\\n# heading"), and every ASCII punctuation character is backslash-escaped, which
CommonMark allows for all of them - so no image, link, autolink, emphasis, heading, list,
table, raw HTML, entity, KaTeX ($...$), Streamlit directive (:red[...], :material/x:) or
emoji shortcode can start inside it; and an invisible word joiner (U+2060) comes before
every ":", "." and "@" against GFM's bare-URL links. The browser shows the characters as they
were (a copy of the text carries the joiners).
Tables, charts and selectbox options are not Markdown and take the plain value.
"""
from __future__ import annotations

import string

# GFM finds bare URLs, www. addresses and e-mail addresses in the text *after* escapes
# are resolved, so a backslash does not stop them; an invisible word joiner before the
# characters they need ("http:", "www.", "a@b") does, and breaks no line.
_JOINER = "\u2060"
_ESCAPES = {ord(c): (_JOINER if c in ":.@" else "") + "\\" + c for c in string.punctuation}


def md(value) -> str:
    """`value` as literal text inside Markdown."""
    if value is None:
        return ""
    return " ".join(str(value).split()).translate(_ESCAPES)
