"""Import of the service catalogue (事项目录) from CSV or XLSX, as the provincial platform
exports it: good rows land, each bad row is named with its line and reason, and the item
code is the key, so importing the same file again changes nothing.

The header row names the columns, in English or Chinese: ``code`` 事项编码, ``name``
事项名称, ``department`` 实施部门, ``audience`` 服务对象 (个人 / 法人 / 个人和法人),
``url`` 办理地址, ``status`` 状态 (在办 / 已下线; optional).
"""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from cms.plugin_api import ImportResult, spreadsheets
from plugins.govservice.models import ServiceItem

HEADERS = {
    "code": ("code", "事项编码", "编码"),
    "name": ("name", "事项名称", "名称"),
    "department": ("department", "实施部门", "部门"),
    "audience": ("audience", "服务对象"),
    "url": ("url", "办理地址", "链接", "网址"),
    "status": ("status", "状态"),
}
AUDIENCES = {
    "个人": ServiceItem.Audience.PERSON,
    "自然人": ServiceItem.Audience.PERSON,
    "法人": ServiceItem.Audience.ORGANIZATION,
    "个人和法人": ServiceItem.Audience.BOTH,
    "个人、法人": ServiceItem.Audience.BOTH,
    "自然人、法人": ServiceItem.Audience.BOTH,
}
STATUSES = {"在办": ServiceItem.Status.ACTIVE, "已下线": ServiceItem.Status.WITHDRAWN}
MAX_ROWS = 100_000


class RowError(Exception):
    """A row that cannot be imported; the message says why."""


def _columns(header: list[str]) -> dict[str, int]:
    names = [cell.strip().lower() for cell in header]
    columns = {}
    for key, aliases in HEADERS.items():
        for alias in aliases:
            if alias in names:
                columns[key] = names.index(alias)
                break
    missing = [
        HEADERS[key][1] for key in ("code", "name", "department", "url") if key not in columns
    ]
    if missing:
        raise RowError(_("The header row lacks: %(names)s.") % {"names": "、".join(missing)})
    return columns


def parse_row(row: list[str], columns: dict[str, int]) -> dict:
    """The item's fields from one row, validated."""

    def cell(key):
        index = columns.get(key)
        return row[index].strip() if index is not None and index < len(row) else ""

    values = {key: cell(key) for key in HEADERS}
    for key, limit in (("code", 64), ("name", 200), ("department", 100), ("url", 500)):
        if not values[key]:
            raise RowError(_("“%(column)s” is empty.") % {"column": HEADERS[key][1]})
        if len(values[key]) > limit:
            raise RowError(
                _("“%(column)s” is longer than %(max)d characters.")
                % {"column": HEADERS[key][1], "max": limit}
            )
    try:
        URLValidator(schemes=["http", "https"])(values["url"])
    except ValidationError:
        raise RowError(
            _("“%(value)s” is not a web address (http:// or https://).")
            % {"value": values["url"][:80]}
        ) from None
    audience = values["audience"] or "个人和法人"
    audience = AUDIENCES.get(audience, audience)
    if audience not in ServiceItem.Audience.values:
        raise RowError(
            _("Unknown audience “%(value)s”; use 个人, 法人 or 个人和法人.")
            % {"value": audience[:30]}
        )
    status = values["status"] or "在办"
    status = STATUSES.get(status, status)
    if status not in ServiceItem.Status.values:
        raise RowError(
            _("Unknown status “%(value)s”; use 在办 or 已下线.") % {"value": status[:30]}
        )
    return {**values, "audience": audience, "status": status}


def upsert(fields: dict) -> str:
    """Create or update the item with this code; returns the outcome's name."""
    item = ServiceItem.objects.filter(code=fields["code"]).first()
    if item is None:
        ServiceItem.objects.create(**fields)
        return "created"
    changed = [name for name, value in fields.items() if getattr(item, name) != value]
    if not changed:
        return "unchanged"
    for name in changed:
        setattr(item, name, fields[name])
    item.save()
    return "updated"


def _import_row(row: list[str], columns: dict[str, int], seen: dict[str, int], number: int):
    fields = parse_row(row, columns)
    if fields["code"] in seen:
        raise RowError(
            _("Item code “%(code)s” was already on line %(line)d.")
            % {"code": fields["code"], "line": seen[fields["code"]]}
        )
    seen[fields["code"]] = number
    with transaction.atomic():
        return upsert(fields)


def import_catalogue(name: str, data: bytes) -> ImportResult:
    """Import a catalogue file; a bad row is counted and named, the others land."""
    result, seen = ImportResult(), {}
    try:
        rows = spreadsheets.rows(io.BytesIO(data), name)
        header = next(rows, None)
        if header is None:
            raise RowError(_("The file is empty."))
        columns = _columns(header)
        for number, row in enumerate(rows, start=2):
            if number > MAX_ROWS + 1:
                raise RowError(_("More than %(max)d rows.") % {"max": MAX_ROWS})
            if not any(cell.strip() for cell in row):
                continue
            try:
                outcome = _import_row(row, columns, seen, number)
            except RowError as error:
                result.failed += 1
                result.errors.append((number, str(error)))
                continue
            setattr(result, outcome, getattr(result, outcome) + 1)
    except spreadsheets.SpreadsheetError as error:
        raise RowError(str(error)) from None
    return result
