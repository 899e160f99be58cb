"""Marking the query's words in the original text of a result.

Matching happens on normalized text, which has the same length as the original, so the
spans found there are cut from the original: a traditional-Chinese title is shown in
traditional characters with the simplified query's words marked. Done in Python for
every backend alike, so a result reads the same whichever engine found it.
"""

import re
from html import escape

from search.text import normalize

FRAGMENT_CHARS = 80
# Fragments are looked for in the first this many characters, then in four times as many,
# and so on: a common word occurs hundreds of times in a long body, and two windows at
# its first occurrences are all a result shows.
FIRST_REACH = 4 * FRAGMENT_CHARS
# Characters normalized past the reach besides the longest token: more than OpenCC's
# longest phrase (10 characters in t2s), so a phrase cut at the end converts as a whole.
PHRASE_PAD = 16
# What html.escape changes: a window without any of these is shown as it is.
_ESCAPED = re.compile("[&<>\"']")


def spans(normalized: str, query_tokens, reach: int | None = None) -> list[tuple[int, int]]:
    """Merged (start, end) spans where any of the tokens occurs, in order (with
    ``reach``, those starting before it: exact up to ``reach``, as a span that grows past
    it is cut there by every window that ends before it)."""
    found = []
    stop = len(normalized) if reach is None else reach
    find = normalized.find
    for token in query_tokens:
        size = len(token)
        # An occurrence that starts before ``stop`` ends by this.
        bound = stop + size - 1
        start = find(token, 0, bound)
        while start != -1:
            found.append((start, start + size))
            start = find(token, start + 1, bound)
    if len(query_tokens) > 1:
        found.sort()  # one token's occurrences are found in order
    merged = []
    first = last = -1
    for start, end in found:
        if start <= last:
            last = max(last, end)
        else:
            if last != -1:
                merged.append((first, last))
            first, last = start, end
    if last != -1:
        merged.append((first, last))
    return merged


def mark(original: str, found, start: int = 0, end: int | None = None) -> str:
    """HTML of ``original[start:end]`` with the spans ``found`` (in order, as ``spans``
    gives them) wrapped in <mark>."""
    end = len(original) if end is None else end
    # Plain text and marked text in turn, from plain text to plain text.
    pieces, position = [], start
    for s, e in found:
        if e <= start:
            continue
        if s >= end:
            break
        s, e = max(s, start), min(e, end)
        pieces.append(original[position:s])
        pieces.append(original[s:e])
        position = e
    pieces.append(original[position:end])
    # A result's window rarely holds a character to escape: then none is escaped piece by
    # piece (twenty hits mark about a thousand pieces).
    if _ESCAPED.search(original, start, end):
        pieces = [escape(piece) for piece in pieces]
    marked = zip(pieces[1::2], pieces[2::2], strict=True)
    return pieces[0] + "".join([f"<mark>{m}</mark>{plain}" for m, plain in marked])


def highlight_title(title: str, query_tokens) -> str:
    # No words (a list by date): nothing to mark, and nothing to normalize for it.
    return mark(title, spans(normalize(title), query_tokens) if query_tokens else [])


def highlight_number(number: str, key: str, asked) -> str:
    """The document number as HTML, marked whole when the search named it (in any of its
    spellings: ``asked`` holds the canonical keys ``doc_number_key`` gives)."""
    return mark(number, [(0, len(number))] if number and key in asked else [])


def fragments(text: str, query_tokens, count: int = 2, normalized: str | None = None) -> list[str]:
    """Up to ``count`` windows of ``text`` around the first matches, marked
    (``normalized``: ``normalize(text)``, or the normalized start ``contains`` gives, when
    the caller has it already; else only as much of the text is normalized as the
    windows are looked for in)."""
    if not query_tokens:
        return []
    # What ``spans`` reads past its reach: a match that starts before it, and the phrases
    # OpenCC converts as one (at most 10 characters), so the start normalized alone reads
    # as it does in the whole text.
    pad = max(map(len, query_tokens)) + PHRASE_PAD
    reach = FIRST_REACH
    while True:
        whole = reach >= len(text)
        if normalized is not None and (
            len(normalized) == len(text) or len(normalized) >= reach + pad
        ):
            seen = normalized
        elif whole or reach + pad >= len(text):
            seen = normalized = normalize(text)
        else:
            seen = normalize(text[: reach + pad])
        found = spans(seen, query_tokens, None if whole else reach)
        windows = _windows(found, len(text), count)
        # Windows found within reach are those of the whole text: the spans they mark are.
        if whole or (len(windows) == count and windows[-1][1] <= reach):
            break
        reach *= 4
    return [
        ("…" if start > 0 else "")
        + mark(text, found, start, end).replace("\n", " ")
        + ("…" if end < len(text) else "")
        for start, end in windows
    ]


def _windows(found, length: int, count: int) -> list[tuple[int, int]]:
    """Up to ``count`` (start, end) windows, each around the first span it does not cover."""
    out, covered = [], -1
    for s, _ in found:
        if s < covered:
            continue
        start = max(0, s - FRAGMENT_CHARS // 4)
        end = min(length, start + FRAGMENT_CHARS)
        out.append((start, end))
        covered = end
        if len(out) == count:
            break
    return out


def contains(text: str, query_tokens, every: bool = True) -> str | None:
    """The normalized start of ``text`` in which every token (without ``every``, any
    token) occurs, for ``fragments``; None if ``normalize(text)`` has none (the backends'
    rule for a match). Only as much of the text is normalized as is looked into before
    the answer is known, as ``fragments`` does: a common word is found at the start."""
    if not query_tokens:
        return None
    pad = max(map(len, query_tokens)) + PHRASE_PAD
    left = set(query_tokens)
    reach = FIRST_REACH
    while True:
        whole = reach + pad >= len(text)
        seen = normalize(text if whole else text[: reach + pad])
        # Exact for an occurrence that starts before ``reach`` (``fragments``'s pad).
        stop = len(seen) if whole else reach
        found = {token for token in left if seen.find(token, 0, stop + len(token) - 1) != -1}
        left -= found
        if not left or (found and not every):
            return seen
        if whole:
            return None
        reach *= 4
