"""Mail to the people who work on the site: the active members of drafting divisions and
of editorial roles, each address once (a division's reminders, a role's alarms)."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.mail import send_mail

from cms.models import Division


def members(divisions: Iterable[Division | int | None] = (), roles: Iterable[str] = ()):
    """The active users who belong to any of the divisions (objects or ids; None is no
    division) or to any of the roles (``cms.access.roles.Role``)."""
    users = get_user_model().objects.filter(is_active=True)
    division_ids = [d.pk if isinstance(d, Division) else d for d in divisions if d is not None]
    found = list(users.filter(divisions__in=division_ids)) if division_ids else []
    roles = list(roles)
    if roles:
        found += users.filter(groups__name__in=roles)
    return found


def addresses(users) -> list[str]:
    """The users' mail addresses, sorted, each once; users without one are left out."""
    return sorted({user.email for user in users if user.email})


def mail_members(
    subject: str,
    body: str,
    *,
    divisions: Iterable[Division | int | None] = (),
    roles: Iterable[str] = (),
) -> list[str]:
    """Mail the active members of the divisions and of the roles, one mail to all of them;
    nothing is sent when none has an address. Returns the addresses mailed."""
    to = addresses(members(divisions, roles))
    if to:
        send_mail(subject, body, None, to)
    return to
