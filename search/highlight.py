"""Marking the query's words in the original text of a result.

Matching happens on normalized text, which has the same length as the original, so the
spans found there are cut from the original: a traditional-Chinese title is shown in
traditional characters with the simplified query's words marked. Done in Python for
every backend alike, so a result reads the same whichever engine found it.
"""

from html import escape

from search.text import normalize

FRAGMENT_CHARS = 80


def spans(normalized: str, query_tokens) -> list[tuple[int, int]]:
    """Merged (start, end) spans where any of the tokens occurs."""
    found = []
    for token in query_tokens:
        start = normalized.find(token)
        while start != -1:
            found.append((start, start + len(token)))
            start = normalized.find(token, start + 1)
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
    return mark(title, spans(normalize(title), query_tokens))


def fragments(text: str, query_tokens, count: int = 2, normalized: str | None = None) -> list[str]:
    """Up to ``count`` windows of ``text`` around the first matches, marked
    (``normalized``: ``normalize(text)`` when the caller has it already)."""
    found = spans(normalize(text) if normalized is None else normalized, query_tokens)
    out, covered = [], -1
    for s, _ in found:
        if s < covered:
            continue
        start = max(0, s - FRAGMENT_CHARS // 4)
        end = min(len(text), start + FRAGMENT_CHARS)
        prefix = "…" if start > 0 else ""
        suffix = "…" if end < len(text) else ""
        out.append(prefix + mark(text, found, start, end).replace("\n", " ") + suffix)
        covered = end
        if len(out) == count:
            break
    return out


def matches(text_normalized: str, query_tokens) -> bool:
    """Whether every token occurs in the text (the backends' rule for a match)."""
    return bool(query_tokens) and all(token in text_normalized for token in query_tokens)
