"""The public's e-mail subscription: sign up, confirm by mail, unsubscribe by a link.

Nothing about a person is stored until they follow the link in the confirmation mail:
the address and the chosen topics travel inside the link, signed (``django.core.signing``)
and valid for a few days. The page says the same whatever the address, so it never tells
who is subscribed. Every policy mail carries an unsubscribe link and the List-Unsubscribe
headers (RFC 8058), and unsubscribing deletes the address. Sign-ups are limited per
client and per address, so the form cannot be used to flood someone's mailbox.
"""

from django import forms
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.csrf import csrf_exempt
from ninja.throttling import AnonRateThrottle
from wagtail.models import Site

from cms.plugin_api import public_policies, stamp_of, topics_of
from plugins.channels.models import MailSubscription
from plugins.channels.tasks import send_confirmation

CONFIRM_SALT = "channels.subscribe"
UNSUBSCRIBE_SALT = "channels.unsubscribe"
CONFIRM_MAX_AGE = 3 * 24 * 3600
# Sign-ups a client may make per hour, and how often one address may be sent a link.
SIGN_UPS_PER_HOUR = 10
ONE_MAIL_PER_ADDRESS_SECONDS = 600
MAX_TOPICS = 200


def topic_choices(stamp=None) -> list[tuple[str, str]]:
    """The public policies' topics, each once in the spelling in use (``topics_of``: old
    imported data files 就業創業 beside 就业创业), sorted."""
    topics = topics_of(public_policies(), stamp or stamp_of())
    return [(name, name) for name in topics[:MAX_TOPICS]]


class SignUpForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("E-mail address"),
        max_length=254,
        # Django's own reads 输入一个有效的 Email 地址。, half English.
        error_messages={
            "invalid": pgettext_lazy("subscription", "Please enter a valid e-mail address.")
        },
    )
    topics = forms.MultipleChoiceField(
        label=gettext_lazy("Topics (none chosen: every policy)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Left empty by people; filled by the robots that fill every field.
    website = forms.CharField(
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, stamp=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = topic_choices(stamp)


def confirm_token(email: str, topics: list[str]) -> str:
    return signing.dumps({"e": email, "t": sorted(topics)}, salt=CONFIRM_SALT, compress=True)


def unsubscribe_token(subscription: MailSubscription) -> str:
    return signing.dumps({"s": subscription.pk, "e": subscription.email}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(subscription: MailSubscription, request=None) -> str:
    """The absolute unsubscribe link of a subscription (for mails, made without a request)."""
    link = reverse("channels:unsubscribe", args=[unsubscribe_token(subscription)])
    if request is not None:
        return request.build_absolute_uri(link)
    site = Site.objects.filter(is_default_site=True).first()
    return (site.root_url if site else "") + link


def _allowed(key: str, limit: int, seconds: int) -> bool:
    """Count one use of ``key``; False once it has been used ``limit`` times in the window."""
    cache.add(key, 0, seconds)
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        return True


def confirm(email: str, topics: list[str]) -> MailSubscription:
    """Store the confirmed subscription of ``email`` (one per address; topics replaced)."""
    with transaction.atomic():
        subscription = (
            MailSubscription.objects.select_for_update()
            .filter(email__iexact=email, signed_up=True)
            .first()
        ) or MailSubscription(email=email, signed_up=True)
        subscription.name = _("Public subscriber")
        subscription.is_active = True
        subscription.confirmed_at = timezone.now()
        subscription.save()
        subscription.topics.set(topics)
        subscription.save()
    return subscription


def unsubscribe(token: str) -> bool:
    """Delete the subscription the token names; False for a token that is not ours."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return False
    MailSubscription.objects.filter(pk=data["s"], email=data["e"]).delete()
    return True


def _page(request, state: str, status: int = 200, **context):
    return render(request, "channels/subscription.html", {"state": state, **context}, status=status)


def sign_up_view(request):
    form = SignUpForm(request.POST or None, stamp=stamp_of(request))
    if request.method != "POST":
        return _page(request, "form", form=form)
    client = AnonRateThrottle().get_ident(request)
    if not _allowed(f"channels:sign-up:{client}", SIGN_UPS_PER_HOUR, 3600):
        return _page(
            request,
            "form",
            status=429,
            form=form,
            error=_("Too many sign-ups; try again in an hour."),
        )
    if not form.is_valid():
        return _page(request, "form", status=400, form=form)
    email = form.cleaned_data["email"]
    if not form.cleaned_data["website"] and _allowed(
        f"channels:mail-to:{email.lower()}", 1, ONE_MAIL_PER_ADDRESS_SECONDS
    ):
        link = reverse("channels:confirm", args=[confirm_token(email, form.cleaned_data["topics"])])
        transaction.on_commit(
            lambda: send_confirmation.delay(email, request.build_absolute_uri(link)), robust=True
        )
    # The same answer whether the address is new, subscribed, or just sent a link.
    return _page(request, "sent")


def confirm_view(request, token):
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:  # expired links included
        return _page(request, "invalid", status=400)
    if request.method != "POST":
        # A button, not the GET itself: mail scanners open links, people press buttons.
        return _page(request, "confirm", email=data["e"], topics=data["t"])
    subscription = confirm(data["e"], data["t"])
    return _page(request, "subscribed", unsubscribe=unsubscribe_url(subscription, request))


@csrf_exempt  # the signed token authorizes; mail clients' one-click POST has no CSRF token
def unsubscribe_view(request, token):
    try:
        signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return _page(request, "invalid", status=400)
    if request.method != "POST":
        return _page(request, "unsubscribe")
    unsubscribe(token)
    return _page(request, "unsubscribed")


def urlpatterns():
    return [
        path("subscribe/", sign_up_view, name="subscribe"),
        path("subscribe/confirm/<str:token>/", confirm_view, name="confirm"),
        path("subscribe/stop/<str:token>/", unsubscribe_view, name="unsubscribe"),
    ]
