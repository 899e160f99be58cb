from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from cms.extend import plugin_manager
from cms.text.page_text import plain_text
from interpretations import text as interpretation_text


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Policy library")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # In ready(): these modules import models, which exist once the apps are loaded.
        from cms import checks, signals  # noqa: F401  (registers the checks, connects receivers)
        from cms.access import roles
        from cms.admin_ui import language as admin_language
        from cms.admin_ui.csv_export import localise_spreadsheet_exports
        from cms.admin_ui.panels import PolicyNotesPanel
        from cms.extend.word_templates import register_core
        from cms.models import PolicyPage
        from cms.models.annual_reports import AnnualReportPage, register_publication_check
        from cms.models.review import register_approval_check
        from cms.models.text import normalize_fields
        from cms.models.website_reports import WebsiteReportPage, register_website_check
        from cms.reports import checks as report_checks
        from cms.reports import website as website_report
        from cms.reports import website_admin, website_word
        from cms.reports import word as report_word
        from cms.reports.forms import AnnualReportPageForm
        from cms.reports.panels import content_panels as report_panels
        from cms.review import approval as review_approval
        from cms.review import mail as review_mail
        from cms.review.forms import PolicyPageForm
        from interpretations.models import InterpretationPage

        # As wagtail.admin sets Page.base_form_class: the form runs the bundle rules,
        # which import the models, so the model cannot name it itself.
        PolicyPage.base_form_class = PolicyPageForm
        # The annual report's form and panels assemble and check its tables, which reads
        # the plugins' counts above the models; its publication runs the same checks.
        AnnualReportPage.base_form_class = AnnualReportPageForm
        AnnualReportPage.content_panels = report_panels()
        register_publication_check(report_checks.errors)
        # Each approval of a bundle meets the serious-error check (cms/review/approval.py).
        register_approval_check(review_approval.passes_serious_error_check)
        register_core(report_word.SPEC)
        # The website annual report likewise (cms/reports/website.py).
        WebsiteReportPage.base_form_class = website_admin.WebsiteReportPageForm
        WebsiteReportPage.content_panels = website_admin.content_panels()
        register_website_check(website_report.errors)
        register_core(website_word.SPEC)
        # Interpretations sit below the core and import none of it: their text follows
        # the core's rules, handed over here.
        interpretation_text.register(normalize_fields=normalize_fields, plain_text=plain_text)

        # Chinese for what Django and Wagtail leave in English (issue 24.10).
        admin_language.label_site_columns()
        admin_language.name_page_search_results()
        localise_spreadsheet_exports()
        post_migrate.connect(admin_language.rename_defaults, dispatch_uid="cms.rename_defaults")
        # Each review level mails its reviewers, as Wagtail does for its own group steps.
        review_mail.connect()

        # Every app's models are loaded by now, so plugin hooks may import them.
        plugin_manager.load(settings.POLICY_PLUGINS)
        # The editorial roles get the permissions plugins declare, app by app as it migrates.
        post_migrate.connect(roles.grant_declared_after_migrate, dispatch_uid="cms.grant_roles")
        # Before any edit view is built (Wagtail builds it once, on first use).
        PolicyPage.content_panels = [*PolicyPage.content_panels, *plugin_manager.policy_panels()]
        # An interpretation's editor offers what plugins note on its policy, to cite.
        InterpretationPage.content_panels = [
            *InterpretationPage.content_panels,
            PolicyNotesPanel(cite=True, heading=_("Records of the policy to cite")),
        ]
        # The project (policy_cms.apps) sets the Celery beat schedule from the plugins'.
