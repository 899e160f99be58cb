"""Admin views of the core: granting an exemption from the interpretation requirement."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.models import PolicyPage
from cms.review.exemptions import grant_exemption as grant


class ExemptionForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


@permission_required("cms.grant_interpretation_exemption", raise_exception=True)
def grant_exemption(request, policy_id):
    """Grant a policy leave to be submitted without a synchronous interpretation (bundle
    rule 1, docs/architecture.md#bundle-rules)."""
    policy = get_object_or_404(PolicyPage, pk=policy_id)
    # As the editor left it: the latest draft's document type, not the published one's.
    if not policy.get_latest_revision_as_object().interpretation_required:
        messages.info(
            request, _("This document type needs no interpretation: there is nothing to exempt.")
        )
        return redirect("wagtailadmin_pages:edit", policy.pk)
    current = getattr(policy, "interpretation_exemption", None)
    form = ExemptionForm(
        request.POST or None, initial={"reason": current.reason if current else ""}
    )
    if request.method == "POST" and form.is_valid():
        grant(policy, form.cleaned_data["reason"], request.user)
        messages.success(request, _("The exemption was granted and recorded."))
        return redirect("wagtailadmin_pages:edit", policy.pk)
    return TemplateResponse(
        request, "cms/admin/exemption.html", {"policy": policy, "form": form, "current": current}
    )


def bundle_preview(request, policy_id):
    """The whole bundle as the public will see it, from the latest drafts (bundle
    rule 2, docs/architecture.md#bundle-rules)."""
    policy = get_object_or_404(PolicyPage, pk=policy_id)
    if not policy.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return policy.get_latest_revision_as_object().serve_preview(request, "bundle")
