"""Lifting generated HTML out of Markdown and putting it back."""

from __future__ import annotations

import markdown

from effplm_catalog.render.slots import lift_html, restore_html

PAGE = """---
title: "x"
---

# Title

<ul class="effplm-list">
<li><a href="a/">A</a></li>

<li>a blank line ends a block: this one is not generated</li>
</ul>

Some *Markdown* with <b>inline HTML</b> stays.

<div class="highlight"><pre><code>@misc{k,
  title = {x}
}</code></pre></div>
"""


def test_lift_and_restore() -> None:
    lifted, blocks = lift_html(PAGE)
    assert lifted.startswith('---\ntitle: "x"\n---\n')
    assert list(blocks.values()) == ['<div class="highlight"><pre><code>@misc{k,\n  title = {x}\n}</code></pre></div>']
    assert "Some *Markdown*" in lifted and '<ul class="effplm-list">' in lifted  # not a clean block: left alone
    html = restore_html(markdown.markdown(lifted.split("---\n", 2)[2]), blocks)
    assert "<pre><code>@misc{k,\n  title = {x}\n}</code></pre>" in html
    assert "<em>Markdown</em>" in html and "data-effplm-slot" not in html


def test_generated_lists_are_lifted_whole() -> None:
    page = '# T\n\n<ul class="effplm-list">\n<li>one</li>\n<li>two</li>\n</ul>\n'
    lifted, blocks = lift_html(page)
    assert lifted == '# T\n\n<div data-effplm-slot="0"></div>\n'
    assert restore_html(markdown.markdown(lifted), blocks) == "<h1>T</h1>\n" + page.split("\n\n", 1)[1].rstrip("\n")
