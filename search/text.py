"""Text as every search backend sees it: normalized in Python, then cut into tokens.

``normalize`` and ``tokens`` live in the core (``cms.text.matching``, which also gives the
admin search its title words) and are named here too: search is where backends and plugins
look for them.

* traditional → simplified Chinese (OpenCC ``t2s``), so 政務公開 finds 政务公开;
* full-width → half-width letters, digits and brackets, lower case;
* document numbers: 〔2024〕, [2024], (2024), （2024） and 【2024】 are one form, and
  spaces inside the number do not count (``doc_number_key``).

Normalization keeps the length of the text, so a match found in the normalized text marks
the same place in the original. Tokens are those of Elasticsearch's ``cjk`` analyzer: the
embedded index stores exactly these, so both backends match the same words.
"""

import re

from cms.text.matching import CJK, normalize, tokens

__all__ = ["doc_number_key", "doc_numbers_in", "normalize", "searchable", "tokens"]

OPEN_BRACKETS = "〔[(（【［〖"
CLOSE_BRACKETS = "〕])）】］〗"
_DOC_NUMBER = re.compile(
    rf"([{CJK}A-Za-z]{{1,12}})\s*[{re.escape(OPEN_BRACKETS)}]\s*(\d{{4}})\s*"
    rf"[{re.escape(CLOSE_BRACKETS)}]\s*(\d{{1,6}})\s*号"
)


def doc_number_key(doc_number: str) -> str:
    """A document number in one canonical form: 沪统〔2024〕5号 for all its spellings."""
    match = _DOC_NUMBER.search(normalize(doc_number or ""))
    if match:
        return f"{match[1]}〔{match[2]}〕{int(match[3])}号"
    return re.sub(r"\s+", "", normalize(doc_number or ""))


def doc_numbers_in(query: str) -> list[str]:
    """The canonical document numbers a query may mean.

    The agency's prefix runs into the words before it (关于沪统〔2024〕5号的解读), so
    every ending of that run is a candidate; only real numbers will match one.
    """
    found = []
    for m in _DOC_NUMBER.finditer(normalize(query)):
        prefix, rest = m[1], f"〔{m[2]}〕{int(m[3])}号"
        found.extend(prefix[i:] + rest for i in range(len(prefix)))
    return found


def searchable(text: str) -> str:
    """Normalized tokens joined by spaces: what a full-text column stores."""
    return " ".join(tokens(normalize(text)))
