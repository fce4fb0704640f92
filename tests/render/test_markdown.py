"""Wrapping at 80 columns: any text keeps its words and stays one Markdown paragraph."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from effplm_catalog.render.markdown import site_escape, wrap

BLOCK_START = re.compile(r"[-+*>=#|]|\d+[.)]")
WORDS = st.one_of(
    st.sampled_from(["-", "#", "1.", "12)", "2020.", ">", "|", "+", "*", "=", "-x", "x-", "·", "[Title][id]", "et"]),
    st.sampled_from(["Schütze", "x\u00a0y", "\u2003", "a\tb", ""]),  # Unicode; whitespace that is not a space
    st.text("abcxyz0123456789-.)", min_size=1, max_size=12),
    st.text("u", min_size=70, max_size=90),  # longer than a line, like a URL
)


@settings(max_examples=600, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=50), st.sampled_from([80, 40, 12]), st.sampled_from(["  ", "", "    "]))
def test_wrapped_text_keeps_its_words_and_stays_one_paragraph(words: list[str], width: int, indent: str) -> None:
    text = " ".join(words)
    lines = wrap(text, width, indent).split("\n")
    assert " ".join(line.strip() for line in lines) == " ".join(text.split())  # one space between words
    for i, line in enumerate(lines):
        body = line[len(indent) :] if i else line
        assert i == 0 or line.startswith(indent)
        assert i == 0 or not BLOCK_START.match(body), f"line {i + 1} would start a block: {body!r}"
        if i < len(lines) - 1:
            assert not body.endswith(" -") and body != "-", f"a ' - ' separator is split after line {i + 1}"
        if len(line) > width and " " in body:  # only when no break within the width was allowed
            offset = len(line) - len(body)
            for space in (i for i, c in enumerate(body) if c == " " and offset + i <= width):
                before, after = body[:space].split()[-1], body[space + 1 :].split()[0]
                assert before == "-" or after[0] in "-+*>=#|" or re.match(r"\d+[.)]", after), (body, space)


@pytest.mark.parametrize("title", ["C#", "F## and more ##", "#", "0#"])
def test_a_title_ending_in_hashes_keeps_them_as_a_heading(title: str) -> None:
    import markdown

    # Found by the site's any-text property test: "0#" became the heading "0".
    assert markdown.markdown("# " + site_escape(title)) == f"<h1>{title}</h1>"


@pytest.mark.parametrize("title", ["=", "==", "= x", "-", "- x", "+ x", "!x", "#x"])
def test_a_title_starting_like_a_block_reads_as_itself_in_a_heading_and_after_a_line(title: str) -> None:
    import html

    import markdown

    # Found by the site's any-text property test: the title "=" was shown as "\=".
    # (What a browser shows: entities read.)
    assert html.unescape(markdown.markdown("# " + site_escape(title))) == f"<h1>{title}</h1>"
    # On the line after text, "=" or "-" would underline it into a heading.
    assert html.unescape(markdown.markdown("text\n" + site_escape(title))) == f"<p>text\n{title}</p>"
