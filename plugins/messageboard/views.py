"""The board's public pages: the list and form at /messages/, and tracking a message."""

from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from cms.plugin_api import (
    check_rate,
    id_param,
    is_public_policy,
    limit_error,
    public_policies,
    retry_later,
    stamp_of,
    tracking_page,
)
from plugins.messageboard import conf, intake, limits, public, states
from plugins.messageboard.forms import MessageForm, RatingForm, TrackForm

SESSION_KEY = "messageboard_tracking_code"
POLICY_KEY = "messageboard_tracking_policy"


def message_list(request):
    """Every published message with its replies, newest first, and the form."""
    policy = None
    policy_id = id_param(request.GET.get("policy", ""))
    if policy_id is not None:
        policy = public_policies().filter(pk=policy_id).first()
    status = 200
    if request.method == "POST":
        form = MessageForm(request.POST)
        throttled = check_rate(request) is not None
        if form.is_robot() and not throttled:
            request.session[SESSION_KEY] = "—"
            return redirect("messageboard:received")
        if not throttled and form.is_valid():
            throttled = limits.intake(request) is not None
            if not throttled:
                message = intake.receive(form.cleaned_data)
                request.session[SESSION_KEY] = message.tracking_code
                request.session[POLICY_KEY] = message.policy_id
                return redirect("messageboard:received")
        if throttled:
            limit_error(form)  # the message as typed comes back: nothing lost
            status = 429
        form.focus_first_error()
    else:
        form = MessageForm(initial={"policy": policy.pk if policy else None})
    stamp, policy_id = stamp_of(request), policy.pk if policy else None
    messages = public.published_messages(policy_id, stamp)
    count = public.message_count(policy_id, stamp=stamp)
    page = Paginator(public.Pages(messages, count), conf.get("MESSAGEBOARD_PAGE_SIZE")).get_page(
        request.GET.get("page")
    )
    response = TemplateResponse(
        request,
        "messageboard/messages.html",
        {
            "form": form,
            "policy": policy,
            "page_obj": page,
            "items": page.object_list,
            "column_tags": column_tags(),
        },
        status=status,
    )
    return retry_later(response) if status == 429 else response


def column_tags() -> dict:
    """The list's page tags (网页标签): a column of the site's 互动交流."""
    name = _("Policy message board")
    return {"ColumnName": name, "ColumnKeywords": [name, _("Policy")], "ColumnType": "互动交流"}


@never_cache
def received(request):
    """The tracking code, shown once after the message was sent."""
    code = request.session.pop(SESSION_KEY, None)
    if code is None:
        return redirect("messageboard:list")
    policy_id = request.session.pop(POLICY_KEY, None)
    context = {"code": code, "policy": _public_policy_ref(policy_id)}
    return TemplateResponse(request, "messageboard/received.html", context)


def _public_policy_ref(policy_id):
    """The policy a message is about (title, URL) while it is public, else None."""
    return public.policy_ref(policy_id) if policy_id and is_public_policy(policy_id) else None


@never_cache
def track(request):
    """The asker follows their message by its code; a wrong code gets one answer only."""
    return tracking_page(
        request,
        "messageboard/track.html",
        TrackForm,
        lambda form: public.tracked_message(form.data.get("code", "")),
        _tracked,
        not_found=_("No message matches this tracking code."),
        context={"rating_form": RatingForm()},
    )


def _tracked(request, message) -> dict:
    """The message as the asker sees it, rated first when the rating was sent with it."""
    shown = {"policy": _public_policy_ref(message.policy_id)}
    posted = request.method == "POST" and "rating" in request.POST
    rating = RatingForm(request.POST) if posted else None
    if rating is not None and rating.is_valid():
        try:
            message = states.rate(message, rating.cleaned_data["rating"])
        except states.TransitionError as error:
            shown["error"] = str(error)
    shown["item"] = public.track_item(message)
    return shown
