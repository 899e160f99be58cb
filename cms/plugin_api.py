"""The one door plugins use into the core: everything docs/plugins.md documents for them
("The plugin door"), and nothing else.

A plugin imports the core only from here (an import-linter ``forbidden`` contract in
pyproject.toml checks the built-in ones; tests/test_plugin_api.py checks that this list
and the documentation name the same things). Besides this module, a plugin reaches the
core through its hooks (``hookimpl``; the specifications are in cms/extend/hookspecs.py).
Search is not the core: a plugin that reindexes a policy imports
``search.indexing.schedule`` from ``search`` itself, which sits below the plugins.
"""

import secrets

from django.core.files.storage import Storage, storages

from cms.access.mail import mail_members
from cms.access.public_forms import (
    CONTACT_PATTERN,
    TEXT_PATTERN,
    PublicTextField,
    captcha_field,
    captcha_image_url,
    captcha_passes,
    clean_text,
    emptied_error,
    has_words,
    limited,
    new_captcha_key,
    valid_contact,
)
from cms.access.roles import Role
from cms.access.throttled import limit_error, retry_later, too_many
from cms.admin_ui.display import ReadOnlyPanel, yes_no
from cms.api.captcha import add_captcha_route
from cms.api.conditional import cached_for_stamp, check_rate, public_get
from cms.api.errors import (
    ErrorOut,
    error_response,
    on_throttled,
    register_choices,
    register_field_labels,
)
from cms.api.pagination import page_of
from cms.api.tracking import tracking_lookup, tracking_page
from cms.delivery.outbox import record_event
from cms.extend.channels import Channel, DeliveryError
from cms.extend.hookspecs import hookimpl
from cms.extend.inspection import OK as INDICATOR_OK
from cms.extend.inspection import VETO as INDICATOR_VETO
from cms.extend.inspection import WARNING as INDICATOR_WARNING
from cms.extend.inspection import Evidence, Indicator
from cms.extend.plugin_settings import PluginSettings
from cms.extend.policy_filters import PolicyFilter
from cms.extend.policy_notes import PolicyNote
from cms.extend.report_tables import (
    NOT_YET_IN_FORCE,
    ReportCheck,
    ReportColumn,
    ReportRow,
    ReportTable,
)
from cms.extend.sitemap_items import SitemapItem
from cms.extend.word_templates import WordTemplateError, WordTemplateSpec
from cms.importing import spreadsheets
from cms.importing.importer import ImportResult
from cms.models import Agency, Delivery, Division, OutboxEvent, PolicyPage, PublicationStamp
from cms.models.home import LIBRARY_PAGE_SIZE, is_public_policy, public_policies
from cms.models.list_rows import policy_urls
from cms.models.paging import indexed_page
from cms.models.policy import topic_spellings_of, topics_of
from cms.models.shapes import read as shaped_rows
from cms.models.stamps import kept_for_stamp, stamp_of
from cms.models.text import NormalizedText
from cms.models.visibility import private_q
from cms.models.word_templates import render_word
from cms.operations.outbound import (
    RefusedDestination,
    check_destination,
    client,
    resolve,
    sync_client,
)
from cms.review.exemptions import grant_exemption
from cms.review.moments import in_bundle
from cms.rules.confidentiality import (
    ERROR,
    WARNING,
    Finding,
    mask_card,
    mask_id_number,
    mask_mobile,
    mask_personal_data,
)
from cms.rules.identity import valid_credit_code, valid_id_number
from cms.rules.permissions import division_ids, states_in_divisions
from cms.text.matching import leftmost_longest, normalize
from cms.text.page_text import body_text, page_texts, plain_text
from cms.text.params import MAX_ID, id_param
from cms.text.sanitize import normalize_text
from cms.workdays import (
    Calendar,
    Deadline,
    add_working_days,
    is_working_day,
    redo_deadlines,
    today,
    working_days_between,
)


def private_storage() -> Storage:
    """The private storage (``STORAGES["private"]``): files no one may fetch by address
    (applicants' attachments, letters sent), handed out only by your views after they
    checked who asks. Pass the function itself, ``FileField(storage=private_storage)``:
    the field's migration then names it here, in the door, rather than any folder.

    Defined in the door, not imported into it, so that a plugin's migration imports the
    door and nothing else of the core."""
    return storages["private"]


# Base32 without 0/O and 1/I, which a reader misreads over the phone.
TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_tracking_code() -> str:
    """A tracking code (查询码) for what the public sends without an account: 20 characters
    of ``TRACKING_ALPHABET``, 100 random bits, unguessable and easy to read out. Use the
    function itself as a field's default, ``default=new_tracking_code``.

    Defined in the door, like ``private_storage``, so that the migration of such a field
    names the door and nothing else of the core."""
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(20))


__all__ = [  # noqa: RUF022 (grouped as in docs/plugins.md, not sorted)
    # hooks and what they return
    "hookimpl",
    "Channel",
    "DeliveryError",
    "PolicyFilter",
    "PolicyNote",
    "SitemapItem",
    "PluginSettings",
    "Indicator",
    "Evidence",
    "INDICATOR_OK",
    "INDICATOR_WARNING",
    "INDICATOR_VETO",
    # the working-day calendar
    "today",
    "add_working_days",
    "is_working_day",
    "working_days_between",
    "redo_deadlines",
    "Deadline",
    "Calendar",
    # the outbox, with the kinds plugins declare (hook event_kinds)
    "record_event",
    # what the public may see, and the publication stamp with its cache
    "public_policies",
    "is_public_policy",
    "PublicationStamp",
    "kept_for_stamp",
    "stamp_of",
    "private_q",
    "indexed_page",
    "shaped_rows",
    "policy_urls",
    "topic_spellings_of",
    "topics_of",
    "LIBRARY_PAGE_SIZE",
    "in_bundle",
    "grant_exemption",
    # the confidentiality matchers
    "Finding",
    "ERROR",
    "WARNING",
    "mask_mobile",
    "mask_id_number",
    "mask_card",
    "mask_personal_data",
    # text
    "page_texts",
    "body_text",
    "plain_text",
    "normalize_text",
    "normalize",
    "leftmost_longest",
    "NormalizedText",
    "id_param",
    "MAX_ID",
    # people: roles, divisions, mail
    "Role",
    "division_ids",
    "states_in_divisions",
    "mail_members",
    # the public API
    "check_rate",
    "public_get",
    "cached_for_stamp",
    "page_of",
    "error_response",
    "on_throttled",
    "register_choices",
    "register_field_labels",
    "ErrorOut",
    # importing files
    "spreadsheets",
    "ImportResult",
    # requests to other sites
    "client",
    "sync_client",
    "check_destination",
    "resolve",
    "RefusedDestination",
    # private files, and Word documents from templates administrators may edit
    "private_storage",
    "WordTemplateSpec",
    "render_word",
    "WordTemplateError",
    # public forms: their text, per-address limits, the CAPTCHA; identity numbers
    "clean_text",
    "emptied_error",
    "PublicTextField",
    "valid_contact",
    "has_words",
    "CONTACT_PATTERN",
    "TEXT_PATTERN",
    "limited",
    "too_many",
    "limit_error",
    "retry_later",
    "new_captcha_key",
    "captcha_image_url",
    "captcha_passes",
    "captcha_field",
    "add_captcha_route",
    "new_tracking_code",
    "TRACKING_ALPHABET",
    "tracking_page",
    "tracking_lookup",
    "valid_id_number",
    "valid_credit_code",
    # the annual report's tables (hook annual_report_tables)
    "ReportTable",
    "ReportRow",
    "ReportColumn",
    "ReportCheck",
    "NOT_YET_IN_FORCE",
    # the admin
    "yes_no",
    "ReadOnlyPanel",
    # the models plugins refer to
    "PolicyPage",
    "Agency",
    "Division",
    "OutboxEvent",
    "Delivery",
]
