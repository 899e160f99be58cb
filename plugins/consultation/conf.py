"""The consultations' settings: Django settings first, then environment variables of the
same name, then these defaults (documented in deploy/env.example)."""

from cms.plugin_api import PluginSettings

DEFAULTS = {
    # The shortest period, in calendar days (the rules say 日, not 工作日), per kind of
    # draft: 30 for major administrative decisions and rules (规章制定程序条例 §15),
    # CONSULTATION_DEFAULT_MIN_DAYS for the kinds not named.
    "CONSULTATION_MIN_DAYS": {"major_decision": 30, "rule": 30},
    "CONSULTATION_DEFAULT_MIN_DAYS": 7,
    # Whether the comment form requires a name and a contact (never shown to the public).
    "CONSULTATION_NAME_REQUIRED": False,
    "CONSULTATION_CONTACT_REQUIRED": False,
    # Working days from the close within which the feedback must be published.
    "CONSULTATION_FEEDBACK_DAYS": 20,
    # A CAPTCHA on the comment form and in the API (django-simple-captcha).
    "CONSULTATION_CAPTCHA": False,
    # Comments one address may send a minute (form and API together); "" switches it off.
    "CONSULTATION_RATE_LIMIT": "5/min",
    # Words that hold a comment for a moderator, besides the message board's list when
    # that plugin is enabled.
    "CONSULTATION_SENSITIVE_WORDS": [],
    # Consultations listed on a public page.
    "CONSULTATION_PAGE_SIZE": 20,
}

_ENVIRONMENT = [name for name, value in DEFAULTS.items() if isinstance(value, bool | int | str)]

get = PluginSettings(DEFAULTS, from_environment=_ENVIRONMENT).get


def min_days(kind: str) -> int:
    """The shortest period of a draft of this kind, in calendar days."""
    return int(get("CONSULTATION_MIN_DAYS").get(kind, get("CONSULTATION_DEFAULT_MIN_DAYS")))
