"""The site's home page and the policy library (政策文件库) of each agency."""

from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageViewRestriction, Site

from cms.extend import policy_filters
from cms.extend.page_tags import INFORMATION
from cms.models import list_rows, paging
from cms.models.agencies import Agency
from cms.models.disclosure_guide import DisclosureGuidePage
from cms.models.policy import PolicyPage, topic_select, topic_spellings_of, topics_of
from cms.models.sites import site_of
from cms.models.stamps import kept_for_stamp, kept_in_cache, kept_in_process, stamp_of
from cms.models.visibility import private_q
from cms.models.website_reports import WebsiteReportIndexPage
from cms.rules.disclosure import Disclosure
from cms.rules.doc_types import DocType
from cms.text.params import year_param

LIBRARY_PAGE_SIZE = 20
LATEST_POLICIES = 10  # on the home page


_private_q_for = private_q  # public_policies' argument of that name hides it


def public_policies(*, private_q=None, stamp=None):
    """Policies the public may see: live, not behind a view restriction and proactively
    disclosed (bundle rule 7, docs/architecture.md#bundle-rules).

    ``private_q`` is a ready ``PageQuerySet.private_q()``, for callers that read the
    view restrictions once for many queries; with the request's publication ``stamp``
    they are those read for it; without either they are read here.
    """
    if private_q is None and stamp is not None:
        private_q = _private_q_for(stamp)
    policies = PolicyPage.objects.live().filter(disclosure=Disclosure.PROACTIVE)
    return policies.public() if private_q is None else policies.exclude(private_q)


@kept_for_stamp
def is_public_policy(policy_id: int) -> bool:
    """Whether the public may see this policy (as ``public_policies``).

    Every change that could alter the answer (a publication, a withdrawal, a view
    restriction) moves the publication stamp, so answers are kept while it stands: a busy
    public form costs one primary-key read per check.
    """
    path = (
        PolicyPage.objects.live()
        .filter(pk=policy_id, disclosure=Disclosure.PROACTIVE)
        .values_list("path", flat=True)
        .first()
    )
    if path is None:
        return False
    # A restriction covers its page and every page below it.
    steps = range(Page.steplen, len(path) + 1, Page.steplen)
    return not PageViewRestriction.objects.filter(page__path__in=[path[:n] for n in steps]).exists()


class HomePage(Page):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["cms.PolicyLibraryPage", "cms.WebsiteReportIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        stamp = stamp_of(request)
        site = site_of(request)
        # The same for every visitor of a site until something is published, withdrawn
        # or restricted: read once per stamp, its URLs as ``pageurl`` gives them there.
        columns = kept_in_process(
            ("home-columns", self.pk, site and site.pk),
            lambda: self._columns(request, stamp),
            stamp=stamp,
        )
        context["libraries"], context["website_report_columns"] = columns
        context["latest"] = [
            list_rows.PolicyRow(row)  # a copy: a request may add to its rows
            for row in kept_in_process(
                ("home-latest", site and site.pk),
                lambda: _latest_policies(request, stamp),
                stamp=stamp,
            )
        ]
        return context

    def _columns(self, request, stamp) -> tuple[tuple[dict, ...], tuple[dict, ...]]:
        """(libraries, website report columns): the title and URL of each live, public
        child of this page of those types, in the tree's order."""
        # The children's paths as a range of the path index (a path's ``startswith``
        # reads the whole page table on SQLite).
        children = (
            Page.objects.live()
            .filter(
                path__gt=self.path,
                path__lte=self.path + "Z" * self.steplen,
                depth=self.depth + 1,
            )
            .exclude(private_q(stamp))
            .order_by("path")
        )
        libraries = children.type(PolicyLibraryPage)
        # The site's 政府网站工作年度报表 column, once a report started it (cms.reports.website).
        columns = children.type(WebsiteReportIndexPage)
        return tuple(
            tuple({"title": page.title, "url": page.get_url(request)} for page in pages)
            for pages in (libraries, columns)
        )


def _latest_policies(request, stamp) -> tuple[dict, ...]:
    """The newest public policies of every library, as rows (``cms.models.list_rows``)
    with their agency's name, the URL ``pageurl`` gives on the request's site and the date
    as ``issued`` (YYYY-MM-DD)."""
    rows = list(
        public_policies(stamp=stamp)
        .order_by("-issued_on", "-pk")
        .values(*list_rows.FIELDS, "url_path", agency_name=F("agency__name"))[:LATEST_POLICIES]
    )
    for row in rows:
        row["parent_path"] = row["url_path"][: row["url_path"].rstrip("/").rfind("/") + 1]
    parents = Page.objects.filter(url_path__in={row["parent_path"] for row in rows})
    urls = {page.url_path: page.get_url(request) for page in parents}
    for row in rows:
        row["url"] = list_rows.url_of_child(urls[row["parent_path"]], row["slug"])
        row["issued"] = row["issued_on"].isoformat()
    return tuple(rows)


class PolicyLibraryPage(Page):
    """One agency's policy library; its children are that agency's policies."""

    agency = models.OneToOneField(
        "cms.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="library",
    )
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("agency"), FieldPanel("intro")]
    # The self-inspection's update limit (SELF_INSPECTION_COLUMN_DAYS).
    inspection_column_kind = "information"
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.PolicyPage", "cms.AnnualReportIndexPage", "cms.DisclosureGuidePage"]

    class Meta:
        verbose_name = _("policy library")

    def column_tags(self) -> dict:
        """The library's page tags (cms.extend.page_tags)."""
        return {
            "ColumnDescription": self.search_description
            or f"{self.agency.name}发布的政策文件及其解读",
            "ColumnKeywords": [self.agency.name, "政策文件", "政策解读"],
            "ColumnType": INFORMATION,
        }

    def narrowing(self, params, filters=None) -> dict:
        """The filters of the query parameters that narrow the list, by name: the year,
        doc_type and topic parameters and the plugins' filters (``filters``, when read
        already), each only with a value it takes (a value it ignores names the same
        list, so keys the same kept count)."""
        doc_type = params.get("doc_type", "")
        chosen = {
            "year": year_param(params.get("year", "")),
            "doc_type": doc_type if doc_type in DocType.values else "",
            "topic": params.get("topic", "")[:100],
        }
        for name, policy_filter in (filters or policy_filters.available()).items():
            value = params.get(name)
            chosen[name] = value if value and value in dict(policy_filter.choices) else ""
        return {name: value for name, value in chosen.items() if value not in ("", None)}

    def filtered_policies(self, params, stamp=None, filters=None):
        """This library's public policies, narrowed by the year/doc_type/topic query parameters
        and the plugins' filters, newest first. With the request's ``stamp`` the view
        restrictions are those read for it."""
        filters = filters or policy_filters.available()
        chosen = self.narrowing(params, filters)
        private = private_q(stamp) if stamp is not None else None
        policies = public_policies(private_q=private).child_of(self).select_related("division")
        if "year" in chosen:
            policies = policies.filter(issued_on__year=chosen["year"])
        if "doc_type" in chosen:
            policies = policies.filter(doc_type=chosen["doc_type"])
        if "topic" in chosen:
            # Every spelling of the topic (政務公開 and 政务公开) in use.
            policies = policies.filter(topics__name__in=topic_spellings_of(chosen["topic"], stamp))
        narrowed = policy_filters.narrow(policies, chosen, filters)
        if "topic" in chosen or narrowed is not policies:
            # A filter joins another table: no policy twice. Without one the list is read
            # without DISTINCT, along the issued_on index.
            narrowed = narrowed.distinct()
        return narrowed.order_by(*paging.ORDERING)

    def policy_years(self, stamp=None) -> list[int]:
        """The years this library's public policies were issued in, newest first."""
        private = private_q(stamp) if stamp is not None else None
        years = public_policies(private_q=private).child_of(self)
        years = years.dates("issued_on", "year", order="DESC")
        return [d.year for d in years]

    def kept_for_pages(self, request, stamp) -> dict:
        """What every page of this library shows alike, read once per publication stamp
        (and site): its URL, the years and topics of its policies, its disclosure guide,
        its agency and the breadcrumb above it. Renaming an agency or publishing any page
        moves the stamp (cms.signals)."""

        def read() -> dict:
            guide = (
                DisclosureGuidePage.objects.live().public().filter(agency=self.agency_id).first()
            )
            return {
                "url": self.get_url(request),
                "catalogue_url": reverse("catalogue"),
                "years": self.policy_years(stamp),
                "topics": topics_of(public_policies(stamp=stamp).child_of(self), stamp),
                "guide": guide and {"title": guide.title, "url": guide.get_url(request)},
                "agency": Agency.objects.get(pk=self.agency_id),
                "trail": [
                    (ancestor.get_url(request), None if ancestor.depth == 2 else ancestor.title)
                    for ancestor in self.get_ancestors().filter(depth__gt=1)
                ],
            }

        site = Site.find_for_request(request)
        # "with-topics": a value kept by a release without them is not read as one.
        key = ("library-page", "with-topics", self.pk, site and site.pk)
        return kept_in_cache(key, read, stamp=stamp)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        stamp = stamp_of(request)
        kept = self.kept_for_pages(request, stamp)
        # column_tags() reads its name. The agency is shared by the process's requests
        # (kept_in_cache): set as this page's alone, not as the agency's library too
        # (which assigning self.agency does).
        self._meta.get_field("agency").set_cached_value(self, kept["agency"])
        filters = policy_filters.available()
        narrowing = self.narrowing(request.GET, filters)
        page = paging.indexed_page(
            lambda: self.filtered_policies(request.GET, stamp, filters).values(*list_rows.FIELDS),
            request.GET.get("page", 1),
            key=("library", self.pk, sorted(narrowing.items())),
            per_page=LIBRARY_PAGE_SIZE,
            stamp=stamp,
        )
        page.object_list = list_rows.policy_rows(page.object_list, kept["url"])
        context.update(
            guide=kept["guide"],
            trail=kept["trail"],
            catalogue_url=kept["catalogue_url"],
            policies=page,
            years=kept["years"],
            year_choices=[(year, year) for year in kept["years"]],
            doc_types=DocType.choices,
            topic_select=topic_select(kept["topics"], narrowing.get("topic", ""), stamp),
            selected={k: request.GET.get(k, "") for k in ("year", "doc_type", "topic")},
            plugin_filters=[
                {
                    "name": f.name,
                    "label": f.label,
                    "choices": f.choices,
                    "selected": request.GET.get(f.name, ""),
                }
                for f in filters.values()
            ],
        )
        return context


def ensure_library(agency) -> PolicyLibraryPage | None:
    """Return the agency's policy library, creating it (live) under the home page if missing.

    Returns None while the site has no home page (before the first migration has run).
    """
    existing = PolicyLibraryPage.objects.filter(agency=agency).first()
    if existing:
        return existing
    home = HomePage.objects.first()
    if home is None:
        return None
    slug = slugify(agency.org_code) or f"agency-{agency.pk}"
    library = PolicyLibraryPage(title=agency.name, slug=f"lib-{slug}", agency=agency)
    home.add_child(instance=library)
    library.save_revision().publish()
    return library
