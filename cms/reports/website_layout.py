"""The website annual report's tables (政府网站工作年度报表, 政府网站发展指引) as the core lays
them out, and the ones the core counts itself: the visits (from the visit counter), the
information published and the interpretations (from its pages). Plugins count the
messages, consultations and service items (hook ``website_report_tables``); the special
columns, online interviews, security and new media are entered by hand (手工填报).

Every table has one column, ``value``; its rows are the report's cells
(docs/domain.md, The website annual report)."""

from __future__ import annotations

from django.db.models import IntegerField, Sum
from django.db.models.functions import Cast, Length, Substr
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page

from cms.extend.report_tables import ReportColumn, ReportRow, ReportTable
from cms.models import AnnualReportPage, DailyVisits, SiteIdentity
from cms.models.home import public_policies
from cms.reports.assembly import CORE_SOURCE
from interpretations.choices import Form
from interpretations.models import InterpretationPage

SECTION = "网站"
VALUE = "value"
# Who counted a table the core counts (a plugin's is its name).
CORE = CORE_SOURCE
MATERIALS = [Form.TEXT, Form.QA, Form.EXPERT, Form.OFFICIAL]
PRODUCTS = [Form.GRAPHIC, Form.VIDEO]


def _rows(table_key: str) -> list[tuple[str, str]]:
    rows = {
        "visits": [
            ("visitors", _("Unique visitors (visitors)")),
            ("page_views", _("Total page views (views)")),
        ],
        "information": [
            ("total", _("Information published: total (items)")),
            ("catalogue", _("Of which in the disclosure catalogue (items)")),
        ],
        "interpretations": [
            ("total", _("Interpretations published: total (items)")),
            ("materials", _("Interpretation materials (items)")),
            ("products", _("Interpretation products: graphics, audio and video (items)")),
        ],
        "columns": [
            ("maintained", _("Special columns maintained")),
            ("opened", _("Of which opened this year")),
        ],
        "services": [
            ("items", _("Government service items linked (items)")),
            ("broken", _("Broken service links found")),
            ("repaired", _("Broken service links repaired")),
        ],
        "messages": [
            ("received", _("Messages received")),
            ("answered", _("Messages answered")),
            ("mean_days", _("Mean time to answer (working days)")),
            ("published", _("Replies published")),
        ],
        "consultations": [
            ("rounds", _("Consultation rounds")),
            ("opinions", _("Opinions received")),
            ("results", _("Rounds whose results were published")),
        ],
        "interviews": [
            ("rounds", _("Online interviews held")),
            ("questions", _("Questions from the public")),
            ("answered", _("Questions answered")),
        ],
        "security": [
            ("assessments", _("Security tests and assessments")),
            ("problems", _("Problems found")),
            ("fixed", _("Problems fixed")),
        ],
        "new_media": [
            ("accounts", _("Government new-media accounts")),
            ("posts", _("Items posted on them")),
            ("followers", _("Followers and subscribers")),
        ],
    }
    return rows[table_key]


def _titles() -> dict[str, str]:
    return {
        "visits": _("Visits"),
        "information": _("Information published"),
        "interpretations": _("Interpretation and response"),
        "columns": _("Special columns"),
        "services": _("Services online"),
        "messages": _("Messages handled"),
        "consultations": _("Consultations and surveys"),
        "interviews": _("Online interviews"),
        "security": _("Security"),
        "new_media": _("New media"),
    }


KEYS = [
    "visits", "information", "interpretations", "columns", "services", "messages",
    "consultations", "interviews", "security", "new_media",
]  # fmt: skip
# Counted by the core; the others by a plugin where one is enabled, else by hand.
CORE_KEYS = ("visits", "information", "interpretations")
# The largest number a cell entered by hand may hold, and the cells that are not counts.
MAX_ENTERED = 99_999_999
NOT_COUNTS = {("messages", "mean_days")}
# Never counted by anything: entered by hand.
HAND_KEYS = ("columns", "interviews", "security", "new_media")


def skeleton(
    key: str, values: dict | None = None, source: str = "", links: dict | None = None
) -> ReportTable:
    """The table ``key`` with its rows, the cells from ``values`` (blank where missing),
    each row linked to ``links[row]`` (the admin address of its records) if given."""
    values, links = values or {}, links or {}
    return ReportTable(
        section=SECTION,
        key=key,
        title=_titles()[key],
        columns=(ReportColumn(VALUE, _("Quantity")),),
        rows=tuple(
            ReportRow(
                row, label, 0, {VALUE: values.get(row)}, {VALUE: links[row]} if row in links else {}
            )
            for row, label in _rows(key)
        ),
        source=source,
    )


def skeletons() -> list[ReportTable]:
    """Every table of the report, blank, in the template's order."""
    return [skeleton(key) for key in KEYS]


def identity(site) -> dict[str, str]:
    """The site's identity as the report states it, from the site and its settings."""
    settings = SiteIdentity.for_site(site)
    return {
        "name": site.site_name or site.root_page.title,
        "url": site.root_url,
        "kind": str(settings.get_kind_display()),
        "sponsor": settings.sponsor,
        "organizer": settings.organizer,
        "site_code": settings.site_code,
        "icp_number": settings.icp_number,
        "security_record_number": settings.security_record_number,
    }


def identity_labels() -> list[tuple[str, str, bool]]:
    """(key, label, required) of the identity's lines, in the report's order."""
    return [
        ("name", _("Website name"), True),
        ("url", _("Home page address"), True),
        ("kind", _("Website type"), True),
        ("sponsor", _("Sponsoring unit"), True),
        ("organizer", _("Organising unit"), False),
        ("site_code", _("Website identification code"), True),
        ("icp_number", _("ICP record number"), True),
        ("security_record_number", _("Public security record number"), True),
    ]


def _visits(site, year: int) -> dict:
    totals = DailyVisits.objects.filter(site=site, day__year=year).aggregate(
        visitors=Sum("visitors"), page_views=Sum("page_views")
    )
    return {key: value or 0 for key, value in totals.items()}


def _published_in(pages, site, year: int):
    return pages.live().public().descendant_of(site.root_page).filter(first_published_at__year=year)


def _interpretations(site, year: int):
    """Interpretations first published in the year whose policy the public may see."""
    parent_length = Length("path") - Page.steplen
    return (
        _published_in(InterpretationPage.objects, site, year)
        .annotate(parent_path=Substr("path", 1, Cast(parent_length, IntegerField())))
        .filter(parent_path__in=public_policies().values("path"))
    )


def counted_kinds() -> dict[str, str]:
    """The cells of 信息发布 and 解读回应 whose pages the admin lists, by kind."""
    return {
        "information": _("Information published: total (items)"),
        "catalogue": _("Of which in the disclosure catalogue (items)"),
        "interpretations": _("Interpretations published: total (items)"),
        "materials": _("Interpretation materials (items)"),
        "products": _("Interpretation products: graphics, audio and video (items)"),
    }


def counted_pages(site, year: int, kind: str) -> list:
    """The pages the cell ``kind`` (see ``counted_kinds``) counts, oldest first."""
    catalogue = list(_published_in(public_policies(), site, year))
    readings = _interpretations(site, year)
    if kind == "catalogue":
        pages = catalogue
    elif kind in ("materials", "products"):
        pages = list(readings.filter(form__in=MATERIALS if kind == "materials" else PRODUCTS))
    elif kind == "interpretations":
        pages = list(readings.filter(form__in=MATERIALS + PRODUCTS))
    else:
        reports = _published_in(AnnualReportPage.objects, site, year)
        pages = catalogue + list(readings) + list(reports)
    return sorted(pages, key=lambda page: (page.first_published_at, page.pk))


def core_tables(site, year: int) -> list[ReportTable]:
    """The tables the core counts for the site and year, from its records as they are,
    each cell linked to the admin's list of its records."""
    catalogue = _published_in(public_policies(), site, year).count()
    forms = list(_interpretations(site, year).values_list("form", flat=True))
    materials = sum(form in MATERIALS for form in forms)
    products = sum(form in PRODUCTS for form in forms)
    reports = _published_in(AnnualReportPage.objects, site, year).count()
    visits = reverse("policy_cms_website_visits", args=[site.pk, year])

    def pages(*kinds):
        return {
            kind.split(":")[-1]: reverse(
                "policy_cms_website_published", args=[site.pk, year, kind.split(":")[0]]
            )
            for kind in kinds
        }

    return [
        skeleton("visits", _visits(site, year), CORE, {"visitors": visits, "page_views": visits}),
        skeleton(
            "information",
            {"total": catalogue + len(forms) + reports, "catalogue": catalogue},
            CORE,
            pages("information:total", "catalogue"),
        ),
        skeleton(
            "interpretations",
            {"total": materials + products, "materials": materials, "products": products},
            CORE,
            pages("interpretations:total", "materials", "products"),
        ),
    ]
