"""The plain-text part of an e-mail, written from its HTML.

A merchant edits one body (HTML); the text alternative that mail clients without
HTML (and spam filters) read is derived from it here, so the two never disagree.
Links keep their address in brackets, list items get a dash, table cells a
separator, block elements a line break; ``<style>``, ``<script>`` and ``<head>`` are
left out.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "ul", "ol",
    "section", "header", "footer", "blockquote", "hr", "address",
}  # fmt: skip
_SKIPPED = {"style", "script", "head", "title"}


class _TextWriter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.links: list[str | None] = []
        self.link_text: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n" if tag in {"p", "h1", "h2", "h3", "table"} else "\n")
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in {"td", "th"}:
            self.parts.append("  ")
        elif tag == "a":
            self.links.append(dict(attrs).get("href"))
            self.link_text.append([])
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self._write(alt)

    def handle_endtag(self, tag):
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS and tag not in {"tr", "div"}:
            self.parts.append("\n\n" if tag in {"p", "h1", "h2", "h3", "table"} else "\n")
        elif tag == "a" and self.links:
            href = self.links.pop()
            text = "".join(self.link_text.pop()).strip()
            if href and href.startswith(("http://", "https://", "mailto:")) and href != text:
                self.parts.append(f" ({href.removeprefix('mailto:')})")

    def handle_data(self, data):
        if not self.skipping:
            self._write(data)

    def _write(self, text: str) -> None:
        text = re.sub(r"\s+", " ", text)
        self.parts.append(text)
        for collected in self.link_text:
            collected.append(text)


def html_to_text(html: str) -> str:
    writer = _TextWriter()
    writer.feed(html)
    writer.close()
    text = "".join(writer.parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
