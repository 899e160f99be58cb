"""Marking the query's words in the original text of a result.

Matching happens on normalized text, which has the same length as the original, so the
spans found there are cut from the original: a traditional-Chinese title is shown in
traditional characters with the simplified query's words marked. Done in Python for
every backend alike, so a result reads the same whichever engine found it.
"""

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


def spans(normalized: str, query_tokens, reach: int | None = None) -> list[tuple[int, int]]:
    """Merged (start, end) spans where any of the tokens occurs (with ``reach``, those
    starting before it: exact up to ``reach``, as a span that grows past it is cut there
    by every window that ends before it)."""
    found = []
    stop = len(normalized) if reach is None else reach
    for token in query_tokens:
        size = len(token)
        # An occurrence that starts before ``stop`` ends by this.
        bound = stop + size - 1
        start = normalized.find(token, 0, bound)
        while start != -1:
            found.append((start, start + size))
            start = normalized.find(token, start + 1, bound)
    merged: list[list[int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def mark(original: str, found, start: int = 0, end: int | None = None) -> str:
    """HTML of ``original[start:end]`` with the spans wrapped in <mark>."""
    end = len(original) if end is None else end
    out, position = [], start
    for s, e in found:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(original[position:s]))
        out.append(f"<mark>{escape(original[s:e])}</mark>")
        position = e
    out.append(escape(original[position:end]))
    return "".join(out)


def highlight_title(title: str, query_tokens) -> str:
    # No words (a list by date): nothing to mark, and nothing to normalize for it.
    return mark(title, spans(normalize(title), query_tokens) if query_tokens else [])


def fragments(text: str, query_tokens, count: int = 2, normalized: str | None = None) -> list[str]:
    """Up to ``count`` windows of ``text`` around the first matches, marked
    (``normalized``: ``normalize(text)`` when the caller has it already; else only as
    much of the text is normalized as the windows are looked for in)."""
    if not query_tokens:
        return []
    # What ``spans`` reads past its reach: a match that starts before it, and the phrases
    # OpenCC converts as one (at most 10 characters), so the start normalized alone reads
    # as it does in the whole text.
    pad = max(map(len, query_tokens)) + PHRASE_PAD
    reach = FIRST_REACH
    while True:
        whole = reach >= len(text)
        if normalized is not None:
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


def matches(text_normalized: str, query_tokens) -> bool:
    """Whether every token occurs in the text (the backends' rule for a match)."""
    return bool(query_tokens) and all(token in text_normalized for token in query_tokens)
