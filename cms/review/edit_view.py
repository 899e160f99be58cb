"""The policy page's editor: a submission refused at the door (退文) still keeps the
drafter's edit, saved as a draft revision as 保存草稿 would, and says so in one notice that
lists every finding of the bundle, the warnings included (issue 30, tester's report)."""

from django.contrib import messages
from django.utils.translation import gettext as _
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.viewsets.pages import PageViewSet

from cms.admin_ui import notices
from cms.models import PolicyPage
from cms.review import bundle
from cms.rules.confidentiality import in_one_line

SUBMITTING = ("submit", "restart_workflow")


def returned_notice(findings) -> str:
    text = _("Draft saved; not submitted: %(findings)s") % {
        "findings": in_one_line(bundle.errors(findings))
    }
    if bundle.warnings(findings):
        text += " " + _("Also to check before the next submission: %(findings)s") % {
            "findings": in_one_line(bundle.warnings(findings))
        }
    return text


class PolicyEditView(EditView):
    def form_valid(self, form):
        findings = getattr(form, "returned_findings", None)
        if findings and self.action_name in SUBMITTING:
            return self.save_and_return(form, findings)
        return super().form_valid(form)

    def save_and_return(self, form, findings):
        self.has_content_changes = form.has_changed()
        response = self.save_action()
        updated = _("Page '%(page_title)s' has been updated.") % {
            "page_title": self.page.get_admin_display_title()
        }
        notices.drop_message(self.request, updated)
        bundle.record_return(self.page, self.request.user, findings)
        messages.error(self.request, returned_notice(findings))
        return response


class PolicyPageViewSet(PageViewSet):
    model = PolicyPage
    name = "policy_pages"
    edit_view_class = PolicyEditView
