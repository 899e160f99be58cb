"""The project's translation catalogues, read as Django reads them.

Django merges every app's catalogue of a language into one (the earlier app in
INSTALLED_APPS wins, LOCALE_PATHS win over all), so a msgid without a context that two
catalogues translate differently shows one app's wording on the other's screens: the
message board's 收到时间 column read 收到申请日期, the disclosure requests'. A string that
means something else in a plugin takes a context (pgettext, {% translate ... context %}).
"""

import gettext
import os
from collections import defaultdict
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]


def _catalogues():
    """Every committed .po of the project (not of its virtualenv) with its .mo beside it."""
    found = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d != "node_modules"]
        found += [Path(folder) / f for f in files if f.endswith(".po")]
    return sorted(found)


CATALOGUES = _catalogues()


def _name(path):
    return str(path.relative_to(ROOT))


def _po_messages(path):
    """What msgfmt would compile from a .po: its translated, non-fuzzy messages, keyed as
    gettext's catalogue keys them (context EOT msgid; (msgid, n) for plural forms)."""
    messages = {}
    for entry in polib.pofile(str(path)):
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt is not None else entry.msgid
        if entry.msgid_plural:
            if all(entry.msgstr_plural.values()):
                messages.update({(key, int(n)): s for n, s in entry.msgstr_plural.items()})
        elif entry.msgstr:
            messages[key] = entry.msgstr
    return messages


def _mo_messages(path):
    with open(path, "rb") as mo:
        catalogue = gettext.GNUTranslations(mo)._catalog
    return {key: text for key, text in catalogue.items() if key != ""}  # "" is the header


def test_the_project_has_its_catalogues():
    names = {_name(p) for p in CATALOGUES}
    assert "cms/locale/zh_Hans/LC_MESSAGES/django.po" in names
    assert "plugins/messageboard/locale/zh_Hans/LC_MESSAGES/django.po" in names


@pytest.mark.parametrize("po", CATALOGUES, ids=_name)
def test_each_compiled_catalogue_matches_its_po(po):
    # Django reads only the .mo: a .po edited without compilemessages changes nothing.
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{_name(mo)} is missing: run compilemessages"
    compiled, written = _mo_messages(mo), _po_messages(po)
    differing = {k for k in compiled.keys() & written.keys() if compiled[k] != written[k]}
    stale = sorted(str(k) for k in (compiled.keys() ^ written.keys()) | differing)
    assert not stale, f"{_name(mo)} is not compiled from {_name(po)}: {stale[:10]}"


def test_no_two_catalogues_translate_one_context_free_msgid_differently():
    by_language = defaultdict(lambda: defaultdict(dict))
    for po in CATALOGUES:
        mo = po.with_suffix(".mo")
        if not mo.exists():
            continue  # the test above says so
        language_and_domain = (po.parent.parent.name, po.stem)
        for msgid, text in _mo_messages(mo).items():
            if isinstance(msgid, str) and "\x04" not in msgid:
                by_language[language_and_domain][msgid][_name(mo)] = text
    clashes = [
        f"{msgid!r}: " + ", ".join(f"{where} {text}" for where, text in sorted(texts.items()))
        for messages in by_language.values()
        for msgid, texts in sorted(messages.items())
        if len(set(texts.values())) > 1
    ]
    assert not clashes, (
        "The same msgid is translated differently by two apps; Django shows one app's "
        "wording everywhere. Give the plugin's string a context (pgettext) or use one "
        "wording:\n" + "\n".join(clashes)
    )


# Project wordings that reach Wagtail's or Django's screens on purpose: the same sense, in
# the wording the project's readers expect. Anything else takes a context.
SHARED_WITH_WAGTAIL_AND_DJANGO = {
    "Actions": "操作 is the usual column heading; Wagtail's 动作 reads as motion",
    "All": "the same filter choice; 全部 for 所有",
    "Breadcrumb": "the same landmark; 当前位置 is how government sites label it",
    "Filter": "the same filter heading; 筛选 for 过滤器",
    "Next": "the same pagination link; 下一页 for 下一个",
    "Previous": "the same pagination link; 上一页 for 上一个",
    "Page not found": "the same error page",
    "Server error": "the same error page",
    "created at": "the same timestamp field",
    "live": "Wagtail's published flag; 已发布 for 在用",
    "name": "an object's name field; 名称 for 名字",
    "active": "the same on/off flag; 启用 for 有效",
    "Download CSV": "the same button, spaced",
    "Download XLSX": "the same button, spaced",
    "This field is required.": "the same form error",
}


def _upstream_messages():
    """Wagtail's and Django's own zh_Hans context-free messages: msgid -> {catalogue: text}."""
    import django
    import wagtail

    found = defaultdict(dict)
    for package in (wagtail, django):
        base = Path(package.__file__).resolve().parent
        for mo in base.rglob("locale/zh_Hans/LC_MESSAGES/django.mo"):
            for msgid, text in _mo_messages(mo).items():
                if isinstance(msgid, str) and "\x04" not in msgid:
                    found[msgid][str(mo.relative_to(base.parent))] = text
    return found


def _project_messages():
    """The project's context-free zh_Hans messages, without cms/wagtail_locale (that one
    rewords Wagtail on purpose and wins over Wagtail's, so it leaks nothing)."""
    found = defaultdict(dict)
    for po in CATALOGUES:
        mo = po.with_suffix(".mo")
        if po.parent.parent.name != "zh_Hans" or po.stem != "django" or not mo.exists():
            continue
        if _name(po).startswith("cms/wagtail_locale/"):
            continue
        for msgid, text in _mo_messages(mo).items():
            if isinstance(msgid, str) and "\x04" not in msgid:
                found[msgid][_name(mo)] = text
    return found


def _leaks():
    upstream, overridden = _upstream_messages(), set()
    override = ROOT / "cms/wagtail_locale/zh_Hans/LC_MESSAGES/django.mo"
    if override.exists():
        overridden = set(_mo_messages(override))
    return {
        msgid: (ours, theirs)
        for msgid, ours in _project_messages().items()
        if msgid in upstream and msgid not in overridden
        for theirs in [{w: t for w, t in upstream[msgid].items() if t not in ours.values()}]
        if theirs
    }


def test_no_project_catalogue_rewords_a_wagtail_or_django_msgid():
    # The project's apps come before wagtail and django in INSTALLED_APPS, so a plugin's
    # 不予受理 for "Rejected" became the label of Wagtail's rejected workflow state.
    leaks = _leaks()
    found = [
        f"{msgid!r}: "
        + ", ".join(f"{w} {t}" for w, t in sorted(ours.items()))
        + " over "
        + ", ".join(f"{w} {t}" for w, t in sorted(theirs.items()))
        for msgid, (ours, theirs) in sorted(leaks.items())
        if msgid not in SHARED_WITH_WAGTAIL_AND_DJANGO
    ]
    assert not found, (
        "A project catalogue translates a msgid Wagtail or Django translate, differently, "
        "and its wording shows on their screens. Give the project's string a context "
        "(pgettext, {% translate ... context %}) or allow-list it with a reason:\n"
        + "\n".join(found)
    )


def test_the_allow_list_names_only_live_rewordings():
    stale = sorted(set(SHARED_WITH_WAGTAIL_AND_DJANGO) - set(_leaks()))
    assert not stale, f"no longer reworded, drop from SHARED_WITH_WAGTAIL_AND_DJANGO: {stale}"


def test_wagtail_workflow_wording_reads_as_chinese():
    """Wagtail's own catalogue has 步进数1 for a workflow's step and 批准 和发布 for its last
    approval; cms/wagtail_locale words them as an editor would (try-out)."""
    from django.utils import translation

    with translation.override("zh-hans"):
        step = translation.gettext("Step %(step_number)s") % {"step_number": 2}
        publish = translation.gettext("%(label)s and Publish") % {"label": "批准"}
    assert (step, publish) == ("第2步", "批准并发布")


# `make messages` (cms/management/commands/makemessages.py) round-trips: what it writes is
# what is committed. The checks below are the cheap part of that (a full run takes minutes
# on a busy machine): every entry translated and current, unwrapped, without locations, and
# the msgids left to Wagtail and Django out of the project's catalogues.


def _entries(po):
    return [e for e in polib.pofile(str(po)) if e.msgid or e.obsolete]


@pytest.mark.parametrize("po", CATALOGUES, ids=_name)
def test_every_entry_is_translated_and_current(po):
    # A fuzzy entry is left out of the .mo (the English shows), and msgmerge's fuzzy
    # guesses were wrong ("in moderation" → 信息内容); an obsolete one is a msgid no code
    # uses any more, or one makemessages no longer finds (say, behind an alias of gettext).
    bad = [
        ("obsolete" if e.obsolete else "fuzzy" if "fuzzy" in e.flags else "untranslated")
        + f" {e.msgctxt + ' | ' if e.msgctxt else ''}{e.msgid!r}"
        for e in _entries(po)
        if e.obsolete
        or "fuzzy" in e.flags
        or not (all(e.msgstr_plural.values()) if e.msgid_plural else e.msgstr)
    ]
    assert not bad, (
        f"{_name(po)}: translate these (or list a msgid left to Wagtail's or Django's "
        "wording in UPSTREAM_MSGIDS), then compilemessages:\n" + "\n".join(bad)
    )


@pytest.mark.parametrize("po", CATALOGUES, ids=_name)
def test_each_catalogue_is_in_the_form_make_messages_writes(po):
    # --no-wrap --no-location: a hand edit that wraps a line or adds a location comment is
    # rewritten by the next `make messages`, and the real change drowns in that diff.
    text = po.read_text(encoding="utf-8")
    assert "\n#: " not in text, f"{_name(po)} has location comments"
    wrapped = [
        e.msgid
        for e in _entries(po)
        if "\n" not in e.msgid and f'msgid "{polib.escape(e.msgid)}"\n' not in text
    ]
    assert not wrapped, f"{_name(po)} wraps these msgids over lines: {wrapped[:5]}"


def test_msgids_left_to_wagtail_and_django_stay_out_and_are_translated_there():
    from cms.management.commands.makemessages import UPSTREAM_MSGIDS

    ours = defaultdict(list)
    for po in CATALOGUES:
        if not _name(po).startswith("cms/wagtail_locale/"):
            for e in _entries(po):
                if e.msgctxt is None and e.msgid in UPSTREAM_MSGIDS:
                    ours[e.msgid].append(_name(po))
    assert not ours, f"left to Wagtail and Django, but in a project catalogue: {dict(ours)}"
    override = ROOT / "cms/wagtail_locale/zh_Hans/LC_MESSAGES/django.mo"
    translated = set(_upstream_messages()) | set(_mo_messages(override))
    assert not sorted(UPSTREAM_MSGIDS - translated), "neither Wagtail nor Django translate these"


def test_make_messages_keeps_out_only_context_free_upstream_entries():
    from cms.management.commands.makemessages import drop_upstream_entries

    po = (
        'msgid ""\nmsgstr ""\n"Language: zh_Hans\\n"\n\n'
        'msgid "in moderation"\nmsgstr ""\n\n'
        'msgctxt "page status"\nmsgid "scheduled"\nmsgstr "已排期"\n\n'
        '#~ msgid "Status"\n#~ msgstr "状态"\n\n'
        'msgid "started"\nmsgstr "开始时间"\n'
    )
    assert drop_upstream_entries(po) == (
        'msgid ""\nmsgstr ""\n"Language: zh_Hans\\n"\n\n'
        'msgctxt "page status"\nmsgid "scheduled"\nmsgstr "已排期"\n\n'
        'msgid "started"\nmsgstr "开始时间"\n'
    )


@pytest.mark.skipif(
    not os.environ.get("CHECK_MAKE_MESSAGES"),
    reason="runs `make messages` on a copy of the project (minutes); CHECK_MAKE_MESSAGES=1",
)
def test_make_messages_changes_no_committed_catalogue(tmp_path):
    import shutil
    import subprocess

    if not shutil.which("make") or not shutil.which("msgmerge"):
        pytest.skip("make or gettext is not installed")
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        symlinks=True,
        ignore=shutil.ignore_patterns(".*", "node_modules", "media", "static", "var", "*.sqlite3"),
    )
    (copy / ".venv").symlink_to(ROOT / ".venv")
    env = {k: v for k, v in os.environ.items() if k != "MAKEFLAGS"}
    result = subprocess.run(
        ["make", "-s", "messages"], cwd=copy, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-2000:]
    changed = [
        _name(path)
        for path in CATALOGUES + [p.with_suffix(".mo") for p in CATALOGUES]
        if path.read_bytes() != (copy / path.relative_to(ROOT)).read_bytes()
    ]
    assert not changed, f"`make messages` rewrites these; run it and commit the result: {changed}"
