"""Highlights: the same windows and marks however far into the text they look."""

import random

from search import highlight
from search.highlight import FRAGMENT_CHARS, mark, normalize


def _every_span(normalized: str, query_tokens) -> list[tuple[int, int]]:
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


def _fragments_of_every_span(text: str, query_tokens, count: int = 2) -> list[str]:
    """The fragments as they were made before they looked only as far as they show."""
    found = _every_span(normalize(text), query_tokens)
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


WORDS = [("统计",), ("计局", "局调"), ("调查数据",), ("统计", "查"), ("无关",)]


def test_fragments_are_those_of_every_span():
    rng = random.Random(31)
    alphabet = "统计局调查数据\n，。统計"
    for n in range(400):
        length = rng.choice([0, 5, 90, 900, 1100, 4500])
        text = "".join(rng.choice(alphabet) for _ in range(length))
        if n % 3 == 0:  # the words only far into the text
            text = "无" * rng.choice([990, 3990, 16000]) + text
        query_tokens = rng.choice(WORDS)
        for count in (1, 2):
            assert highlight.fragments(text, query_tokens, count) == _fragments_of_every_span(
                text, query_tokens, count
            ), (n, query_tokens, count)


def test_fragments_of_a_common_word_read_only_the_start_of_a_long_text(monkeypatch):
    found = []
    real = highlight.spans

    def counting(normalized, query_tokens, reach=None):
        found.append(len(spans := real(normalized, query_tokens, reach)))
        return spans

    monkeypatch.setattr(highlight, "spans", counting)
    text = "本市统计工作要点。" * 20_000
    assert len(highlight.fragments(text, ("统计",))) == 2
    assert sum(found) < 200  # of 20,000 occurrences
