"""The self-inspection's indicators (网站自查): the core's, judged here from the site's
pages, settings and the internal link patrol's findings, and the plugins' (hook
``self_inspection_indicators``: the message board's unanswered messages, the service
links' broken ones).

Each is ok (正常), a warning (提醒: points lost in the national inspection's 100) or a
veto risk (单项否决风险: a veto item of 国办秘函〔2019〕19号 would fail the site), with the
records behind it. The limits are settings (``SELF_INSPECTION_*``, docs/operations.md,
"Self-inspection")."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, OuterRef, Subquery
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext, pgettext_lazy
from wagtail.models import Page, Site

from cms.extend import plugin_manager
from cms.extend.inspection import OK, VETO, WARNING, Evidence, Indicator, worst
from cms.extend.page_tags import COLUMN, SITE
from cms.inspection.scan import Scan, scan
from cms.models import BrokenInternalLink, InternalLinkPatrol, SeriousErrorFinding, SiteIdentity
from cms.models.home import public_policies
from cms.rules.doc_types import DocType, interpretation_required
from cms.workdays import Calendar
from interpretations.models import InterpretationPage

logger = logging.getLogger(__name__)
STATUS_LABELS = {
    OK: pgettext_lazy("self-inspection", "OK"),
    WARNING: pgettext_lazy("self-inspection", "Warning"),
    VETO: pgettext_lazy("self-inspection", "Veto risk"),
}
EVIDENCE_LIMIT = 30
KIND_LABELS = {
    "dynamic": pgettext_lazy("self-inspection", "news and highlights"),
    "information": pgettext_lazy("self-inspection", "information releases"),
    "yearly": pgettext_lazy("self-inspection", "yearly"),
}
LINK_KINDS = {
    "page": pgettext_lazy("self-inspection", "page link"),
    "document": pgettext_lazy("self-inspection", "document link"),
    "attachment": pgettext_lazy("self-inspection", "attachment"),
    "address": pgettext_lazy("self-inspection", "web address"),
}
# The page tags that must have content (the others may be empty on a page that has none).
REQUIRED_TAGS = set(SITE) | set(COLUMN) | {"ArticleTitle", "PubDate", "ContentSource", "Url"}
TAG_LABELS = {
    "SiteName": pgettext_lazy("self-inspection", "site name"),
    "SiteDomain": pgettext_lazy("self-inspection", "site domain"),
    "SiteIDCode": pgettext_lazy("self-inspection", "site identification code"),
    "ColumnName": pgettext_lazy("self-inspection", "column name"),
    "ColumnDescription": pgettext_lazy("self-inspection", "column description"),
    "ColumnKeywords": pgettext_lazy("self-inspection", "column keywords"),
    "ColumnType": pgettext_lazy("self-inspection", "column type"),
    "ArticleTitle": pgettext_lazy("self-inspection", "article title"),
    "PubDate": pgettext_lazy("self-inspection", "publication time"),
    "ContentSource": pgettext_lazy("self-inspection", "source"),
    "Url": pgettext_lazy("self-inspection", "page address"),
}


def _parts(parts: list[str]) -> str:
    """Clauses of a summary as one sentence (；between them, 。at its end)."""
    return pgettext("self-inspection", "%(parts)s.") % {
        "parts": pgettext("self-inspection", "; ").join(parts)
    }


def _names(names) -> str:
    return pgettext("self-inspection", ", ").join(str(name) for name in names)


def edit_url(page_id: int) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page_id])


def quoted(title: str) -> str:
    """《title》, unless the title already carries its own book-title marks (an
    interpretation's 《办法》解读)."""
    title = str(title)
    return title if title.startswith("《") else f"《{title}》"


def _day(moment: datetime | None) -> str:
    return (
        localtime(moment).strftime("%Y-%m-%d") if moment else pgettext("self-inspection", "never")
    )


def site_pages(site: Site):
    return Page.objects.live().public().descendant_of(site.root_page)


def column_models() -> list[type[Page]]:
    """The page types that are columns: those naming their column tags, or that may hold
    pages without being articles (as cms.public.page_tags tells them apart)."""
    from wagtail.models import get_page_models

    return [
        model
        for model in get_page_models()
        if model is not Page
        and not hasattr(model, "article_tags")
        and (hasattr(model, "column_tags") or model.allowed_subpage_models())
    ]


def columns(site: Site) -> list[Page]:
    """The site's column pages (栏目): live, public pages below its home of a column type
    (libraries, report columns, a plugin's lists), read by type, never page by page."""
    types = ContentType.objects.get_for_models(*column_models()).values()
    return list(site_pages(site).filter(content_type__in=list(types)).specific().order_by("path"))


def column_kind(page) -> str:
    """Which update limit applies: the page type's ``inspection_column_kind``, else
    ``information`` (通知公告、政策文件类)."""
    return getattr(page, "inspection_column_kind", "information")


def home_updates(site: Site, now: datetime, cols: list[Page]) -> Indicator:
    """The newest information on the site (a page that is not a column) within the days."""
    days = settings.SELF_INSPECTION_HOME_DAYS
    latest = (
        site_pages(site)
        .exclude(pk__in=[c.pk for c in cols])
        .filter(first_published_at__lte=now)
        .order_by("-first_published_at")
        .first()
    )
    stale = latest is None or latest.first_published_at < now - timedelta(days=days)
    evidence = []
    if latest is not None:
        evidence.append(
            Evidence(
                _("Latest publication: %(day)s %(title)s")
                % {"day": _day(latest.first_published_at), "title": quoted(latest.title)},
                edit_url(latest.pk),
                VETO if stale else OK,
            )
        )
    return Indicator(
        key="columns.home",
        title=_("Home page updates"),
        status=VETO if stale else OK,
        summary=(
            _("Nothing new on the home page within %(days)s days.") % {"days": days}
            if stale
            else _("Something new on the home page within %(days)s days.") % {"days": days}
        ),
        evidence=evidence,
        rule=_("No update of the home page in the %(days)s days before the check: a veto.")
        % {"days": days},
    )


def column_updates(site: Site, now: datetime, cols: list[Page]) -> list[Indicator]:
    """Columns not updated within their kind's limit, and columns with nothing in them."""
    limits = settings.SELF_INSPECTION_COLUMN_DAYS
    stale, empty = [], []
    for column in cols:
        latest = (
            Page.objects.live()
            .public()
            .descendant_of(column)
            .filter(first_published_at__lte=now)
            .aggregate(latest=Max("first_published_at"))["latest"]
        )
        if latest is None:
            empty.append(column)
            continue
        kind = column_kind(column)
        days = limits.get(kind, limits["information"])
        if latest < now - timedelta(days=days):
            stale.append((column, kind, days, latest))

    veto_at = settings.SELF_INSPECTION_STALE_VETO
    by_kind: dict[str, int] = {}
    for _column, kind, _days, _latest in stale:
        by_kind[kind] = by_kind.get(kind, 0) + 1
    vetoed = {
        kind
        for kind, count in by_kind.items()
        if count >= veto_at.get(kind, veto_at["information"])
    }
    stale_status = VETO if vetoed else WARNING if stale else OK
    limits_text = pgettext("self-inspection", "; ").join(
        _("%(kind)s %(days)s days") % {"kind": KIND_LABELS.get(kind, kind), "days": days}
        for kind, days in limits.items()
    )
    thresholds = pgettext("self-inspection", "; ").join(
        _("%(kind)s %(count)s columns") % {"kind": KIND_LABELS.get(kind, kind), "count": count}
        for kind, count in veto_at.items()
    )
    stale_indicator = Indicator(
        key="columns.stale",
        title=_("Column updates"),
        status=stale_status,
        summary=(
            ngettext(
                "%(count)s column not updated within its limit.",
                "%(count)s columns not updated within their limits.",
                len(stale),
            )
            % {"count": len(stale)}
            if stale
            else _("Every column was updated within its limit.")
        ),
        evidence=[
            Evidence(
                _("%(column)s (%(kind)s, limit %(days)s days) last updated %(day)s")
                % {
                    "column": column.title,
                    "kind": KIND_LABELS.get(kind, kind),
                    "days": days,
                    "day": _day(latest),
                },
                edit_url(column.pk),
                VETO if kind in vetoed else WARNING,
            )
            for column, kind, days, latest in stale[:EVIDENCE_LIMIT]
        ],
        rule=_(
            "Update limits: %(limits)s. Columns not updated within their limits reaching "
            "%(thresholds)s: a veto."
        )
        % {"limits": limits_text, "thresholds": thresholds},
    )
    empty_veto = len(empty) >= settings.SELF_INSPECTION_EMPTY_VETO
    status = VETO if empty_veto else WARNING if empty else OK
    empty_indicator = Indicator(
        key="columns.empty",
        title=_("Empty columns"),
        status=status,
        summary=(
            ngettext(
                "%(count)s column with nothing published.",
                "%(count)s columns with nothing published.",
                len(empty),
            )
            % {"count": len(empty)}
            if empty
            else _("No column is empty.")
        ),
        evidence=[
            Evidence(column.title, edit_url(column.pk), status) for column in empty[:EVIDENCE_LIMIT]
        ],
        rule=_("%(count)s empty columns or more: a veto.")
        % {"count": settings.SELF_INSPECTION_EMPTY_VETO},
    )
    return [stale_indicator, empty_indicator]


def internal_links(site: Site) -> Indicator:
    rule = _("Links in pages and attachments must open; broken links lose points.")
    run = InternalLinkPatrol.objects.filter(site=site).first()
    broken = list(
        BrokenInternalLink.objects.filter(site=site).select_related("page").order_by("found_at")
    )
    if run is None:
        return Indicator(
            key="links.internal",
            title=_("Internal links"),
            status=WARNING,
            summary=_("The internal link patrol has not run yet (a daily task runs it)."),
            rule=rule,
        )
    checked = _("Last patrol %(time)s, %(links)s links on %(pages)s pages checked") % {
        "time": f"{localtime(run.finished_at):%Y-%m-%d %H:%M}",
        "pages": run.pages,
        "links": run.links,
    }
    return Indicator(
        key="links.internal",
        title=_("Internal links"),
        status=WARNING if broken else OK,
        summary=(
            ngettext(
                "%(checked)s, %(count)s broken.", "%(checked)s, %(count)s broken.", len(broken)
            )
            % {"count": len(broken), "checked": checked}
            if broken
            else _("%(checked)s, all working.") % {"checked": checked}
        ),
        evidence=[
            Evidence(
                _("%(kind)s of %(title)s %(url)s: %(reason)s (since %(day)s)")
                % {
                    "title": quoted(link.page.title),
                    "kind": LINK_KINDS.get(link.kind, link.kind),
                    "url": link.url,
                    "reason": link.reason,
                    "day": _day(link.found_at),
                },
                edit_url(link.page_id),
            )
            for link in broken[:EVIDENCE_LIMIT]
        ],
        rule=rule,
    )


def interpretations(site: Site) -> Indicator:
    """Policies that need an interpretation (行政规范性文件) published without one, or with
    one published later than the allowed working days."""
    allowed = settings.SELF_INSPECTION_INTERPRETATION_WORKING_DAYS
    required = [kind for kind in DocType.values if interpretation_required(kind)]
    first = (
        InterpretationPage.objects.live()
        .public()
        .filter(path__startswith=OuterRef("path"), depth=OuterRef("depth") + 1)
        .order_by("first_published_at")
        .values("first_published_at")[:1]
    )
    policies = (
        public_policies()
        .descendant_of(site.root_page)
        .filter(doc_type__in=required, interpretation_exemption__isnull=True)
        .annotate(interpreted_at=Subquery(first))
        .order_by("-first_published_at")
    )
    calendar = Calendar()
    missing, late = [], []
    for policy in policies.only("pk", "title", "first_published_at", "path", "depth"):
        if policy.interpreted_at is None:
            missing.append(policy)
            continue
        published = policy.first_published_at
        if published is None:
            continue
        due = calendar.add(localtime(published).date(), allowed).date
        if localtime(policy.interpreted_at).date() > due:
            late.append((policy, due))
    evidence = [
        Evidence(
            _("%(title)s (published %(day)s) has no interpretation")
            % {"title": quoted(p.title), "day": _day(p.first_published_at)},
            edit_url(p.pk),
        )
        for p in missing[:EVIDENCE_LIMIT]
    ] + [
        Evidence(
            _("The interpretation of %(title)s was published %(day)s, after %(due)s")
            % {"title": quoted(p.title), "day": _day(p.interpreted_at), "due": f"{due:%Y-%m-%d}"},
            edit_url(p.pk),
        )
        for p, due in late[: max(0, EVIDENCE_LIMIT - len(missing))]
    ]
    parts = []
    if missing:
        parts.append(
            ngettext(
                "%(count)s normative document published without an interpretation",
                "%(count)s normative documents published without an interpretation",
                len(missing),
            )
            % {"count": len(missing)}
        )
    if late:
        parts.append(
            ngettext(
                "%(count)s interpreted later than %(days)s working days",
                "%(count)s interpreted later than %(days)s working days",
                len(late),
            )
            % {"count": len(late), "days": allowed}
        )
    return Indicator(
        key="interpretations",
        title=_("Policy interpretations"),
        status=WARNING if parts else OK,
        summary=_parts(parts)
        if parts
        else _(
            "Every document that needs an interpretation was interpreted in time "
            "(exemptions granted aside)."
        ),
        evidence=evidence,
        rule=_(
            "A normative document is published with its interpretation, within %(days)s "
            "working days at the latest; one not interpreted or interpreted late loses points."
        )
        % {"days": allowed},
    )


def serious_errors(site: Site, found: Scan | None = None) -> Indicator:
    """Serious-error expressions (严重错误, the review's list) on the live pages: the live
    public policies and interpretations scanned against the list as it stands (``found``,
    else ``scan.scan``), and the findings the review logged as published anyway on pages
    not published again since. An entry marked 严重 is a veto risk, another a warning."""
    live = site_pages(site).values("pk")
    findings = [
        finding
        for finding in SeriousErrorFinding.objects.filter(
            outcome=SeriousErrorFinding.Outcome.PUBLISHED, member__in=live
        )
        .select_related("member")
        .order_by("-serious", "-at")
        if finding.member.last_published_at is None
        or finding.member.last_published_at <= finding.at
    ]
    hits = (found or scan(site)).hits
    scanned = {(page_id, wrong) for page_id, _t, _f, wrong, _r, _s in hits}
    logged = [f for f in findings if (f.member_id, f.wrong) not in scanned]
    entries = [
        (
            serious,
            Evidence(
                _("%(title)s %(field)s: “%(wrong)s” should be “%(right)s”")
                % {"title": quoted(title), "field": field, "wrong": wrong, "right": right},
                edit_url(page_id),
                VETO if serious else WARNING,
            ),
        )
        for page_id, title, field, wrong, right, serious in hits
    ] + [
        (
            f.serious,
            Evidence(
                _("%(title)s %(field)s: “%(wrong)s” should be “%(right)s” (published %(day)s)")
                % {
                    "title": quoted(f.member_title),
                    "field": f.field,
                    "wrong": f.wrong,
                    "right": f.right,
                    "day": _day(f.at),
                },
                edit_url(f.member_id),
                VETO if f.serious else WARNING,
            ),
        )
        for f in logged
    ]
    entries.sort(key=lambda entry: not entry[0])
    serious = sum(1 for flag, _e in entries if flag)
    status = VETO if serious else WARNING if entries else OK
    parts = []
    if serious:
        parts.append(
            ngettext(
                "%(count)s serious error on published pages",
                "%(count)s serious errors on published pages",
                serious,
            )
            % {"count": serious}
        )
    if len(entries) > serious:
        parts.append(
            ngettext(
                "%(count)s expression to verify on published pages",
                "%(count)s expressions to verify on published pages",
                len(entries) - serious,
            )
            % {"count": len(entries) - serious}
        )
    return Indicator(
        key="serious_errors",
        title=_("Serious errors"),
        status=status,
        summary=_parts(parts)
        if parts
        else _(
            "No expression of the list of wrong expressions in the published policies, "
            "interpretations and their attachments."
        ),
        evidence=[evidence for _flag, evidence in entries[:EVIDENCE_LIMIT]],
        rule=_(
            "A wrong expression (Settings → Serious-error expressions) marked serious is a "
            "serious error on a published page: a veto; the others lose points. After every "
            "publication or change of the list the published pages are checked again "
            "against the list as it stands."
        ),
    )


def identity(site: Site) -> Indicator:
    setting = SiteIdentity.objects.filter(site=site).first() or SiteIdentity(site=site)
    missing = setting.missing()
    malformed = setting.site_code_malformed()
    url = reverse("wagtailsettings:edit", args=["cms", "siteidentity", site.pk])
    evidence = [Evidence(_("%(name)s not filled in") % {"name": name}, url) for name in missing]
    parts = [_("Not filled in: %(names)s") % {"names": _names(missing)}] if missing else []
    if malformed:
        code = setting.site_code
        evidence.insert(
            0,
            Evidence(
                _("The site identification code “%(code)s” is not 10 digits") % {"code": code}, url
            ),
        )
        parts.insert(0, _("The site identification code is malformed (10 digits expected)"))
    return Indicator(
        key="identity",
        title=_("Site identity and registration"),
        status=WARNING if parts else OK,
        summary=_parts(parts)
        if parts
        else _(
            "The site identification code, the registration numbers, the mark of Party and "
            "government organs and the rest are all filled in."
        ),
        evidence=evidence,
        rule=_(
            "The footer shows the site identification code (10 digits), the ICP registration "
            "number, the public security registration number, the sponsor and the operator, "
            "the contact and the mark of Party and government organs."
        ),
    )


def _request(site: Site, path: str = "/"):
    """A request for the site's own address, as a visitor's (the host taken as it is: the
    site's host name is the site's, whatever ALLOWED_HOSTS says in this process)."""
    port = "" if site.port in (80, 443) else f":{site.port}"
    host = f"{site.hostname}{port}"
    request = RequestFactory().get(path, HTTP_HOST=host, SERVER_PORT=str(site.port))
    request.get_host = lambda: host
    return request


def sitemap_and_tags(site: Site, cols: list[Page]) -> Indicator:
    """The sitemap and robots.txt answer and list the site's home and newest policy; the
    page tags of the home, every column and the newest articles are filled."""
    from cms.public import page_tags as tags
    from cms.public import robots, sitemap

    problems: list[Evidence] = []
    try:
        answer = sitemap.sitemap(_request(site, "/sitemap.xml"))
        if hasattr(answer, "render"):
            answer.render()
        body = answer.content.decode()
        if answer.status_code != 200 or ("<urlset" not in body and "<sitemapindex" not in body):
            problems.append(
                Evidence(
                    _("/sitemap.xml answers %(status)s") % {"status": answer.status_code},
                    "/sitemap.xml",
                )
            )
        elif "<urlset" in body:
            newest = (
                public_policies()
                .descendant_of(site.root_page)
                .order_by("-first_published_at")
                .first()
            )
            for page in [site.root_page, newest]:
                if page is not None and page.get_url(_request(site)) not in body.replace(
                    "&amp;", "&"
                ):
                    problems.append(
                        Evidence(
                            _("%(title)s is not in the sitemap") % {"title": quoted(page.title)},
                            edit_url(page.pk),
                        )
                    )
        if "Sitemap:" not in robots.robots_txt(_request(site, "/robots.txt")).content.decode():
            problems.append(Evidence(_("robots.txt names no sitemap"), "/robots.txt"))
    except Exception:  # a broken sitemap is what this indicator is for
        logger.exception("the sitemap of %s", site.hostname)
        problems.append(
            Evidence(_("The sitemap cannot be generated (see the log)"), "/sitemap.xml")
        )

    request = _request(site)
    articles = list(
        site_pages(site).exclude(first_published_at=None).order_by("-first_published_at")[:20]
    )
    checked, seen = [], set()
    for page in [site.root_page.specific, *cols, *(p.specific for p in articles)]:
        if page.pk not in seen:  # a column among the newest pages is checked once
            seen.add(page.pk)
            checked.append(page)
    for page in checked:
        try:
            empty = [
                name
                for name, value in tags.page_tags(request, page)
                if name in REQUIRED_TAGS and not value
            ]
        except Exception:
            logger.exception("page tags of page %s", page.pk)
            empty = [_("(cannot be generated)")]
        if empty:
            names = _names(TAG_LABELS.get(tag, tag) for tag in empty)
            problems.append(
                Evidence(
                    _("Empty page tags of %(title)s: %(names)s")
                    % {"title": quoted(page.title), "names": names},
                    edit_url(page.pk),
                )
            )
    return Indicator(
        key="sitemap",
        title=_("Sitemap and page tags"),
        status=WARNING if problems else OK,
        summary=(
            ngettext(
                "%(count)s problem (the sitemap, robots.txt and the page tags of %(pages)s "
                "pages checked).",
                "%(count)s problems (the sitemap, robots.txt and the page tags of %(pages)s "
                "pages checked).",
                len(problems),
            )
            % {"count": len(problems), "pages": len(checked)}
            if problems
            else _("The sitemap, robots.txt and the page tags of %(pages)s pages are all right.")
            % {"pages": len(checked)}
        ),
        evidence=problems[:EVIDENCE_LIMIT],
        rule=_(
            "Development guidelines of government websites: every page has its page tags "
            "(site, column, article); the sitemap lists every public page."
        ),
    )


def core_indicators(site: Site, now: datetime, found: Scan | None = None) -> list[Indicator]:
    cols = columns(site)
    return [
        home_updates(site, now, cols),
        *column_updates(site, now, cols),
        internal_links(site),
        interpretations(site),
        serious_errors(site, found),
        identity(site),
        sitemap_and_tags(site, cols),
    ]


def inspect(site: Site, now: datetime | None = None, found: Scan | None = None) -> list[Indicator]:
    """Every indicator of the site: the core's, then the plugins' (by plugin name).
    ``found``: the serious-error scan to judge by (cms.inspection.scan), else the site's
    as it stands, scanned when not kept."""
    now = now or timezone.now()
    return core_indicators(site, now, found) + plugin_manager.self_inspection_indicators(site)


def as_dict(site: Site, indicators: list[Indicator], base: str = "") -> dict:
    """The inspection of a site as the API and the mail give it; links made absolute
    with ``base``."""

    def absolute(url: str) -> str:
        return base.rstrip("/") + url if url.startswith("/") and base else url

    return {
        "id": site.pk,
        "name": site.site_name or site.hostname,
        "hostname": site.hostname,
        "status": worst(i.status for i in indicators),
        "indicators": [
            {
                "key": i.key,
                "title": i.title,
                "status": i.status,
                "status_label": str(STATUS_LABELS[i.status]),
                "summary": i.summary,
                "rule": i.rule,
                "evidence": [
                    {
                        "label": e.label,
                        "url": absolute(e.url),
                        "status": e.status,
                    }
                    for e in i.evidence
                ],
            }
            for i in indicators
        ],
    }
