"""The disclosure requests' settings: Django settings first, then environment variables of
the same name, then these defaults (documented in deploy/env.example); read as every
plugin reads its settings. The statutory limits are the regulation's (docs/domain.md §7);
a local rule may only shorten them."""

from cms.plugin_api import PluginSettings

DEFAULTS = {
    # Working days to reply, counted from receipt or from the supplement's arrival (art. 33).
    "DISCLOSURE_REPLY_DAYS": 20,
    # One extension of at most this many working days (art. 33).
    "DISCLOSURE_MAX_EXTENSION_DAYS": 20,
    # A supplement (补正) is asked within this many working days of receipt (art. 30) ...
    "DISCLOSURE_SUPPLEMENT_ASK_DAYS": 7,
    # ... and the applicant is given this many working days to send it (a "reasonable
    # period" the regulation leaves to the agency).
    "DISCLOSURE_SUPPLEMENT_PERIOD_DAYS": 15,
    # A third party has this many working days for its opinion (art. 32).
    "DISCLOSURE_THIRD_PARTY_DAYS": 15,
    # The division's internal deadline, in working days from assignment.
    "DISCLOSURE_DIVISION_DAYS": 10,
    # Working days the applicant has to pay a fee notice (国办函〔2020〕109号).
    "DISCLOSURE_FEE_PAYMENT_DAYS": 20,
    # The fee schedule (国办函〔2020〕109号), never both for one request. By count, per
    # applicant per calendar month: the first applications are free, the next ones up to
    # the tier's end cost the price each, and past it every further step of applications
    # costs the price more each.
    "DISCLOSURE_FEE_FREE_APPLICATIONS": 10,
    "DISCLOSURE_FEE_COUNT_TIER_END": 30,
    "DISCLOSURE_FEE_COUNT_PRICE": 100,
    "DISCLOSURE_FEE_COUNT_STEP": 10,
    # By pages, per request: tiers of (first page of the tier, yuan per page), the pages
    # before the first tier free.
    "DISCLOSURE_FEE_PAGE_TIERS": ((31, 10), (101, 20), (201, 40)),
    # Reminders (催办) this many working days before a deadline.
    "DISCLOSURE_REMIND_DAYS": 3,
    # A request's file is kept this many years after it closed; then its personal data is
    # erased (the statistics stay).
    "DISCLOSURE_RETENTION_YEARS": 10,
    # The public form and the API: a CAPTCHA, and how many requests one address may send.
    "DISCLOSURE_CAPTCHA": False,
    "DISCLOSURE_RATE_LIMIT": "3/min",
    # Look-ups of a request (the tracking page, the letter, the API) per address: a code is
    # unguessable, but a known code with guessed contacts must stay slow.
    "DISCLOSURE_TRACK_RATE_LIMIT": "20/min",
    # Attachments: at most this many files of at most this many megabytes each.
    "DISCLOSURE_MAX_ATTACHMENTS": 5,
    "DISCLOSURE_MAX_ATTACHMENT_MB": 10,
    # The reply letter: its number ({short_name} the agency's short name, {year},
    # {serial}; without a short name the number is 〔year〕第serial号), and the remedy
    # notice's review body (复议机关) and court, named when set (else the generic wording).
    "DISCLOSURE_LETTER_NUMBER_FORMAT": "{short_name}依申复〔{year}〕第{serial}号",
    "DISCLOSURE_REVIEW_BODY": "",
    "DISCLOSURE_COURT": "",
}


# Every scalar may come from the environment; the page tiers only from Django settings.
get = PluginSettings(
    DEFAULTS,
    from_environment=[name for name, value in DEFAULTS.items() if not isinstance(value, tuple)],
).get
