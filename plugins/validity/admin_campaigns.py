"""Admin → 规范性文件清理: open a campaign, decide per document, close it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from cms.plugin_api import Agency, division_ids
from plugins.validity import campaigns
from plugins.validity.models import Campaign, CampaignItem


class OpenCampaignForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("validity campaign", "Name"), max_length=200)
    agencies = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Agencies"),
        queryset=Agency.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )
    reference_date = forms.DateField(
        label=gettext_lazy("Reference date"), widget=forms.DateInput(attrs={"type": "date"})
    )


def _may_run(user) -> bool:
    return user.has_perm("validity.add_campaign")


def campaign_list(request):
    if request.method == "POST":
        if not _may_run(request.user):
            raise PermissionDenied
        form = OpenCampaignForm(request.POST)
        if form.is_valid():
            campaign = campaigns.open_campaign(**form.cleaned_data, user=request.user)
            messages.success(request, _("Campaign opened with %(count)d documents.")
                             % {"count": campaign.items.count()})  # fmt: skip
            return redirect("validity_admin:campaign", campaign.pk)
    else:
        form = OpenCampaignForm()
    return TemplateResponse(
        request,
        "validity/admin/campaigns.html",
        {
            "title": _("Cleanup campaigns"),
            "campaigns": Campaign.objects.all(),
            "form": form if _may_run(request.user) else None,
        },
    )


def campaign_detail(request, campaign_id: int):
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    if request.method == "POST":
        try:
            _act(request, campaign)
        except campaigns.CampaignError as error:
            messages.error(request, str(error))
        return redirect("validity_admin:campaign", campaign.pk)
    items = campaign.items.select_related("policy", "policy__division", "policy__agency")
    divisions = division_ids(request.user)
    if divisions is not None:
        items = items.filter(policy__division_id__in=divisions)
    return TemplateResponse(
        request,
        "validity/admin/campaign.html",
        {
            "title": campaign.name,
            "campaign": campaign,
            "items": items.order_by("policy__agency__name", "policy__issued_on"),
            "decisions": CampaignItem.Decision.choices,
            "may_close": _may_run(request.user) and campaign.state == Campaign.State.OPEN,
            "undecided": campaign.items.filter(decision="").count(),
        },
    )


def _act(request, campaign: Campaign) -> None:
    action = request.POST.get("action")
    if action == "decide":
        item = get_object_or_404(CampaignItem, pk=request.POST.get("item"), campaign=campaign)
        campaigns.decide(
            item, request.POST.get("decision", ""), request.POST.get("reason", ""), request.user
        )
        messages.success(request, _("Decision saved."))
    elif action in ("close", "reopen"):
        if not _may_run(request.user):
            raise PermissionDenied
        if action == "reopen":
            campaigns.reopen(campaign)
        campaigns.close(campaign, request.user)
        messages.success(request, _("Campaign closed; its result is published."))
