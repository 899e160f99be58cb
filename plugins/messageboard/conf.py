"""The message board's settings: Django settings first, then environment variables of the
same name, then these defaults (documented in deploy/env.example); read as every plugin
reads its settings (cms.extend.plugin_settings)."""

from cms.plugin_api import PluginSettings

DEFAULTS = {
    # Working days a division has to reply, counted from acceptance (local rules: 5-10).
    "MESSAGEBOARD_REPLY_DAYS": 5,
    # One extension (延期) of at most this many working days, approved by the division head.
    "MESSAGEBOARD_MAX_EXTENSION_DAYS": 15,
    # An open message this many calendar days after it arrived raises the site-wide alarm,
    # long before the three months after which the national inspection fails the site.
    "MESSAGEBOARD_ALARM_DAYS": 30,
    # A valid message unanswered this many calendar days is a veto risk (单项否决风险) in
    # the self-inspection: the national inspection's three months.
    "MESSAGEBOARD_VETO_DAYS": 90,
    # A CAPTCHA on the public form and in the API (django-simple-captcha).
    "MESSAGEBOARD_CAPTCHA": False,
    # Messages one address may send a minute (form and API together); "" switches the limit
    # off. (Its CAPTCHA challenges: the core's PUBLIC_CAPTCHA_RATE_LIMIT.)
    "MESSAGEBOARD_RATE_LIMIT": "5/min",
    # Messages listed on a public page.
    "MESSAGEBOARD_PAGE_SIZE": 20,
}


get = PluginSettings(DEFAULTS, from_environment=DEFAULTS).get
