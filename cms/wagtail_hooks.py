from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem, MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

from cms.access import documents as document_access
from cms.admin_ui import notices
from cms.delivery import log as delivery_log
from cms.inspection import admin_views as self_inspection
from cms.models import Agency, CalendarDay, PolicyPage, SeriousErrorEntry, WordTemplate
from cms.models.word_templates import default_template
from cms.reports import admin_views as annual_reports
from cms.reports import website_admin, website_records
from cms.review import views
from cms.review.bundle import withdraw_bundle
from cms.review.edit_view import PolicyPageViewSet
from cms.review.reports import BundleReportView
from cms.workdays import missing_years
from interpretations.models import InterpretationPage


class AgencyViewSet(SnippetViewSet):
    model = Agency
    icon = "group"
    menu_label = gettext_lazy("Agencies")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "short_name", "org_code", "region"]
    search_fields = ["name"]


register_snippet(AgencyViewSet)


class CalendarDayViewSet(SnippetViewSet):
    """The override table of the working-day calendar (cms.workdays), under Settings."""

    model = CalendarDay
    icon = "date"
    menu_label = gettext_lazy("Holidays and working days")
    add_to_settings_menu = True
    list_display = ["date", "working", "name", "source"]
    list_filter = ["working"]
    ordering = ["-date"]


register_snippet(CalendarDayViewSet)


class WordTemplateViewSet(SnippetViewSet):
    """The administrators' edited copies of the registered Word templates, under Settings."""

    model = WordTemplate
    icon = "doc-full"
    menu_label = gettext_lazy("Word templates")
    add_to_settings_menu = True
    list_display = ["title", Column("label", label=gettext_lazy("template")), "updated_at"]


register_snippet(WordTemplateViewSet)


class _StampEditor:
    """Records who edited a serious-error expression last (the time is the model's)."""

    def save_instance(self):
        self.form.instance.updated_by = self.request.user
        return super().save_instance()


class SeriousErrorCreateView(_StampEditor, CreateView):
    pass


class SeriousErrorEditView(_StampEditor, EditView):
    pass


class SeriousErrorViewSet(SnippetViewSet):
    """The serious-error check's list (cms.review.serious_errors), under Settings: kept by
    the web editors and the office (cms.access.roles.CORE_PERMISSIONS)."""

    model = SeriousErrorEntry
    icon = "warning"
    menu_label = gettext_lazy("Serious-error expressions")
    add_to_settings_menu = True
    add_view_class = SeriousErrorCreateView
    edit_view_class = SeriousErrorEditView
    list_display = [
        "wrong",
        "right",
        Column("kind", label=gettext_lazy("serious")),
        "note",
        "updated_by",
        "updated_at",
    ]
    list_filter = ["serious"]
    search_fields = ["wrong", "right", "note"]
    ordering = ["-serious", "wrong"]


register_snippet(SeriousErrorViewSet)


def _may_edit_word_templates(user) -> bool:
    return user.has_perm("cms.add_wordtemplate") or user.has_perm("cms.change_wordtemplate")


def download_default_word_template(request, key):
    """A registered template's default .docx, to start editing from."""
    if not _may_edit_word_templates(request.user):
        raise PermissionDenied
    try:
        path, name = default_template(key)
    except LookupError:
        raise Http404 from None
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)


def download_word_template(request, template_id):
    """An uploaded template, from the private storage (it has no address of its own)."""
    if not _may_edit_word_templates(request.user):
        raise PermissionDenied
    template = get_object_or_404(WordTemplate, pk=template_id)
    try:
        handle = template.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=f"{template}.docx")


class MissingCalendarPanel(Component):
    """Warns on the dashboard while a year's holidays are unknown (docs/domain.md §1): deadlines
    in it are counted provisionally, by weekdays."""

    name = "missing_calendar"
    order = 10

    def __init__(self, years):
        self.years = years

    def render_html(self, parent_context=None):
        return format_html(
            '<div class="help-block help-warning"><p>{}</p><p><a href="{}">{}</a></p></div>',
            _(
                "The official calendar of %(years)s is missing: deadlines in it are "
                "counted by weekdays, provisionally. Enter its holidays and adjusted "
                "working days (调休) from the State Council's notice."
            )
            % {"years": "、".join(str(year) for year in self.years)},
            reverse(CalendarDay.snippet_viewset.get_url_name("add")),
            _("Enter the days"),
        )


@hooks.register("construct_homepage_panels")
def warn_of_missing_calendar(request, panels):
    years = missing_years()
    if years and request.user.has_perm("cms.add_calendarday"):
        panels.append(MissingCalendarPanel(years))


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "reports/self-inspection/",
            self_inspection.self_inspection,
            name="policy_cms_self_inspection",
        ),
        path(
            "bundles/<int:policy_id>/exemption/", views.grant_exemption, name="policy_cms_exemption"
        ),
        path(
            "bundles/<int:policy_id>/preview/",
            views.bundle_preview,
            name="policy_cms_bundle_preview",
        ),
        path("reports/bundles/", BundleReportView.as_view(), name="policy_cms_bundle_report"),
        path("reports/annual/", annual_reports.report_list, name="policy_cms_annual_reports"),
        path(
            "reports/annual/start/<int:agency_id>/<int:year>/",
            annual_reports.start_report,
            name="policy_cms_annual_report_start",
        ),
        path(
            "reports/annual/website/start/<int:site_id>/<int:year>/",
            website_admin.start_report,
            name="policy_cms_website_report_start",
        ),
        path(
            "reports/annual/website/<int:site_id>/<int:year>/visits/",
            website_records.visits,
            name="policy_cms_website_visits",
        ),
        path(
            "reports/annual/website/<int:site_id>/<int:year>/published/<slug:kind>/",
            website_records.published,
            name="policy_cms_website_published",
        ),
        path(
            "reports/annual/website/<int:report_id>/word/",
            website_admin.word_file,
            name="policy_cms_website_report_word",
        ),
        path(
            "reports/annual/<int:report_id>/word/",
            annual_reports.word_file,
            name="policy_cms_annual_report_word",
        ),
        path(
            "reports/bundles/results/",
            BundleReportView.as_view(results_only=True),
            name="policy_cms_bundle_report_results",
        ),
        path(
            "reports/deliveries/",
            delivery_log.DeliveryReportView.as_view(),
            name="policy_cms_delivery_log",
        ),
        path(
            "reports/deliveries/results/",
            delivery_log.DeliveryReportView.as_view(results_only=True),
            name="policy_cms_delivery_log_results",
        ),
        path(
            "word-templates/default/<str:key>/",
            download_default_word_template,
            name="policy_cms_word_template_default",
        ),
        path(
            "word-templates/<int:template_id>/file/",
            download_word_template,
            name="policy_cms_word_template_file",
        ),
        path(
            "deliveries/<int:delivery_id>/retry/",
            delivery_log.retry_delivery,
            name="policy_cms_delivery_retry",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_bundle_report_menu_item():
    return AdminOnlyMenuItem(
        gettext_lazy("Bundles"), reverse("policy_cms_bundle_report"), icon_name="tasks", order=50
    )


@hooks.register("register_reports_menu_item")
def register_annual_report_menu_item():
    return MenuItem(
        gettext_lazy("Annual reports"),
        reverse("policy_cms_annual_reports"),
        icon_name="doc-full",
        order=40,
    )


@hooks.register("register_reports_menu_item")
def register_self_inspection_menu_item():
    return self_inspection.SelfInspectionMenuItem(
        "网站自查", reverse("policy_cms_self_inspection"), icon_name="warning", order=30
    )


@hooks.register("register_reports_menu_item")
def register_delivery_log_menu_item():
    return AdminOnlyMenuItem(
        gettext_lazy("Deliveries"), reverse("policy_cms_delivery_log"), icon_name="mail", order=60
    )


@hooks.register("register_log_actions")
def register_delivery_log_actions(actions):
    actions.register_action(
        "policy_cms.delivery.retry",
        gettext_lazy("Retry delivery"),
        gettext_lazy("Delivery queued again"),
    )


@hooks.register("register_log_actions")
def register_bundle_log_actions(actions):
    for action, label, message in [
        ("submit", gettext_lazy("Submit bundle"), gettext_lazy("Bundle submitted for review")),
        ("return", gettext_lazy("Return bundle"), gettext_lazy("Bundle returned (退文)")),
        ("void", gettext_lazy("Void approvals"), gettext_lazy("Approvals voided by a change")),
        ("publish", gettext_lazy("Publish bundle"), gettext_lazy("Bundle published")),
        ("schedule", gettext_lazy("Schedule bundle"), gettext_lazy("Bundle scheduled")),
        ("withdraw", gettext_lazy("Withdraw bundle"), gettext_lazy("Withdrawn with the bundle")),
        (
            "acknowledge",
            gettext_lazy("Acknowledge warnings"),
            gettext_lazy("Confidentiality warnings acknowledged"),
        ),
        (
            "exemption",
            gettext_lazy("Grant exemption"),
            gettext_lazy("Exempted from the interpretation requirement"),
        ),
    ]:
        actions.register_action(f"policy_cms.bundle.{action}", label, message)


@hooks.register("before_unpublish_page")
def withdraw_whole_bundle(request, page):
    """Withdrawing a policy in the admin withdraws its synchronous interpretations in the
    same transaction (bundle rule 4, docs/architecture.md#bundle-rules)."""
    if request.method != "POST" or not isinstance(page.specific, PolicyPage):
        return None

    withdraw_bundle(page.specific, request.user)
    messages.success(
        request,
        _("“%(title)s” and its synchronous interpretations were withdrawn.")
        % {"title": page.title},
    )
    return redirect("wagtailadmin_explore", page.get_parent().pk)


def _is_synchronous_interpretation_form(request, page, parent_page) -> bool:
    if page is not None:
        page = page.specific
        return isinstance(page, InterpretationPage) and page.get_workflow() is None
    # Creating under a policy: the new page is an interpretation, synchronous by default.
    return isinstance(parent_page.specific, PolicyPage)


@hooks.register("construct_page_action_menu")
def hide_submit_for_interpretations(menu_items, request, context):
    """A synchronous interpretation is submitted with its policy, never on its own (bundle
    rule 3, docs/architecture.md#bundle-rules)."""
    page, parent = context.get("page"), context.get("parent_page")
    if context.get("view") == "create":
        page = None
    if (page or parent) and _is_synchronous_interpretation_form(request, page, parent):
        menu_items[:] = [item for item in menu_items if item.name != "action-submit"]


@hooks.register("before_create_page")
def refuse_direct_submission_of_interpretations(request, parent_page, page_class):
    """A forged submit of a new interpretation is saved as a draft instead (bundle
    rule 3, docs/architecture.md#bundle-rules)."""
    if (
        request.method == "POST"
        and isinstance(parent_page.specific, PolicyPage)
        and request.POST.get("action-submit")
        and request.POST.get("stage") != "follow_up"
    ):
        request.POST = request.POST.copy()
        del request.POST["action-submit"]
        messages.info(
            request, _("Synchronous interpretations are submitted together with their policy.")
        )
    return None


@hooks.register("before_serve_document", order=-100)
def serve_only_public_documents(document, request):
    """A document is served only while a public page uses it; editors who may edit such
    a page open it from the preview (issue 25.3, cms.access.documents). Otherwise a 404,
    as for a draft page: whether the file exists is not the public's business."""
    if document_access.is_public_document(document.pk):
        return None
    if document_access.may_preview(request, document):
        return None
    raise Http404


@hooks.register("after_edit_page")
def say_what_an_approval_did(request, page):
    """Approving in the editor: the notice says what the approval did (the next level, or
    published, or scheduled), in place of Wagtail's “page has been updated” (24.11)."""
    if notices.told("approved", request) or notices.told("refused", request):
        # A refused approval (the serious-error check) says so alone: not also “updated”.
        updated = _("Page '%(page_title)s' has been updated.") % {
            "page_title": page.get_admin_display_title()
        }
        notices.drop_message(request, updated)


@hooks.register("insert_global_admin_css")
def report_admin_css():
    """The annual reports' admin layout (cms/admin.css): the CSP allows no inline style."""
    return format_html('<link rel="stylesheet" href="{}">', static("cms/admin.css"))


@hooks.register("register_admin_viewset")
def register_policy_page_viewset():
    """The policy's editor keeps a refused submission's edit as a draft (cms.review.edit_view)."""
    return PolicyPageViewSet()
