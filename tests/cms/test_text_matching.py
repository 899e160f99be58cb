"""Normalization for matching: the fast folding gives exactly the per-character rule."""

import unicodedata

import opencc

from cms.text.matching import normalize

t2s = opencc.OpenCC("t2s")


def reference(text: str) -> str:
    """The rule one character at a time: NFKC, lower case, unless that is not one
    character (then it stays); then traditional to simplified, keeping the length."""
    folded = ""
    for char in text:
        nfkc = unicodedata.normalize("NFKC", char)
        folded += nfkc.lower() if len(nfkc) == 1 else char
    simplified = t2s.convert(folded)
    if len(simplified) != len(folded):
        simplified = "".join(t2s.convert(ch) or ch for ch in folded)
    return simplified


def test_every_character_of_the_basic_plane_normalizes_as_the_rule_says():
    # In blocks, forwards and backwards, so every character is met inside runs of others
    # (the folding works on runs of characters that may change).
    for start in range(0, 0x10000, 2048):
        codes = range(start, start + 2048)
        # Lone surrogates are not text (OpenCC cannot encode them, nor can a request).
        block = "".join(chr(code) for code in codes if not 0xD800 <= code <= 0xDFFF)
        for text in (block, block[::-1]):
            assert normalize(text) == reference(text), hex(start)


def test_prose_folds_width_case_and_traditional_characters():
    text = "關於ＡＢＣ１２３，（試行）：統計？！\u3000Ｘ〔2024〕5號"
    assert normalize(text) == "关于abc123,(试行):统计?! x〔2024〕5号" == reference(text)
    assert len(normalize(text)) == len(text)
