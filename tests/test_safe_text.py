"""ui.safe_text.md: imported text inside Markdown stays text."""
from __future__ import annotations

import string

from hypothesis import given, strategies as st

from ui.safe_text import md

J = "\u2060"


def test_markup_is_escaped_and_line_breaks_flattened():
    assert md("**bold** $x$ :red[r]\n\n# H") == r"\*\*bold\*\* \$x\$ " + J + r"\:red\[r\] \# H"
    assert md("![p](http://h/p.gif)") == r"\!\[p\]\(http" + J + r"\:\/\/h\/p" + J + r"\.gif\)"
    assert md("<b>x</b> &amp;") == r"\<b\>x\<\/b\> \&amp\;"
    assert md("www.a.cn a@b.cn") == "www" + J + r"\.a" + J + r"\.cn a" + J + r"\@b" + J + r"\.cn"
    assert md("销售部") == "销售部" and md(None) == "" and md(7) == "7"


@given(st.text())
def test_what_remains_is_the_text_itself(text):
    shown = md(text)
    assert "\n" not in shown and "\r" not in shown
    # dropping the added escapes and joiners gives back the text, whitespace collapsed
    plain = shown.replace(J, "")
    out, i = [], 0
    while i < len(plain):
        if plain[i] == "\\" and i + 1 < len(plain) and plain[i + 1] in string.punctuation:
            out.append(plain[i + 1])
            i += 2
        else:
            assert plain[i] not in string.punctuation, (text, shown)   # nothing unescaped
            out.append(plain[i])
            i += 1
    assert "".join(out) == " ".join(text.replace(J, "").split())
