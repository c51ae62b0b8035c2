"""What the layout tests measure in the page, as JavaScript run by Playwright: words split over
two lines, sideways scrolling, and the language each piece of text is marked with."""

from __future__ import annotations

from typing import Any

# Every run of letters shorter than `limit` whose glyphs sit on more than one line: a word split
# inside itself (by overflow-wrap, by hyphenation or by a column one letter wide). Text the
# reader cannot see (display: none, a visually hidden table head) is left out.
SPLIT_WORDS = """
(limit) => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const letters = /[\\p{L}\\p{M}]+/gu;
  let node;
  while ((node = walker.nextNode())) {
    const el = node.parentElement;
    if (!el || el.closest('script, style')) continue;
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1 || el.getClientRects().length === 0) continue;
    for (const m of node.data.matchAll(letters)) {
      if ([...m[0].matchAll(/\\p{L}/gu)].length >= limit) continue;
      const r = document.createRange();
      r.setStart(node, m.index);
      r.setEnd(node, m.index + m[0].length);
      const rects = [...r.getClientRects()].filter((x) => x.width > 0 && x.height > 0);
      if (rects.length < 2) continue;
      const tops = rects.map((x) => x.top);
      const lowest = Math.min(...rects.map((x) => x.height));
      if (Math.max(...tops) - Math.min(...tops) > lowest / 2) {
        out.push(m[0] + ' in <' + el.tagName.toLowerCase() + '>');
      }
    }
  }
  return out;
}
"""

SIDEWAYS = "[document.documentElement.scrollWidth, window.innerWidth]"

# For each text node that holds one of `texts`: the language it is marked with (its nearest
# lang attribute), with the text's first words.
MARKED_LANG = """
(texts) => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const data = node.data;
    for (const t of texts) {
      if (data.includes(t)) {
        const holder = node.parentElement.closest('[lang]');
        out.push([t.slice(0, 40), holder ? holder.getAttribute('lang') : '']);
      }
    }
  }
  return out;
}
"""


def split_words(page: Any, limit: int = 12) -> list[str]:
    found: list[str] = page.evaluate(SPLIT_WORDS, limit)
    return found
