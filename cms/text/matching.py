"""Text as matching compares it: normalized in Python, then cut into tokens.

Normalization keeps the length of the text, character for character, so a match found
in the normalized text marks the same place in the original, which is what results show.

* traditional → simplified Chinese (OpenCC ``t2s``), so 政務公開 finds 政务公开;
* full-width → half-width letters, digits and brackets, lower case.

Tokens are those of Elasticsearch's ``cjk`` analyzer: overlapping pairs of Chinese
characters (a lone character stays single) and whole runs of letters or digits. The
search app (``search.text``) indexes and queries by these; the core's own admin search
indexes a policy's title by its words (``title_words``).
"""

import operator
import re
import unicodedata
from functools import lru_cache

import opencc

_t2s = opencc.OpenCC("t2s")

# Characters of the CJK ideograph blocks (and the compatibility ones).
CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{CJK}]+|[0-9a-z]+")
_CJK_RUN = re.compile(rf"[{CJK}]")


def _width(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char)
    return folded.lower() if len(folded) == 1 else char


@lru_cache(maxsize=8192)
def _fold(run: str) -> str:
    return "".join(_width(ch) for ch in run)


def _kept_as_they_are(*blocks: tuple[int, int]) -> str:
    """A regex class of the characters of ``blocks`` that ``_width`` leaves alone."""
    kept = [chr(code) for first, last in blocks for code in range(first, last + 1)]
    return "".join(re.escape(ch) for ch in kept if _width(ch) == ch)


# Runs of characters ``_width`` may change. Everything else (Chinese characters, lower-case
# ASCII, most CJK punctuation) is skipped in C, so a long body costs a call per run of
# full-width punctuation or capitals, not per character. The unified ideographs have no
# compatibility decomposition and no case.
_MAY_CHANGE = re.compile(
    "[^\u3400-\u4dbf\u4e00-\u9fff"
    + _kept_as_they_are((0x00, 0x7F), (0x2000, 0x206F), (0x3000, 0x30FF))
    + "]+"
)
# The full-width punctuation of ordinary Chinese prose, replaced in one C pass each before
# the runs above are looked for (a body has a full-width comma every dozen characters).
_FREQUENT = tuple((ch, _width(ch)) for ch in "，（）：；？！\u3000")


def _fold_width(text: str) -> str:
    """``_width`` of every character of ``text``."""
    for ch, folded in _FREQUENT:
        if ch in text:
            text = text.replace(ch, folded)
    return _MAY_CHANGE.sub(lambda run: _fold(run[0]), text)


def normalize(text: str) -> str:
    """Simplified Chinese, half-width, lower case; exactly as long as ``text``."""
    if not text:
        return ""
    folded = _fold_width(text)
    simplified = _t2s.convert(folded)
    if len(simplified) != len(folded):
        # A phrase conversion changed the length; convert character by character.
        simplified = "".join(_t2s.convert(ch) or ch for ch in folded)
    return simplified


def tokens(text: str) -> list[str]:
    """The cjk-analyzer tokens of already normalized text."""
    out = []
    for run in _TOKEN.findall(text):
        if _CJK_RUN.match(run) and len(run) > 1:
            out.extend(map(operator.add, run, run[1:]))  # the overlapping pairs
        else:
            out.append(run)
    return out


@lru_cache(maxsize=1024)  # Wagtail's index asks for each of its fields of a page
def title_words(title: str, longest: int = 8) -> str:
    """Every run of 2 to ``longest`` characters of a title, space-separated.

    For the Wagtail admin's own search, whose tokenizer takes a whole Chinese phrase as
    one word: with these, a word from the middle of a title is a word of the index.
    """
    words = set()
    for run in _TOKEN.findall(normalize(title)):
        for size in range(2, min(longest, len(run)) + 1):
            words.update(run[i : i + size] for i in range(len(run) - size + 1))
    return " ".join(sorted(words))


def leftmost_longest(spans):
    """Of overlapping matches ``(start, end, *rest)``, the ones a reader sees: at each
    place the longest, then the next that starts after it ends (an Aho-Corasick pass
    reports every word inside a longer one too)."""
    kept, reach = [], -1
    for span in sorted(spans, key=lambda span: (span[0], -(span[1] - span[0]))):
        if span[0] >= reach:
            kept.append(span)
            reach = span[1]
    return kept
