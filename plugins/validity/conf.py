"""The validity plugin's settings: Django settings first, then these defaults; read as every
plugin reads its settings (cms.extend.plugin_settings)."""

from cms.plugin_api import PluginSettings

DEFAULTS = {
    # Doc types whose validity is tracked (行政规范性文件).
    "VALIDITY_DOC_TYPES": ("normative",),
    # Doc types whose validity the public sees (badges, the metadata row, the filter and
    # facet): normative documents and rules (规章, which have no default expiry). A
    # report or a notice is not "in force".
    "VALIDITY_PUBLIC_DOC_TYPES": ("normative", "rule"),
    # A normative document that states no expiry is valid this many years from its
    # effective date; one whose title says it is provisional, fewer.
    "VALIDITY_DEFAULT_YEARS": 5,
    "VALIDITY_PROVISIONAL_YEARS": 2,
    "VALIDITY_PROVISIONAL_WORDS": ("暂行", "试行"),
    # 统一登记号: {agency} is the agency's short name, {year} and {serial} count per
    # agency and year.
    "VALIDITY_REGISTRATION_FORMAT": "{agency}规〔{year}〕{serial}号",
    # The drafting division is reminded to evaluate a document this many months before
    # it expires.
    "VALIDITY_REMIND_MONTHS": 6,
}


get = PluginSettings(DEFAULTS).get
