"""The catalogue's search in the admin: any part of an item's name or code, as an editor
types it (a search index splits no Chinese words)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm


class ItemSearchForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Name or item code"),
        widget=forms.TextInput(attrs={"placeholder": _("Name or item code")}),
        required=False,
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()[:100]
        if query:
            objects = objects.filter(Q(name__icontains=query) | Q(code__icontains=query))
            self.is_searching, self.search_query = True, query
        return objects
