"""Who sees which request (issue 27: nothing of a request is public).

The disclosure office (``states.is_office``) sees every request; a division's members see
the requests assigned to their division now or before (a reassigned request stays
readable by the division that gave it up, which may be asked about its part); nobody
else sees any. The views answer 404, not 403, for a request a user may not see: the
answer does not even say it exists. Personal data (the ID number, contacts, attachments,
the letter) is on pages only these users reach.

The admin listing, the request page, the file downloads and the dashboard all ask here.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from cms.plugin_api import division_ids
from plugins.disclosure_requests.models import DisclosureRequest
from plugins.disclosure_requests.states import is_office


def _divisions(user) -> set[int]:
    """The divisions the user belongs to; none for a user bound to no division."""
    if not user.is_authenticated:
        return set()
    return division_ids(user) or set()


def visible_requests(user) -> QuerySet[DisclosureRequest]:
    """The requests this user may see: every one for the office, their divisions' (now
    or before) for division members, none for anybody else."""
    requests = DisclosureRequest.objects.select_related("agency", "division", "division__agency")
    if not user.is_authenticated or not user.is_active:
        return requests.none()
    if is_office(user):
        return requests
    divisions = _divisions(user)
    if not divisions:
        return requests.none()
    held = Q(division__in=divisions) | Q(former_divisions__in=divisions)
    return requests.filter(held).distinct()


def may_see(user, request: DisclosureRequest) -> bool:
    """Whether this user may see this request, its applicant's data and its files."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_office(user):
        return True
    divisions = _divisions(user)
    if not divisions:
        return False
    if request.division_id in divisions:
        return True
    return request.former_divisions.filter(pk__in=divisions).exists()


def may_use(user) -> bool:
    """Whether the admin shows this user the menu item and the dashboard panel: the
    office, and division members with at least one request to see."""
    if not user.is_authenticated:
        return False
    return is_office(user) or visible_requests(user).exists()
