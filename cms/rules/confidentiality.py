"""Confidentiality review (保密审查) run when a bundle is submitted (docs/domain.md, art. 17).

Checks are plain functions registered in `CHECKS`; each receives a member page (policy or
interpretation, as its latest draft) and yields `Finding`s. They read the member's text
through `cms.text.page_text`, field by field and block by block, as it will be published.
Classification markings are errors that block submission; personal data (ID-card,
mobile and bank-card numbers) are warnings the submitter must acknowledge. The plugin
system adds its checks through `register_check`, and a check that crashes becomes a
blocking finding, never a pass.
"""

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass

from django.utils.translation import gettext as _

from cms.text.page_text import page_texts

logger = logging.getLogger(__name__)

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    severity: str  # ERROR blocks submission; WARNING needs an acknowledgement
    check: str
    message: str
    member: str = ""  # the member's title
    field: str = ""
    excerpt: str = ""
    # The serious-error check's: the wrong expression marked 【…】 in the excerpt, and the
    # right one suggested.
    marked: str = ""
    suggestion: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self):
        where = "·".join(part for part in (self.member, self.field) if part)
        excerpt = f"：“{self.excerpt}”" if self.excerpt else ""
        return f"{where}：{self.message}{excerpt}" if where else f"{self.message}{excerpt}"


def in_one_line(findings: Iterable[Finding]) -> str:
    """Findings as a notice names them, one after the other: “a；b”."""
    return "；".join(str(finding) for finding in findings)


Check = Callable[[object], Iterable[Finding]]
CHECKS: dict[str, Check] = {}


def register_check(name: str, check: Check) -> None:
    """Add a check that every submitted bundle member passes through."""
    CHECKS[name] = check


def run_checks(members: Iterable) -> list[Finding]:
    """Run every registered check on every member; a crashing check blocks with an error."""
    findings = []
    for member in members:
        for name, check in list(CHECKS.items()):
            try:
                findings.extend(check(member))
            except Exception:
                logger.exception("confidentiality check %s failed on %r", name, member)
                findings.append(
                    Finding(
                        ERROR,
                        name,
                        _("Check “%(name)s” is unavailable; the bundle cannot be submitted.")
                        % {"name": name},
                        member=str(member.title),
                    )
                )
    return findings


_LONG_DIGITS = re.compile(r"\d{5,}")


def _excerpt(text: str, start: int, end: int, masked: str | None = None) -> str:
    """A short excerpt around a match; other long numbers around it are masked too."""

    def context(part: str) -> str:
        return _LONG_DIGITS.sub(lambda m: "*" * len(m.group()), part.replace("\n", " "))

    middle = masked if masked is not None else text[start:end]
    return f"…{context(text[max(0, start - 8) : start])}{middle}{context(text[end : end + 8])}…"


# ---- classification markings: errors ------------------------------------------------

_LEVELS = "绝密|机密|秘密|工作秘密|内部"
MARKING_PATTERNS = [
    # 密级★期限, e.g. 秘密★1年, 机密★长期, 内部★
    re.compile(rf"(?:{_LEVELS})\s*[★☆]\s*(?:\d+\s*[年月]|长期)?"),
    # bracketed markings: 【内部】, [机密], （工作秘密）
    re.compile(rf"[【\[〔(（]\s*(?:{_LEVELS})\s*[】\]〕)）]"),
    # a marking standing alone on a line, as printed at the top of a document
    re.compile(rf"(?m)^\s*(?:{_LEVELS})(?:文件|资料)?\s*$"),
    re.compile(r"内部资料|内部文件，?注意保存|注意保密"),
]


def classification_markings(page) -> Iterator[Finding]:
    """Markings of classified or internal documents, which must never be published."""
    for field, text in page_texts(page):
        for line in text.split("\n"):
            seen: list[tuple[int, int]] = []
            for pattern in MARKING_PATTERNS:
                for match in pattern.finditer(line):
                    # One marking may match two patterns; report it once.
                    if any(match.start() < end and start < match.end() for start, end in seen):
                        continue
                    seen.append(match.span())
                    yield Finding(
                        ERROR,
                        "classification_markings",
                        _("Classification marking “%(marking)s”.")
                        % {"marking": match.group().strip()},
                        member=page.title,
                        field=field,
                        excerpt=_excerpt(line, match.start(), match.end()),
                    )


# ---- personal data: warnings --------------------------------------------------------

ID_NUMBER = re.compile(
    r"(?<![0-9A-Za-z])([1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx])(?![0-9A-Za-z])"
)
MOBILE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")
BANK_CARD = re.compile(r"(?<!\d)(\d{16,19})(?!\d)")
_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"


def valid_id_number(number: str) -> bool:
    """ISO 7064 MOD 11-2 check digit of an 18-character mainland ID number."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def luhn_valid(number: str) -> bool:
    digits = [int(d) for d in reversed(number)]
    total = sum(d if i % 2 == 0 else (d * 2 - 9 if d > 4 else d * 2) for i, d in enumerate(digits))
    return total % 10 == 0


def mask_id_number(number: str) -> str:
    """35*************123: first 2 and last 3 kept (docs/domain.md §4)."""
    return number[:2] + "*" * (len(number) - 5) + number[-3:]


def mask_mobile(number: str) -> str:
    """138****1234."""
    return number[:3] + "****" + number[-4:]


def mask_card(number: str) -> str:
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


# Shaped like one, valid check digit or not (docs/domain.md §8: public output errs on
# masking), written in one run or with spaces or hyphens between the groups people write.
_SEP = r"[ \-\u00a0]?"
_ID_SHAPED = re.compile(
    rf"(?<![0-9A-Za-z])(\d{{6}}{_SEP}\d{{8}}{_SEP}\d{{3}}[0-9Xx])(?![0-9A-Za-z])"
)
_CARD_SHAPED = re.compile(
    rf"(?<![0-9A-Za-z])\d{{4}}(?:{_SEP}\d{{4}}){{3}}(?:{_SEP}\d{{1,3}})?(?![0-9A-Za-z])"
)
_MOBILE_SHAPED = re.compile(
    rf"(?<![0-9A-Za-z])((?:\+?86{_SEP})?)(1[3-9]\d{_SEP}\d{{4}}{_SEP}\d{{4}})(?!\d)"
)
_EMAIL_SHAPED = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def _digits(text: str) -> str:
    return re.sub(r"[^0-9Xx]", "", text)


def mask_personal_data(text: str) -> str:
    """The public's own words as they may be published (a message, a comment): mobiles, ID
    numbers and bank cards masked as the confidentiality review masks them (138****1234,
    11*************515, 6222********1234), e-mail addresses hidden (***@***). Anything
    shaped like one is masked, whatever its check digit."""
    text = _ID_SHAPED.sub(lambda m: mask_id_number(_digits(m.group(0))), text or "")
    text = _CARD_SHAPED.sub(lambda m: mask_card(_digits(m.group(0))), text)
    text = _MOBILE_SHAPED.sub(lambda m: m.group(1) + mask_mobile(_digits(m.group(2))), text)
    return _EMAIL_SHAPED.sub("***@***", text)


def _personal_data_matches(text: str) -> Iterator[tuple[str, tuple[int, int], str]]:
    """(label, span, masked number) of every ID-card, mobile and bank-card number."""
    ids = []
    for match in ID_NUMBER.finditer(text):
        if valid_id_number(match.group(1)):
            ids.append(match.span(1))
            yield _("ID card number"), match.span(1), mask_id_number(match.group(1))
    for match in MOBILE.finditer(text):
        yield _("Mobile phone number"), match.span(1), mask_mobile(match.group(1))
    for match in BANK_CARD.finditer(text):
        start, end = match.span(1)
        inside_id = any(s <= start and end <= e for s, e in ids)
        if not inside_id and luhn_valid(match.group(1)):
            yield _("Bank card number"), (start, end), mask_card(match.group(1))


def personal_data(page) -> Iterator[Finding]:
    """ID-card numbers with a valid check digit, mobile numbers and bank-card numbers."""
    for field, text in page_texts(page):
        for label, (start, end), masked in _personal_data_matches(text):
            yield Finding(
                WARNING,
                "personal_data",
                label,
                member=page.title,
                field=field,
                excerpt=_excerpt(text, start, end, masked),
            )


register_check("classification_markings", classification_markings)
register_check("personal_data", personal_data)
