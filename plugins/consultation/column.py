"""The site's 意见征集 column: made under the home page on first need, with the
consultations' review workflow assigned to it."""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from wagtail.models import Workflow, WorkflowPage

from plugins.consultation.models import ConsultationIndexPage

SLUG = "consultations"
WORKFLOW = "意见征集审核"  # made by migration 0002_review_workflow


def ensure_column() -> ConsultationIndexPage | None:
    """The column, made (live, with its workflow) if missing; None while the site has no
    home page."""
    column = ConsultationIndexPage.objects.first()
    if column is not None:
        return column
    # The home page is the core's; reached by its app label, not imported (the door).
    home = apps.get_model("cms", "HomePage").objects.first()
    if home is None:
        return None
    column = ConsultationIndexPage(title="意见征集", slug=SLUG)
    home.add_child(instance=column)
    column.save_revision().publish()
    workflow = Workflow.objects.filter(name=WORKFLOW, active=True).first()
    if workflow is not None:
        WorkflowPage.objects.update_or_create(page=column, defaults={"workflow": workflow})
    return column


def add_consultation(request):
    """新建意见征集 in the admin: Wagtail's editor for a new consultation in the column,
    the column made first if the site has none yet (the home page does not offer it)."""
    column = ensure_column()
    if column is None or not column.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    return redirect("wagtailadmin_pages:add", "consultation", "consultationpage", column.pk)
