"""The catalogue's admin views: importing a file, and one item's check history."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plugins.govservice.catalogue import RowError, import_catalogue
from plugins.govservice.models import ServiceItem
from plugins.govservice.patrol import run

MAX_UPLOAD = 20 * 1024 * 1024


class CatalogueForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Catalogue file (.csv or .xlsx)"),
        help_text=gettext_lazy(
            "Header row: 事项编码, 事项名称, 实施部门, 服务对象, 办理地址, 状态. "
            "Rows with a known code update the item."
        ),
    )


def import_view(request):
    if not request.user.has_perm("govservice.add_serviceitem"):
        raise PermissionDenied
    form = CatalogueForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            form.add_error("file", _("The file is larger than 20 MB."))
        else:
            try:
                result = import_catalogue(upload.name, upload.read())
            except RowError as error:
                form.add_error("file", str(error))
            else:
                messages.success(
                    request,
                    _("Created %(created)d, updated %(updated)d, unchanged %(unchanged)d, "
                      "failed %(failed)d.") % vars(result),
                )  # fmt: skip
    return TemplateResponse(
        request,
        "govservice/admin/import.html",
        {"title": _("Import the service catalogue"), "form": form, "result": result},
    )


def checks_view(request, item_id: int):
    if not request.user.has_perm("govservice.view_serviceitem") and not request.user.has_perm(
        "govservice.change_serviceitem"
    ):
        raise PermissionDenied
    item = get_object_or_404(ServiceItem, pk=item_id)
    if request.method == "POST":
        run([item])
        return redirect("govservice_admin:checks", item_id=item.pk)
    return TemplateResponse(
        request,
        "govservice/admin/checks.html",
        {"title": str(item), "item": item, "checks": item.checks.all()[:200]},
    )
