"""The self-inspection's indicators (网站自查): the core's, judged here from the site's
pages, settings and the internal link patrol's findings, and the plugins' (hook
``self_inspection_indicators``: the message board's unanswered messages, the service
links' broken ones).

Each is ok (正常), a warning (提醒: points lost in the national inspection's 100) or a
veto risk (单项否决风险: a veto item of 国办秘函〔2019〕19号 would fail the site), with the
records behind it. The limits are settings (``SELF_INSPECTION_*``, docs/operations.md,
"Self-inspection")."""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Max, OuterRef, Subquery
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.timezone import localtime
from wagtail.models import Page, Site

from cms.extend import plugin_manager
from cms.extend.inspection import OK, VETO, WARNING, Evidence, Indicator, worst
from cms.extend.page_tags import COLUMN, SITE
from cms.models import (
    BrokenInternalLink,
    InternalLinkPatrol,
    PublicationStamp,
    SeriousErrorFinding,
    SiteIdentity,
)
from cms.models.home import public_policies
from cms.rules.doc_types import DocType, interpretation_required
from cms.workdays import Calendar
from interpretations.models import InterpretationPage

logger = logging.getLogger(__name__)
STATUS_LABELS = {OK: "正常", WARNING: "提醒", VETO: "单项否决风险"}
EVIDENCE_LIMIT = 30
KIND_LABELS = {"dynamic": "动态、要闻类", "information": "信息发布类", "yearly": "年度类"}
LINK_KINDS = {
    "page": "页面链接",
    "document": "文件链接",
    "attachment": "附件",
    "address": "网址",
}
# The page tags that must have content (the others may be empty on a page that has none).
REQUIRED_TAGS = set(SITE) | set(COLUMN) | {"ArticleTitle", "PubDate", "ContentSource", "Url"}
TAG_LABELS = {
    "SiteName": "网站名称",
    "SiteDomain": "网站域名",
    "SiteIDCode": "网站标识码",
    "ColumnName": "栏目名称",
    "ColumnDescription": "栏目描述",
    "ColumnKeywords": "栏目关键词",
    "ColumnType": "栏目类型",
    "ArticleTitle": "文章标题",
    "PubDate": "发布时间",
    "ContentSource": "信息来源",
    "Url": "页面地址",
}


def edit_url(page_id: int) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page_id])


def quoted(title: str) -> str:
    """《title》, unless the title already carries its own book-title marks (an
    interpretation's 《办法》解读)."""
    title = str(title)
    return title if title.startswith("《") else f"《{title}》"


def _day(moment: datetime | None) -> str:
    return localtime(moment).strftime("%Y-%m-%d") if moment else "从未"


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
                f"最近发布：{_day(latest.first_published_at)}{quoted(latest.title)}",
                edit_url(latest.pk),
                VETO if stale else OK,
            )
        )
    return Indicator(
        key="columns.home",
        title="首页更新",
        status=VETO if stale else OK,
        summary=(
            f"首页 {days} 天内没有新发布的信息。" if stale else f"首页 {days} 天内有新发布的信息。"
        ),
        evidence=evidence,
        rule=f"监测时间点前 {days} 天内首页无更新，单项否决。",
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
    limits_text = "；".join(
        f"{KIND_LABELS.get(kind, kind)} {days} 天" for kind, days in limits.items()
    )
    thresholds = "；".join(
        f"{KIND_LABELS.get(kind, kind)} {count} 个" for kind, count in veto_at.items()
    )
    stale_indicator = Indicator(
        key="columns.stale",
        title="栏目更新",
        status=stale_status,
        summary=(
            f"{len(stale)} 个栏目超过更新期限未更新。" if stale else "所有栏目都在更新期限内。"
        ),
        evidence=[
            Evidence(
                f"{column.title}（{KIND_LABELS.get(kind, kind)}，期限 {days} 天）"
                f"最近更新 {_day(latest)}",
                edit_url(column.pk),
                VETO if kind in vetoed else WARNING,
            )
            for column, kind, days, latest in stale[:EVIDENCE_LIMIT]
        ],
        rule=f"更新期限：{limits_text}。超期未更新的栏目达到 {thresholds}，单项否决。",
    )
    empty_veto = len(empty) >= settings.SELF_INSPECTION_EMPTY_VETO
    status = VETO if empty_veto else WARNING if empty else OK
    empty_indicator = Indicator(
        key="columns.empty",
        title="空白栏目",
        status=status,
        summary=f"{len(empty)} 个栏目没有任何已发布的内容。" if empty else "没有空白栏目。",
        evidence=[
            Evidence(column.title, edit_url(column.pk), status) for column in empty[:EVIDENCE_LIMIT]
        ],
        rule=f"空白栏目达到 {settings.SELF_INSPECTION_EMPTY_VETO} 个，单项否决。",
    )
    return [stale_indicator, empty_indicator]


def internal_links(site: Site) -> Indicator:
    run = InternalLinkPatrol.objects.filter(site=site).first()
    broken = list(
        BrokenInternalLink.objects.filter(site=site).select_related("page").order_by("found_at")
    )
    if run is None:
        return Indicator(
            key="links.internal",
            title="站内链接",
            status=WARNING,
            summary="站内链接巡查尚未运行（每日由定时任务运行）。",
            rule="页面和附件中的链接应能打开；失效链接扣分。",
        )
    checked = (
        f"最近一次巡查 {localtime(run.finished_at):%Y-%m-%d %H:%M}，"
        f"检查了 {run.pages} 个页面的 {run.links} 个链接"
    )
    return Indicator(
        key="links.internal",
        title="站内链接",
        status=WARNING if broken else OK,
        summary=(f"{checked}，{len(broken)} 个失效。" if broken else f"{checked}，均有效。"),
        evidence=[
            Evidence(
                f"{quoted(link.page.title)}的{LINK_KINDS.get(link.kind, link.kind)}"
                f" {link.url}：{link.reason}（{_day(link.found_at)} 起）",
                edit_url(link.page_id),
            )
            for link in broken[:EVIDENCE_LIMIT]
        ],
        rule="页面和附件中的链接应能打开；失效链接扣分。",
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
        Evidence(f"{quoted(p.title)}（{_day(p.first_published_at)} 发布）没有解读", edit_url(p.pk))
        for p in missing[:EVIDENCE_LIMIT]
    ] + [
        Evidence(
            f"{quoted(p.title)}的解读 {_day(p.interpreted_at)} 发布，晚于 {due:%Y-%m-%d}",
            edit_url(p.pk),
        )
        for p, due in late[: max(0, EVIDENCE_LIMIT - len(missing))]
    ]
    parts = []
    if missing:
        parts.append(f"{len(missing)} 件规范性文件发布时没有解读")
    if late:
        parts.append(f"{len(late)} 件的解读晚于 {allowed} 个工作日")
    return Indicator(
        key="interpretations",
        title="政策解读",
        status=WARNING if parts else OK,
        summary="；".join(parts) + "。"
        if parts
        else "须解读的文件都已按时解读（已批准免于解读的除外）。",
        evidence=evidence,
        rule=f"规范性文件应与解读同步发布，最迟 {allowed} 个工作日内；未解读或解读滞后扣分。",
    )


LIVE_SCAN_SECONDS = 2 * 24 * 3600


def live_scan(site: Site) -> list[tuple[int, str, str, str, str, bool]]:
    """(page id, title, field, wrong, right, serious) of every expression of the list as it
    stands found in the live public policies and interpretations of the site, their
    attachments' text included (the review's ``member_texts`` and cached automaton): an
    entry added after a page passed review is found too. Kept per list version and
    publication stamp, so the daily task scans and the admin view reads the result until
    the list or the public content changes."""
    from cms.review.serious_errors import automaton, list_version, matches, member_texts

    version = list_version()
    if not version[0]:
        return []
    state = f"{site.pk}:{version[0]}:{version[1].isoformat()}:{PublicationStamp.current()}"
    key = "self-inspection:live-scan:" + hashlib.sha256(state.encode()).hexdigest()
    kept = cache.get(key)
    if kept is not None:
        return kept
    current = automaton()
    pages = [
        *public_policies().descendant_of(site.root_page).order_by("path"),
        *InterpretationPage.objects.live().public().descendant_of(site.root_page).order_by("path"),
    ]
    hits, seen = [], set()
    for page in pages:
        for field, text in member_texts(page):
            for start, end, wrong, right, serious in matches(text, current):
                if (page.pk, wrong) in seen:
                    continue
                seen.add((page.pk, wrong))
                hits.append((page.pk, str(page.title), str(field), text[start:end], right, serious))
    cache.set(key, hits, LIVE_SCAN_SECONDS)
    return hits


def serious_errors(site: Site) -> Indicator:
    """Serious-error expressions (严重错误, the review's list) on the live pages: the live
    public policies and interpretations scanned against the list as it stands
    (``live_scan``), and the findings the review logged as published anyway on pages not
    published again since. An entry marked 严重 is a veto risk, another a warning."""
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
    hits = live_scan(site)
    scanned = {(page_id, wrong) for page_id, _t, _f, wrong, _r, _s in hits}
    logged = [f for f in findings if (f.member_id, f.wrong) not in scanned]
    entries = [
        (
            serious,
            Evidence(
                f"{quoted(title)}{field}：“{wrong}”应为“{right}”",
                edit_url(page_id),
                VETO if serious else WARNING,
            ),
        )
        for page_id, title, field, wrong, right, serious in hits
    ] + [
        (
            f.serious,
            Evidence(
                f"{quoted(f.member_title)}{f.field}：“{f.wrong}”应为“{f.right}”"
                f"（{_day(f.at)} 发布）",
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
        parts.append(f"{serious} 处严重错误在已发布的页面上")
    if len(entries) > serious:
        parts.append(f"{len(entries) - serious} 处待核对的表述在已发布的页面上")
    return Indicator(
        key="serious_errors",
        title="严重错误",
        status=status,
        summary="；".join(parts) + "。"
        if parts
        else "已发布的政策文件、解读及其附件中没有错误表述清单中的表述。",
        evidence=[evidence for _flag, evidence in entries[:EVIDENCE_LIMIT]],
        rule="错误表述（设置 → 严重错误表述）标为“严重”的，出现在已发布页面上即属严重错误，"
        "单项否决；其余扣分。每次发布或清单修改后按当前清单重新检查已发布页面。",
    )


def identity(site: Site) -> Indicator:
    setting = SiteIdentity.objects.filter(site=site).first() or SiteIdentity(site=site)
    missing = setting.missing()
    malformed = setting.site_code_malformed()
    url = reverse("wagtailsettings:edit", args=["cms", "siteidentity", site.pk])
    evidence = [Evidence(f"未填写{name}", url) for name in missing]
    parts = [f"未填写：{'、'.join(missing)}"] if missing else []
    if malformed:
        evidence.insert(0, Evidence(f"网站标识码“{setting.site_code}”不是 10 位数字", url))
        parts.insert(0, "网站标识码格式不对（应为 10 位数字）")
    return Indicator(
        key="identity",
        title="网站标识与备案",
        status=WARNING if parts else OK,
        summary="；".join(parts) + "。"
        if parts
        else "网站标识码、备案号、党政机关标识等均已填写。",
        evidence=evidence,
        rule=(
            "页脚须显示网站标识码（10 位数字）、ICP 备案号、公安机关备案号、主办与承办单位、"
            "联系方式和党政机关标识。"
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
            problems.append(Evidence(f"/sitemap.xml 返回 {answer.status_code}", "/sitemap.xml"))
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
                        Evidence(f"站点地图中没有{quoted(page.title)}", edit_url(page.pk))
                    )
        if "Sitemap:" not in robots.robots_txt(_request(site, "/robots.txt")).content.decode():
            problems.append(Evidence("robots.txt 未指明站点地图", "/robots.txt"))
    except Exception:  # a broken sitemap is what this indicator is for
        logger.exception("the sitemap of %s", site.hostname)
        problems.append(Evidence("站点地图无法生成（详见日志）", "/sitemap.xml"))

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
            empty = ["（无法生成）"]
        if empty:
            names = "、".join(TAG_LABELS.get(tag, tag) for tag in empty)
            problems.append(
                Evidence(f"{quoted(page.title)}的网页标签为空：{names}", edit_url(page.pk))
            )
    return Indicator(
        key="sitemap",
        title="站点地图与网页标签",
        status=WARNING if problems else OK,
        summary=(
            f"{len(problems)} 处问题（检查了站点地图、robots.txt 和 "
            f"{len(checked)} 个页面的网页标签）。"
            if problems
            else f"站点地图、robots.txt 和 {len(checked)} 个页面的网页标签都正常。"
        ),
        evidence=problems[:EVIDENCE_LIMIT],
        rule="政府网站发展指引：每个页面须有网页标签（站点、栏目、文章），站点地图列出所有公开页面。",
    )


def core_indicators(site: Site, now: datetime) -> list[Indicator]:
    cols = columns(site)
    return [
        home_updates(site, now, cols),
        *column_updates(site, now, cols),
        internal_links(site),
        interpretations(site),
        serious_errors(site),
        identity(site),
        sitemap_and_tags(site, cols),
    ]


def inspect(site: Site, now: datetime | None = None) -> list[Indicator]:
    """Every indicator of the site: the core's, then the plugins' (by plugin name)."""
    now = now or timezone.now()
    return core_indicators(site, now) + plugin_manager.self_inspection_indicators(site)


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
                "status_label": STATUS_LABELS[i.status],
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
