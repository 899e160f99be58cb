"""A draft split into clauses, each with an anchor that survives a redraft.

Three numbering styles, tried in this order: articles (第一条, 第二条…; 第一章/第一节
headings are structure, not clauses), parts and items (一、 and （一）, each a clause), and
otherwise one clause per paragraph. An anchor is a digest of the clause's text without its
number and with blanks and the width of characters ignored: a redraft that inserts a clause
renumbers the ones after it but keeps their anchors, and only a clause whose words changed
gets a new one. The same text twice in a draft is told apart by its occurrence (``-2``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

_NUM = "零〇一二三四五六七八九十百千两"
_ARTICLE = re.compile(rf"^\s*(第[{_NUM}\d]+条)[\s\u3000]*(.*)$")
_HEADING = re.compile(rf"^\s*第[{_NUM}\d]+[编章节](?:[\s\u3000].*)?$")
_PART = re.compile(rf"^\s*([{_NUM}]+)、\s*(.*)$")
_ITEM = re.compile(rf"^\s*[（(]([{_NUM}]+)[）)]\s*(.*)$")
_BLANKS = re.compile(r"\s+")
MAX_LABEL = 40


@dataclass(frozen=True)
class Part:
    """One clause of a draft: its number as written (empty for a paragraph), its text
    without the number, and its anchor."""

    label: str
    text: str
    anchor: str


def split_clauses(text: str) -> list[Part]:
    """The clauses of ``text`` in order, with anchors unique within the draft."""
    lines = [line.strip() for line in (text or "").replace("\r\n", "\n").split("\n")]
    if any(_ARTICLE.match(line) for line in lines):
        pieces = _articles(lines)
    elif any(_PART.match(line) for line in lines):
        pieces = _parts(lines)
    else:
        pieces = [("", line) for line in lines if line]
    return _anchored(
        [(label[:MAX_LABEL], body.strip()) for label, body in pieces if body.strip() or label]
    )


def _articles(lines: list[str]) -> list[tuple[str, str]]:
    pieces: list[list[str]] = []
    for line in lines:
        match = _ARTICLE.match(line)
        if match:
            pieces.append([match.group(1), match.group(2)])
        elif _HEADING.match(line) or not line:
            continue
        elif pieces:
            pieces[-1][1] += "\n" + line
        else:  # a preamble before the first article is a clause of its own
            pieces.append(["", line])
    return [(label, body) for label, body in pieces]


def _parts(lines: list[str]) -> list[tuple[str, str]]:
    pieces: list[list[str]] = []
    part = ""
    for line in lines:
        part_match, item_match = _PART.match(line), _ITEM.match(line)
        if part_match:
            part = part_match.group(1)
            pieces.append([f"{part}、", part_match.group(2)])
        elif item_match:
            pieces.append([f"{part}（{item_match.group(1)}）", item_match.group(2)])
        elif not line:
            continue
        elif pieces:
            pieces[-1][1] += "\n" + line
        else:
            pieces.append(["", line])
    return [(label, body) for label, body in pieces]


def normalised(text: str) -> str:
    """The text as its anchor sees it: full-width folded (NFKC), blanks removed."""
    return _BLANKS.sub("", unicodedata.normalize("NFKC", text or ""))


def _anchored(pieces: list[tuple[str, str]]) -> list[Part]:
    seen: dict[str, int] = {}
    parts = []
    for label, body in pieces:
        # A heading-only clause (一、 with no words) is told apart by its number.
        basis = normalised(body) or normalised(label)
        digest = "c" + hashlib.sha1(basis.encode()).hexdigest()[:10]
        seen[digest] = seen.get(digest, 0) + 1
        anchor = digest if seen[digest] == 1 else f"{digest}-{seen[digest]}"
        parts.append(Part(label=label, text=body, anchor=anchor))
    return parts
