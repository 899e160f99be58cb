"""Telling the admin user what their review action did, from code that has no request.

Wagtail calls a task's `on_action` (and the page's revision signals) from its editor and
dashboard views without the request; `RequestMiddleware` keeps the request at hand for the
length of a request so that `tell` can leave a message for the user who acted.
"""

from contextvars import ContextVar

from django.contrib import messages
from wagtail.admin.messages import render

_request = ContextVar("policy_cms_request", default=None)


class RequestMiddleware:
    """Keeps the current request for `tell` (after the auth and message middlewares)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def tell(user, level: int, text: str, *, kind: str = "") -> bool:
    """Leave `text` for `user` if they are the one making the current request; `kind`
    names the notice for `told`. Outside a request (a task, a test) nothing happens."""
    request = _request.get()
    if request is None or user is None or getattr(request, "user", None) is None:
        return False
    if request.user.pk != user.pk:
        return False
    messages.add_message(request, level, render(text, None))
    request._policy_cms_told = [*getattr(request, "_policy_cms_told", []), kind]
    return True


def told(kind: str, request=None) -> bool:
    """Whether a notice of this kind was left in `request` (by default the current one)."""
    request = request if request is not None else _request.get()
    return kind in getattr(request, "_policy_cms_told", [])


def drop_message(request, text: str) -> None:
    """Remove a message queued for this request (Wagtail's own, when ours says more)."""
    storage = messages.get_messages(request)
    rendered = render(text, None)
    kept = [message for message in storage if message.message not in (text, rendered)]
    for message in kept:  # iterating marked them all as read; queue the others again
        storage.add(message.level, message.message, message.extra_tags)
