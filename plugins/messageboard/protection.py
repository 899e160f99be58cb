"""What stands between the public's input and the site besides the core's protection of
public forms (cms.plugin_api: clean_text, limited, the CAPTCHA): the board's
sensitive-word list, and personal data masked in everything published."""

from __future__ import annotations

import time
import uuid
from functools import lru_cache

import ahocorasick
from django.core.cache import cache
from django.utils.html import format_html, format_html_join

from cms.plugin_api import clean_text as clean_text  # still importable from here
from cms.plugin_api import leftmost_longest
from plugins.messageboard.models import SensitiveWord

# ---- the sensitive-word list ------------------------------------------------------------

_VERSION_KEY = "messageboard:sensitive-words:version"
# How long a process trusts the list version it last read from the shared cache: an edit
# holds messages in every process within this many seconds (at once in the editing one),
# and a busy form is spared a cache round trip per message.
VERSION_CHECK_SECONDS = 2.0
_seen = {"version": None, "at": 0.0}


def words_changed(**kwargs) -> None:
    """The list was edited: every process builds its automaton anew at its next match."""
    version = uuid.uuid4().hex
    cache.set(_VERSION_KEY, version, None)
    _seen.update(version=version, at=time.monotonic())


@lru_cache(maxsize=4)
def _automaton(version: str):
    automaton = ahocorasick.Automaton()
    for word in SensitiveWord.objects.values_list("word", flat=True):
        word = word.strip().lower()
        if word:
            automaton.add_word(word, word)
    if len(automaton):
        automaton.make_automaton()
    return automaton


def _current():
    now = time.monotonic()
    if _seen["version"] is None or now - _seen["at"] > VERSION_CHECK_SECONDS:
        version = cache.get(_VERSION_KEY)
        if version is None:  # a cleared or restarted cache: nobody knows which list it had
            words_changed()
        else:
            _seen.update(version=version, at=now)
    return _automaton(_seen["version"])


def sensitive_spans(text: str, automaton=None) -> list[tuple[int, int, str]]:
    """(start, end, word) of every listed word in ``text``, longest first where they
    overlap; matched case-insensitively in one pass (Aho-Corasick)."""
    automaton = _current() if automaton is None else automaton
    if not len(automaton) or not text:
        return []
    return leftmost_longest(
        (end - len(word) + 1, end + 1, word) for end, word in automaton.iter(text.lower())
    )


def sensitive_words(*texts: str) -> list[str]:
    """The listed words found in the texts, each once, in order of appearance."""
    found, automaton = [], _current()  # one look at the list's version for all texts
    for text in texts:
        for _start, _end, word in sensitive_spans(text, automaton):
            if word not in found:
                found.append(word)
    return found


def highlighted(text: str):
    """The text as safe HTML with every listed word marked, for the moderator."""
    spans = sensitive_spans(text)
    parts, last = [], 0
    for start, end, _word in spans:
        parts.append((text[last:start], text[start:end]))
        last = end
    return format_html_join("", "{}<mark>{}</mark>", parts) + format_html("{}", text[last:])
