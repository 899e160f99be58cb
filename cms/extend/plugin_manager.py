"""The plugin manager: which plugins are enabled, loading them, and calling their hooks.

Discovery runs while the settings load and imports no plugin code: built-in plugins are
the folders of ``plugins/`` with an ``apps.py``; third-party plugins are the entry points
of group ``policy_cms``, whose value is the module of the plugin's Django app. The
enabled ones become Django apps, so their models migrate like any app, with the apps
each one requires (``plugin_apps``, read from the plugin's package alone). When the apps
are ready (``CmsConfig.ready``), each enabled plugin's ``hooks`` module is registered,
and a hook name that no specification knows stops the start-up.

Hooks are called through ``call_each`` rather than ``pm.hook.<name>()``: pluggy stops at
the first implementation that raises, and one broken plugin must not silence the others.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import Callable
from dataclasses import replace
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pluggy
from django.utils.translation import gettext as _

from cms.extend import hookspecs
from cms.extend import policy_filters as filter_registry
from cms.extend.inspection import Indicator
from cms.extend.policy_notes import PolicyNote
from cms.extend.sitemap_items import SitemapItem
from cms.rules.confidentiality import ERROR, Finding

logger = logging.getLogger(__name__)

GROUP = hookspecs.PROJECT
BUILTIN = "builtin"  # the allowlist token for every built-in plugin

pm = pluggy.PluginManager(hookspecs.PROJECT)
pm.add_hookspecs(hookspecs)


class PluginConfigurationError(Exception):
    """The plugin allowlist names a plugin that is not installed."""


def builtin_plugins() -> dict[str, str]:
    """Name → app module of every plugin under ``plugins/``."""
    # Found, not imported: the settings call this before Django has loaded any app.
    spec = importlib.util.find_spec("plugins")
    if spec is None or not spec.submodule_search_locations:
        return {}
    builtin_dir = Path(next(iter(spec.submodule_search_locations)))
    return {
        path.name: f"plugins.{path.name}"
        for path in sorted(builtin_dir.iterdir())
        if (path / "apps.py").is_file()
    }


def installed_plugins() -> dict[str, str]:
    """Name → app module of every third-party plugin (entry point group ``policy_cms``)."""
    return {ep.name: ep.value for ep in entry_points(group=GROUP)}


def enabled_plugins(allowlist: list[str]) -> dict[str, str]:
    """Resolve the allowlist (``POLICY_PLUGINS``) to name → app module, in its order.

    ``builtin`` stands for every built-in plugin. A name that is neither built in nor
    installed is a configuration error, raised at start-up rather than ignored.
    """
    builtins, installed = builtin_plugins(), installed_plugins()
    enabled: dict[str, str] = {}
    unknown = []
    for name in allowlist:
        if name == BUILTIN:
            enabled.update(builtins)
        elif name in builtins:
            enabled[name] = builtins[name]
        elif name in installed:
            enabled[name] = installed[name]
        else:
            unknown.append(name)
    if unknown:
        available = ", ".join(sorted({*builtins, *installed})) or "none"
        raise PluginConfigurationError(
            f"POLICY_PLUGINS names unknown plugins: {', '.join(unknown)} (available: {available})"
        )
    return enabled


def plugin_apps(plugins: dict[str, str]) -> list[str]:
    """The Django apps the enabled plugins bring: every plugin's app, then the apps their
    packages name in ``REQUIRED_APPS`` (the message board's ``captcha``), each once.

    Read while the settings load: only the plugin's package (its ``__init__``) is
    imported, never its app code, so that module must not import Django's models.
    """
    apps: list[str] = list(plugins.values())
    # The required apps after every plugin's: an app listed earlier wins a translation
    # both carry, and a plugin's wording (the board's 此项必填) must win the library's.
    for module in plugins.values():
        for app in getattr(importlib.import_module(module), "REQUIRED_APPS", ()):
            if app not in apps:
                apps.append(app)
    return apps


def load(plugins: dict[str, str]) -> None:
    """Register the ``hooks`` module of every enabled plugin, then validate them all."""
    for name, module in plugins.items():
        if pm.has_plugin(name):
            continue
        try:
            hooks = importlib.import_module(f"{module}.hooks")
        except ModuleNotFoundError as error:
            if error.name != f"{module}.hooks":
                raise
            continue  # a plugin may bring only models, templates or Wagtail hooks
        pm.register(hooks, name=name)
    # An implementation whose name matches no specification is a typo, not an extension.
    pm.check_pending()

    filter_registry.collect_with(policy_filters)


def call_each(
    hook_name: str,
    on_error: Callable[[str, Exception], Any] | None = None,
    expected: tuple[type[Exception], ...] = (),
    **kwargs,
) -> list[tuple[str, Any]]:
    """Call every implementation of a hook on its own; return (plugin name, result) pairs.

    An implementation that raises is logged with its plugin's name and skipped; when
    ``on_error`` is given, what it returns for that plugin takes the result's place.
    Errors of the ``expected`` types are a plugin's answer, not a fault: not logged.
    Results are sorted by plugin name, so nothing depends on registration order.
    ``None`` results are left out.
    """
    results = []
    for impl in getattr(pm.hook, hook_name).get_hookimpls():
        if impl.hookwrapper or impl.wrapper:
            continue
        try:
            # Exactly the arguments the implementation declares, as pluggy passes them.
            result = impl.function(*[kwargs[arg] for arg in impl.argnames])
        except Exception as error:
            if not isinstance(error, expected):
                logger.exception("plugin %s failed in hook %s", impl.plugin_name, hook_name)
            if on_error is None:
                continue
            result = on_error(impl.plugin_name, error)
        if result is not None:
            results.append((impl.plugin_name, result))
    return sorted(results, key=lambda pair: pair[0])


def in_transaction(hook_name: str, **kwargs) -> None:
    """Call every implementation of a hook that runs inside the transaction of a bundle's
    publication or withdrawal, in plugin-name order. Not isolated: what an implementation
    changes must commit with the bundle or not at all, so one that raises is logged and
    rolls the transaction back."""
    impls = sorted(getattr(pm.hook, hook_name).get_hookimpls(), key=lambda i: i.plugin_name)
    for impl in impls:
        if impl.hookwrapper or impl.wrapper:
            continue
        try:
            impl.function(*[kwargs[arg] for arg in impl.argnames])
        except Exception:
            logger.exception("plugin %s failed in hook %s", impl.plugin_name, hook_name)
            raise


def namespaced(hook_name: str, **kwargs) -> dict[str, dict]:
    """Merge the dicts a hook's implementations return, each under its plugin's name."""
    merged = {}
    for plugin, result in call_each(hook_name, **kwargs):
        if isinstance(result, dict):
            merged[plugin] = result
        else:
            logger.error("plugin %s returned %r from %s, not a dict", plugin, result, hook_name)
    return merged


def check_bundle(policy, members) -> list:
    """Every plugin's findings on a submitted bundle; a check that fails blocks it."""

    def unavailable(plugin, error=None):
        # A check that cannot run must not pass (docs/plugins.md, Writing hooks): it blocks
        # like an error.
        return [
            Finding(
                ERROR,
                plugin,
                _("Check “%(name)s” is unavailable; the bundle cannot be submitted.")
                % {"name": plugin},
                member=str(policy.title),
            )
        ]

    findings = []
    for plugin, result in call_each(
        "check_bundle", on_error=unavailable, policy=policy, members=members
    ):
        try:
            # A generator runs only now, so its errors are caught here, not in call_each.
            result = [result] if isinstance(result, Finding) else list(result)
        except Exception:
            logger.exception("plugin %s failed in hook check_bundle", plugin)
            result = unavailable(plugin)
        if not all(isinstance(finding, Finding) for finding in result):
            logger.error("plugin %s returned %r from check_bundle", plugin, result)
            result = unavailable(plugin)
        findings += result
    return findings


def extra_api_fields(policy, request=None) -> dict[str, dict]:
    """The fields plugins add to a policy in the API, namespaced by plugin."""
    return namespaced("extra_api_fields", policy=policy, request=request)


def extra_search_fields(policy) -> dict[str, dict]:
    """The fields plugins add to a policy's search document, namespaced by plugin."""
    return namespaced("extra_search_fields", policy=policy)


def extra_search_text(policy) -> str:
    """The text plugins add to a policy's search document, one plugin per paragraph."""
    return "\n".join(
        text for _plugin, text in call_each("extra_search_text", policy=policy) if text
    )


def _per_policy(hook_name: str, policies: list) -> list[tuple[str, dict]]:
    """(plugin, {policy id: result}) for every plugin implementing the hook or its batch
    form (``<hook>_batch``), in plugin-name order: the batch form once for all the
    policies when the plugin has it, else the single form once per policy. A plugin that
    raises is logged and left out, as ``call_each`` does."""
    batch = dict(call_each(f"{hook_name}_batch", policies=policies))
    for plugin, result in list(batch.items()):
        if not isinstance(result, dict):
            logger.error("plugin %s returned %r from %s_batch", plugin, result, hook_name)
            batch[plugin] = {}
    batched = {impl.plugin_name for impl in getattr(pm.hook, f"{hook_name}_batch").get_hookimpls()}
    single: dict[str, dict] = {}
    for impl in getattr(pm.hook, hook_name).get_hookimpls():
        if impl.hookwrapper or impl.wrapper or impl.plugin_name in batched:
            continue
        results = single[impl.plugin_name] = {}
        for policy in policies:
            try:
                results[policy.pk] = impl.function(*[policy for _arg in impl.argnames])
            except Exception:
                logger.exception("plugin %s failed in hook %s", impl.plugin_name, hook_name)
    return sorted({**single, **batch}.items(), key=lambda pair: pair[0])


def extra_search_fields_of(policies) -> dict[int, dict[str, dict]]:
    """Policy id → ``extra_search_fields(policy)`` of each of the policies, asking each
    plugin once for all of them when it has the batch form (the index's batches)."""
    policies = list(policies)
    fields: dict[int, dict[str, dict]] = {policy.pk: {} for policy in policies}
    for plugin, results in _per_policy("extra_search_fields", policies):
        for policy_id, result in results.items():
            if result is None or policy_id not in fields:
                continue
            if isinstance(result, dict):
                fields[policy_id][plugin] = result
            else:
                logger.error(
                    "plugin %s returned %r from extra_search_fields, not a dict", plugin, result
                )
    return fields


def extra_search_text_of(policies) -> dict[int, str]:
    """Policy id → ``extra_search_text(policy)`` of each of the policies, as
    ``extra_search_fields_of`` asks."""
    policies = list(policies)
    texts: dict[int, list[str]] = {policy.pk: [] for policy in policies}
    for _plugin, results in _per_policy("extra_search_text", policies):
        for policy_id, text in results.items():
            if text and policy_id in texts:
                texts[policy_id].append(text)
    return {policy_id: "\n".join(parts) for policy_id, parts in texts.items()}


def api_routers() -> list:
    """The django-ninja routers of every plugin, to mount under the public API."""
    return _joined("api_routers")


def _joined(hook_name: str, **kwargs) -> list:
    """The lists a hook's implementations return, one after another in plugin-name order."""
    return [item for _plugin, items in call_each(hook_name, **kwargs) for item in items]


def policy_page_sections(policy, request) -> list:
    """HTML sections plugins add under a policy's public page, in plugin-name order."""
    return _joined("policy_page_sections", policy=policy, request=request)


def policy_actions(policy, request) -> list:
    """The buttons plugins add under a policy's title (and its interpretations')."""
    return _joined("policy_actions", policy=policy, request=request)


def policy_notices(policy, request, interpretation=None) -> list:
    """HTML notices plugins show above a policy's text (or on ``interpretation``'s page of
    it), in plugin-name order."""
    return _joined("policy_notices", policy=policy, request=request, interpretation=interpretation)


def policy_badges(policies, request=None) -> dict[int, list[str]]:
    """Policy id → the labels plugins show beside it in lists, in plugin-name order."""
    return {
        policy_id: [label for label, _style in badges]
        for policy_id, badges in styled_policy_badges(policies, request).items()
    }


def styled_policy_badges(policies, request=None) -> dict[int, list[tuple[str, str]]]:
    """Policy id → (label, style) of each badge, in plugin-name order. A plugin answers a
    label, or (label, style): the badge's CSS class is then ``badge-<plugin>-<style>``.
    ``request`` is the public page's, when a page asks."""
    policies = list(policies)
    badges: dict[int, list[tuple[str, str]]] = {}
    if not policies:
        return badges
    for plugin, result in call_each("policy_badges", policies=policies, request=request):
        if not isinstance(result, dict):
            logger.error("plugin %s returned %r from policy_badges", plugin, result)
            continue
        for policy_id, label in result.items():
            style = ""
            if isinstance(label, tuple | list) and len(label) == 2:
                label, style = label
                style = f"{plugin}-{style}" if style else ""
            badges.setdefault(policy_id, []).append((str(label), str(style)))
    return badges


def policy_notes(policies, public: bool = True, request=None) -> dict[int, list[PolicyNote]]:
    """Policy id → the notes plugins keep on it, in plugin-name order, each with its
    plugin's name; only the public ones unless ``public`` is False (the edit view).
    ``request`` is the public page's, when a page asks."""
    policies = [policy for policy in policies if policy.pk is not None]
    notes: dict[int, list[PolicyNote]] = {}
    if not policies:
        return notes
    for plugin, result in call_each("policy_notes", policies=policies, request=request):
        if not isinstance(result, dict):
            logger.error("plugin %s returned %r from policy_notes", plugin, result)
            continue
        for policy_id, items in result.items():
            for note in items if isinstance(items, list | tuple) else [items]:
                if not isinstance(note, PolicyNote) or not note.text:
                    logger.error("plugin %s returned %r from policy_notes", plugin, note)
                elif note.public or not public:
                    notes.setdefault(policy_id, []).append(replace(note, plugin=plugin))
    return notes


def policy_metadata(policy, request=None) -> list[tuple[str, str]]:
    """(label, value) rows plugins add to a policy's metadata table."""
    rows = []
    for plugin, result in call_each("policy_metadata", policy=policy, request=request):
        for row in result:
            if isinstance(row, tuple | list) and len(row) == 2:
                rows.append((str(row[0]), str(row[1])))
            else:
                logger.error("plugin %s returned %r from policy_metadata", plugin, row)
    return rows


def _by_name(hook_name: str) -> dict[str, Any]:
    """The objects a hook's implementations return, by their ``name``: the first plugin
    (by plugin name) keeps a name, a later one is logged and left out."""
    found = {}
    for plugin, objects in call_each(hook_name):
        for obj in objects:
            if obj.name in found:
                logger.error("plugin %s: %s %s is already registered", plugin, hook_name, obj.name)
                continue
            found[obj.name] = obj
    return found


def policy_filters() -> list:
    """The list filters of every plugin, a name once."""
    return list(_by_name("policy_filters").values())


def policy_panels() -> list:
    """The edit-view panels plugins add to the policy."""
    return _joined("policy_panels")


def periodic_tasks() -> dict[str, dict]:
    """Celery beat entries of every plugin, each name prefixed with its plugin's."""
    return {
        f"{plugin}:{name}": entry
        for plugin, entries in namespaced("periodic_tasks").items()
        for name, entry in entries.items()
    }


def event_kinds() -> dict[str, str]:
    """Kind → label of the outbox events plugins declare; the first plugin (by plugin name)
    keeps a kind, a later one is logged and left out."""
    kinds: dict[str, str] = {}
    for plugin, result in call_each("event_kinds"):
        for kind, label in dict(result).items():
            if kind in kinds:
                logger.error("plugin %s: event kind %s is already declared", plugin, kind)
                continue
            kinds[str(kind)] = label
    return kinds


def word_templates() -> dict[str, Any]:
    """The Word templates plugins register, by key; the first plugin (by plugin name)
    keeps a key, a later one is logged and left out."""
    found: dict[str, Any] = {}
    for plugin, specs in call_each("word_templates"):
        for spec in specs:
            if spec.key in found:
                logger.error("plugin %s: word template %s is already registered", plugin, spec.key)
                continue
            found[spec.key] = spec
    return found


def annual_report_tables(year: int, agency) -> dict[tuple[str, str], Any]:
    """The annual report's tables plugins count, by (section, key), each with its plugin's
    name as ``source``; the first plugin (by plugin name) keeps a (section, key)."""
    return _report_tables("annual_report_tables", year=year, agency=agency)


def website_report_tables(year: int, site) -> dict[tuple[str, str], Any]:
    """The website annual report's tables plugins count, as ``annual_report_tables``."""
    return _report_tables("website_report_tables", year=year, site=site)


def _report_tables(hook: str, **kwargs) -> dict[tuple[str, str], Any]:
    found: dict[tuple[str, str], Any] = {}
    for plugin, tables in call_each(hook, **kwargs):
        for table in tables:
            if (table.section, table.key) in found:
                logger.error(
                    "plugin %s: table %s/%s is already counted", plugin, table.section, table.key
                )
                continue
            found[table.section, table.key] = replace(table, source=plugin)
    return found


def plugin_label(name: str) -> str:
    """A plugin's name for readers: its app's verbose name (依申请公开), or the name itself
    when it is not enabled any more (a report counted by it years ago)."""
    # Imported here: this module is read while the settings load, before the app registry.
    from django.apps import apps
    from django.conf import settings

    module = getattr(settings, "POLICY_PLUGINS", {}).get(name)
    config = next((c for c in apps.get_app_configs() if c.name == module), None)
    return str(config.verbose_name) if config is not None else name


def readiness_checks() -> dict[str, Callable[[], Any]]:
    """The readiness checks of every plugin, each name prefixed with its plugin's."""
    return {
        f"{plugin}:{name}": check
        for plugin, checks in namespaced("readiness_checks").items()
        for name, check in checks.items()
    }


def channels() -> dict[str, Any]:
    """The publication channels of every enabled plugin, by channel name."""
    return _by_name("register_channels")


def public_urls() -> list:
    """The public URL patterns of every plugin."""
    return _joined("public_urls")


def disclosure_request_channels(agency, request) -> list[dict[str, str]]:
    """The ways to apply for information plugins offer, for an agency's disclosure guide."""
    return [
        channel
        for _plugin, result in call_each(
            "disclosure_request_channels", agency=agency, request=request
        )
        for channel in result
        if isinstance(channel, dict) and channel.get("href") and channel.get("label")
    ]


def self_inspection_indicators(site) -> list[Indicator]:
    """The self-inspection's indicators plugins judge for the site, in plugin-name order;
    what is not an ``Indicator`` is logged and left out."""
    found = []
    for plugin, result in call_each("self_inspection_indicators", site=site):
        try:
            result = list(result)  # a generator raises only now
        except Exception:
            logger.exception("plugin %s failed in hook self_inspection_indicators", plugin)
            continue
        for indicator in result:
            if isinstance(indicator, Indicator):
                found.append(indicator)
            else:
                logger.error("plugin %s: not an Indicator: %r", plugin, indicator)
    return found


def sitemap_items(request) -> list[SitemapItem]:
    """The public addresses plugins add to the sitemap, in plugin-name order; one that is
    not a ``SitemapItem`` with a path on the site is logged and left out."""
    items = []
    for plugin, result in call_each("sitemap_items", request=request):
        try:
            result = list(result)  # a generator raises only now
        except Exception:
            logger.exception("plugin %s failed in hook sitemap_items", plugin)
            continue
        for item in result:
            if (
                isinstance(item, SitemapItem)
                and item.location.startswith("/")
                and not (item.location.startswith("//"))
            ):
                items.append(item)
            else:
                logger.error("plugin %s returned %r from sitemap_items", plugin, item)
    return items


def site_links(request) -> list[dict[str, str]]:
    """Footer links plugins add to every public page."""
    links = []
    for _plugin, result in call_each("site_links", request=request):
        links += [
            link
            for link in result
            if isinstance(link, dict) and link.get("href") and link.get("label")
        ]
    return links


def page_head_links(page, request) -> list[dict[str, str]]:
    """``<link>`` elements plugins add to a public page's head."""
    links = []
    for _plugin, result in call_each("page_head_links", page=page, request=request):
        links += [link for link in result if isinstance(link, dict) and link.get("href")]
    return links
