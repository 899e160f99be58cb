"""Personal data masked in everything the consultations publish: a comment's body in the
feedback and the API. Anything shaped like a mobile, an ID number or a bank card is
masked, valid check digit or not (docs/domain.md: public output errs on masking)."""

from __future__ import annotations

import re

from cms.plugin_api import mask_card, mask_id_number, mask_mobile

# Written in one run or with spaces or hyphens between the groups people write.
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
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def _digits(text: str) -> str:
    return re.sub(r"[^0-9Xx]", "", text)


def mask_personal_data(text: str) -> str:
    """Mobiles, ID numbers and bank cards masked as the confidentiality review masks them
    (138****1234, 11*************515, 6222********1234), e-mail addresses hidden."""
    text = _ID_SHAPED.sub(lambda m: mask_id_number(_digits(m.group(0))), text or "")
    text = _CARD_SHAPED.sub(lambda m: mask_card(_digits(m.group(0))), text)
    text = _MOBILE_SHAPED.sub(lambda m: m.group(1) + mask_mobile(_digits(m.group(2))), text)
    return _EMAIL.sub("***@***", text)
