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


@lru_cache(maxsize=4096)
def _width(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char)
    return folded.lower() if len(folded) == 1 else char


def normalize(text: str) -> str:
    """Simplified Chinese, half-width, lower case; exactly as long as ``text``."""
    if not text:
        return ""
    folded = "".join(_width(ch) for ch in text)
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
