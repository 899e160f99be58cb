"""The hooks a policy-cms plugin may implement (pluggy project ``policy_cms``).

A plugin is a Django app whose ``hooks`` module holds functions decorated with
``@hookimpl`` and named after one of the specifications below. An implementation may
take any subset of a hook's arguments, by name; pluggy passes only those it declares,
and never fills a default value, so declare every argument you use without a default.

The core calls each implementation on its own (``cms.extend.plugin_manager``): one that raises is
logged with the plugin's name and skipped, and the page, API response or publication
goes on. A check that raises is the exception: it blocks the submission, because a check
that cannot run must not pass. Never rely on the order in which plugins are called.

docs/plugins.md shows how to write, test and package a plugin.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from django.http import HttpRequest
    from django.urls import URLPattern, URLResolver
    from wagtail.models import Page, Site

    from cms.extend.channels import Channel
    from cms.extend.inspection import Indicator
    from cms.extend.policy_notes import PolicyNote
    from cms.extend.report_tables import ReportTable
    from cms.extend.sitemap_items import SitemapItem
    from cms.extend.word_templates import WordTemplateSpec
    from cms.models import Agency, OutboxEvent, PolicyPage
    from cms.rules.confidentiality import Finding

PROJECT = "policy_cms"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def check_bundle(policy: PolicyPage, members: list[Page]) -> Iterable[Finding] | None:
    """Check a bundle when its drafter submits it for review (保密审查 and your own rules).

    Called on every submission, before any review starts, with the policy and every
    member (the policy first, then its synchronous interpretations), each as its latest
    draft. Return ``cms.plugin_api.Finding`` objects: severity ``"error"`` returns
    the submission (退文) with your message, ``"warning"`` must be acknowledged by the
    submitter. Return nothing when all is well. Raising blocks the submission with
    "check unavailable", so catch what you can explain.
    """


@hookspec
def bundle_publishing(policy: PolicyPage, members: list[Page]) -> None:
    """A bundle is going live: change what must commit with it (the validity plugin
    settles the states of the documents this one amends or repeals).

    Called inside the publishing transaction, once every member is live (``members``:
    the policy first, then its synchronous interpretations, as published) and before
    the outbox event is written. An implementation that raises rolls the publication
    back: nothing goes live. Do nothing slow or outside the database here; react after
    the commit in ``bundle_published``. Pages published outside a bundle (on their own,
    by the importer) send Wagtail's ``page_published`` instead.
    """


@hookspec
def bundle_withdrawing(policy: PolicyPage, members: list[Page]) -> None:
    """A bundle is being withdrawn: change what must commit with the withdrawal (the
    validity plugin clears the policy's state and judges its targets again).

    Called inside the withdrawing transaction, once the policy and its synchronous
    interpretations (``members``) are offline and before the outbox event is written.
    An implementation that raises rolls the withdrawal back. A policy unpublished
    outside ``withdraw_bundle`` (a shell, a script) sends Wagtail's
    ``page_unpublished`` instead.
    """


@hookspec
def bundle_published(policy: PolicyPage, event: OutboxEvent) -> None:
    """A bundle went live: react to it (update a cache, an index, a statistic).

    Called once per publication, from the outbox task after the transaction that
    published the bundle committed, never from the admin request. ``event.payload`` is
    the snapshot taken in that transaction (the policy, its interpretations, links).
    The return value is ignored. To deliver to subscribers outside the site, register a
    channel instead: channels get retries, backoff and a delivery record.
    """


@hookspec
def bundle_withdrawn(policy: PolicyPage, event: OutboxEvent) -> None:
    """A bundle was withdrawn (the policy and its synchronous interpretations).

    Called once per withdrawal, from the outbox task after commit; ``policy`` is the
    withdrawn page, no longer live, or None when it was deleted (``event.payload`` still
    describes it). The return value is ignored.
    """


@hookspec
def event_kinds() -> dict[str, str] | None:
    """The outbox event kinds your plugin records, as ``{kind: label}``.

    Name each kind ``<plugin>.<what happened>`` (``validity.changed``) and record it with
    ``record_event(policy, kind, extra={...})`` in the transaction of the change; channels
    deliver it like the core's ``bundle.published`` and ``bundle.withdrawn``. The label
    names the kind in the admin (the delivery log). Read whenever the kinds are listed.
    """


@hookspec
def extra_api_fields(policy: PolicyPage, request: HttpRequest | None) -> dict[str, Any] | None:
    """Fields to add to a policy in the public API's detail response.

    Return a JSON-serialisable dict; the API nests it under your plugin's name, so two
    plugins never overwrite each other. Only live, proactive policies are passed.
    """


@hookspec
def extra_search_fields(policy: PolicyPage) -> dict[str, Any] | None:
    """Fields to add to a policy's search document, for filtering and facets.

    Return a dict of keyword values (str, number, bool or a list of them); the index
    nests it under your plugin's name. Called whenever the policy is (re)indexed.
    """


@hookspec
def extra_search_text(policy: PolicyPage) -> str | None:
    """Words that should find the policy in search (a published FAQ, for instance).

    Return plain text; it is normalized like the rest of the document and searched with a
    low weight, so a question's words find the policy it is about. Called whenever the
    policy is (re)indexed; call ``search.indexing.schedule(policy.pk)`` when it changes.
    """


@hookspec
def extra_search_fields_batch(policies: list[PolicyPage]) -> dict[int, dict[str, Any]] | None:
    """``extra_search_fields`` for many policies at once: ``{policy id: fields}``.

    A rebuild of the index (``search_index rebuild``) and a publication's task index
    policies a batch at a time; implement this beside the single form so a batch costs
    your plugin one query, not one per policy (a million policies take hours otherwise).
    Leave out the policies that get no fields. Each value must equal what
    ``extra_search_fields`` returns for that policy alone; a plugin without this form
    is asked one policy at a time.
    """


@hookspec
def extra_search_text_batch(policies: list[PolicyPage]) -> dict[int, str] | None:
    """``extra_search_text`` for many policies at once: ``{policy id: text}``, as
    ``extra_search_fields_batch`` is to ``extra_search_fields``. The two are asked of the
    same policy objects, one after the other: what one reads may be kept on them for the
    other (``policy.__dict__``), so a batch reads your data once.
    """


@hookspec
def api_routers() -> list[Any] | None:
    """Endpoints your plugin adds to the public API, as django-ninja ``Router`` objects.

    Each router is mounted at ``/api/v1/``, so give its paths your plugin's prefix
    (``messages``, ``messages/{code}``). They appear in the OpenAPI schema, answer errors
    as ``{"code", "message"}`` like every endpoint, and are fuzzed with the rest. Rate
    limit public endpoints with ``cms.plugin_api.check_rate``. Read once, when the
    API is built.
    """


@hookspec
def policy_page_sections(policy: PolicyPage, request: HttpRequest) -> list[str] | None:
    """Sections your plugin adds under a policy on its public page (a message form, the
    published messages, the FAQ).

    Return HTML strings rendered with your templates (``render_to_string`` returns safe
    strings; anything else is escaped). Called on every view of a live, proactive policy's
    page, so keep it cheap.
    """


@hookspec
def policy_notices(
    policy: PolicyPage, request: HttpRequest | None, interpretation: Page | None
) -> list[str] | None:
    """Notices shown above a policy's text on its public page and in its preview (本文件
    已废止 …), and under the link to the policy on each of its interpretations' pages:
    what a reader must see before reading the policy or what explains it.
    ``interpretation`` is the interpretation whose page it is (there say it of the policy:
    所解读的文件已废止), None on the policy's own page.

    Return HTML strings as for ``policy_page_sections``. ``request`` is None in previews
    built outside a request. Called on every view, so keep it cheap.
    """


@hookspec
def policy_actions(policy: PolicyPage, request: HttpRequest | None) -> list[str] | None:
    """Buttons under the policy's title, on its page and on each of its interpretations'
    pages (an online service to use, a form to fill in).

    ``policy`` is the live policy (the draft in a bundle preview). Return HTML strings
    rendered with your templates (anything else is escaped). Called on every view of
    those pages, so keep it cheap.
    """


@hookspec
def policy_badges(policies: list[PolicyPage], request: HttpRequest | None) -> dict[int, str] | None:
    """Short labels shown beside policies in every public list (已废止, 现行有效): the
    library and home pages, and ``badges`` in the items of ``GET /api/v1/policies``.

    Called once per list with the policies of the page shown; return ``{policy id:
    label}`` for those that get one (plain text, escaped on output), or ``{policy id:
    (label, style)}``: the list pages then give the badge the class
    ``badge-<plugin>-<style>`` (``badge-validity-repealed``). Keep it to one query.
    ``request`` is the public page's (None elsewhere): ``stamp_of(request)`` lets what
    you keep per publication stamp skip reading the stamp again.
    """


@hookspec
def policy_notes(
    policies: list[PolicyPage], request: HttpRequest | None
) -> dict[int, list[PolicyNote]] | None:
    """Notes from your plugin's records on how policies came to be (本文件曾于…至…公开征求
    意见，共收到意见 N 条，采纳 M 条), for several policies at once.

    Return ``{policy id: [cms.plugin_api.PolicyNote, ...]}`` for those that have notes.
    The core shows a note above the policy's text on its page and preview, in ``notes`` of
    its API detail, in its edit view (with your ``admin_url``), and offers it to the
    policy's interpretations to cite (``citation``); a note with ``public=False`` only in
    the edit view. Put only what the public may see in a public note. Called once per page,
    answer and editor with every policy shown: keep it to one query. ``request`` is the
    public page's (None elsewhere): ``stamp_of(request)`` lets what you keep per
    publication stamp skip reading the stamp again.
    """


@hookspec
def policy_metadata(
    policy: PolicyPage, request: HttpRequest | None
) -> list[tuple[str, str]] | None:
    """Rows your plugin adds to the metadata table at the top of a policy's page (施行
    日期, 有效性 …), as (label, value) pairs of plain text; both are escaped. Called on
    every view of the page, so keep it cheap (``request`` is None in a preview built
    outside a request).
    """


@hookspec
def policy_filters() -> list[Any] | None:
    """Filters your plugin adds to the public policy lists: a select on each library page
    and a query parameter of ``GET /api/v1/policies``, in its OpenAPI schema.

    Return ``cms.plugin_api.PolicyFilter`` objects (name, label, choices, and a
    function narrowing a queryset of policies to a value). Names must not clash with
    the core's parameters. Read when the lists are built (the API: once, at start-up).
    """


@hookspec
def policy_panels() -> list[Any] | None:
    """Wagtail panels your plugin adds to the policy's edit view, after the core's.

    Panels of fields on the policy's own child models (``ParentalKey`` to
    ``cms.PolicyPage``, edited with an ``InlinePanel``) are saved in the policy's
    revisions, reviewed with its bundle and go live when it is published. Read once,
    when the apps are ready.
    """


@hookspec
def import_record(policy: PolicyPage, data: dict[str, Any]) -> bool | None:
    """Read your plugin's own fields of one line of ``import_policies`` into the policy.

    ``data`` is the whole line as parsed (JSON values, or strings from a spreadsheet);
    take only your keys and leave the policy alone when none of them is there. Called
    after the policy exists in the tree and before its revision is saved, inside the
    line's savepoint: set child rows of the policy (saved in the revision, like
    ``policy_panels``) and write your own records. Raise
    ``django.core.exceptions.ValidationError`` with a message for the user to fail the
    line (it is named with its number and nothing of it is kept); any other error fails
    it too. Return True when the line changed something, so a re-run changes nothing.
    """


@hookspec
def periodic_tasks() -> dict[str, dict[str, Any]] | None:
    """Celery beat entries for your plugin's periodic work.

    Return ``{"name": {"task": "dotted.task.name", "schedule": seconds_or_crontab}}``;
    each name is prefixed with your plugin's name. Read once, when the apps are ready.
    """


@hookspec
def readiness_checks() -> dict[str, Any] | None:
    """Readiness checks of the services your plugin needs, reported by ``/readyz``.

    Return ``{"name": check}``: a check is a function of no arguments that raises when
    its service cannot serve and may return a word on how it is ("in-process"). Each is
    reported as ``<plugin>:<name>``; one that raises makes ``/readyz`` answer 503, named
    by the kind of its error only (the answer is public). Called on every ``/readyz``.
    """


@hookspec
def role_permissions() -> dict[str, list[str]] | None:
    """Which of your models' permissions each editorial role has.

    Return ``{role: ["app_label.codename", ...]}``, a role being a
    ``cms.plugin_api.Role``. After every migrate the core gives the roles that exist the
    permissions of each app as it migrates, and later gives a role's group its permissions
    when the core creates or completes it (``manage.py setup_roles``, the demo). Granting
    is idempotent and never takes a permission away.
    """


@hookspec
def register_channels() -> Iterable[Channel] | None:
    """Publication channels that deliver bundle events to subscribers outside the site.

    Return instances of ``cms.plugin_api.Channel``. For every published or withdrawn bundle
    the outbox asks each channel for its recipients and records one delivery per
    (event, channel, recipient), then calls ``Channel.send`` with retries and backoff
    until it succeeds or the delivery is dead. Called whenever an event is dispatched.
    """


@hookspec
def public_urls() -> list[URLPattern | URLResolver] | None:
    """URL patterns your plugin serves on the public site (a feed, a receiver).

    Mounted at the site root, before the page tree; prefix them with your plugin's
    name or purpose so they never shadow a page. Read once, when the URLconf loads.
    """


@hookspec
def disclosure_request_channels(
    agency: Agency, request: HttpRequest
) -> list[dict[str, str]] | None:
    """The ways to apply to this agency for government information that your plugin
    offers, for its disclosure guide (政府信息公开指南).

    Return dicts with ``label`` and ``href`` and optionally ``text`` (a sentence saying
    what the way is for); they are escaped when rendered. Called on every view of a
    guide: keep it cheap.
    """


@hookspec
def sitemap_items(request: HttpRequest) -> Iterable[SitemapItem] | None:
    """Public pages of your plugin that are not Wagtail pages, for ``/sitemap.xml``.

    Return ``cms.plugin_api.SitemapItem(location, lastmod=)`` objects, ``location`` a path
    on the site (an absolute URL or anything not starting with ``/`` is left out). List
    only what anyone may read: never a page behind a form's answer or a tracking code.
    Your Wagtail pages are listed by the core while live and unrestricted. Called for
    every request of the sitemap and its index: keep it to a few queries.
    """


@hookspec
def page_head_links(page: Page, request: HttpRequest) -> list[dict[str, str]] | None:
    """``<link>`` elements for the head of a public page (feed discovery, for instance).

    Return dicts with ``rel``, ``href`` and optionally ``type`` and ``title``; they are
    escaped when rendered. Called on every public page view, so keep it cheap.
    """


@hookspec
def site_links(request: HttpRequest) -> list[dict[str, str]] | None:
    """Links for the footer of every public page (a subscription page, the feeds).

    Return dicts with ``label`` and ``href``; they are escaped when rendered. The footer
    is rendered once per publication stamp, language and site, and kept: return the same
    links for every visitor.
    """


@hookspec
def word_templates() -> list[WordTemplateSpec] | None:
    """Word documents your plugin renders from templates administrators may edit (答复
    告知书, 年度报告).

    Return ``cms.plugin_api.WordTemplateSpec`` objects: a key (prefix it with your
    plugin's name), a label, the default .docx shipped in your package and help on its
    fields. Render with ``render_word(key, context)``: the administrator's upload under
    Settings → Word 模板 if there is one, else your default. Read whenever the templates
    are listed or rendered.
    """


@hookspec
def annual_report_tables(year: int, agency: Agency | None) -> list[ReportTable] | None:
    """Tables of the annual disclosure report (政府信息公开工作年度报告, 2021 template) your
    plugin counts from its records, for one agency (None: every agency together) and one
    calendar year.

    Return ``cms.plugin_api.ReportTable`` objects, each keyed by the template's section
    (``"二"``, ``"三"``, ``"四"``, ``"六"``) and its ``key`` within the section: the
    disclosure-requests plugin returns section 三 (``"requests"``) and 四 (``"appeals"``).
    Count what was true on 31 December of the year from dated records, never from today's
    states, so last year's table stays the same; put the checks you ran in the table's
    ``checks``. The first plugin (by name) keeps a (section, key). Called whenever a report
    is previewed, exported or drafted: keep it to a few queries.
    """


@hookspec
def website_report_tables(year: int, site: Site) -> list[ReportTable] | None:
    """Tables of the website annual report (政府网站工作年度报表) your plugin counts from its
    records, for one Wagtail site and one calendar year.

    Return ``cms.plugin_api.ReportTable`` objects with ``section="网站"`` and one of the
    report's table keys, with its rows' keys, each row a single ``"value"`` cell:

    - ``"messages"`` (留言办理): ``received`` 收到留言数量, ``answered`` 办结留言数量,
      ``mean_days`` 平均办理时间 (working days, a ``Decimal``), ``published`` 公开答复数量;
    - ``"consultations"`` (征集调查): ``rounds`` 征集调查期数, ``opinions`` 收到意见数量,
      ``results`` 公布调查结果期数;
    - ``"services"`` (办事服务): ``items`` 关联政务服务事项数量, ``broken`` 发现失效链接数量,
      ``repaired`` 修复失效链接数量.

    Count what was on the site's pages (``page.path.startswith(site.root_page.path)``) in
    the year, dated in Asia/Shanghai, so last year's numbers stay the same. A row's
    ``links`` may name the admin list behind a cell (``{"value": url}``); put the checks
    you ran in the table's ``checks``. A table no plugin returns is entered by hand
    (手工填报). The first plugin (by name) keeps a key. Called whenever the report is
    drafted, assembled or checked: keep it to a few queries.
    """


@hookspec
def self_inspection_indicators(site: Site) -> list[Indicator] | None:
    """Indicators of the self-inspection (网站自查, Reports → 网站自查) your plugin judges
    from its records, for one Wagtail site: ``cms.plugin_api.Indicator`` objects, each
    with a key of its own (prefix it with your plugin's name), a Chinese title and
    summary, a status (``INDICATOR_OK``, ``INDICATOR_WARNING`` or ``INDICATOR_VETO``: a
    veto item of the national inspection, 单项否决, would fail the site) and its evidence
    (``cms.plugin_api.Evidence``: a label and the admin address that opens the record).

    Return the indicator even when all is well (status ``INDICATOR_OK``, no evidence), so
    the page shows it was checked. Count only what belongs to the site
    (``page.path.startswith(site.root_page.path)``). Called by the admin page, the API
    ``/api/v1/ops/self-inspection`` and the daily beat task, which mails the editorial
    directors when a veto risk appears: keep it to a few queries, and list at most a
    few dozen pieces of evidence (the summary says how many there are in all).
    """


@hookspec
def calendar_changed(years: list[int]) -> None:
    """The working-day calendar of these years changed: an administrator entered, edited
    or removed days of the override table (节假日与调休).

    Recompute every deadline you stored from ``cms.workdays`` for those years, above all
    the provisional ones (counted by the weekday rule while the year was unknown). Called
    after the change committed. The return value is ignored.
    """


@hookspec
def demo_loaded(base_url: str) -> list[str] | None:
    """``manage.py load_demo`` finished: add your plugin's demo content.

    ``base_url`` is where the demo site runs (``SITE_BASE_URL``). Must be idempotent: the
    demo may be loaded again into the same database. Return lines telling the reader
    where to see your content (printed after the logins), or nothing.
    """
