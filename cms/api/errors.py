"""Every API error is JSON ``{"code": ..., "message": ...}`` with a Chinese message.

Django-ninja's own handlers answer 422 with pydantic's English details and, for an
unexpected error, a bare 500; these replace them so a client always gets a stable code
and a sentence it can show, and never a stack trace.
"""

import json
import logging
import math
import re

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema
from ninja.errors import HttpError, Throttled, ValidationError
from ninja.parser import Parser
from pydantic_core import PydanticCustomError

from cms.access.public_forms import CONTACT_PATTERN, TEXT_PATTERN

logger = logging.getLogger(__name__)


class ErrorOut(Schema):
    code: str
    message: str


def error_response(status: int, code: str, message: str, **headers) -> JsonResponse:
    response = JsonResponse(
        {"code": code, "message": message},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


# The Chinese label of each value a parameter may take (DocType's, a plugin filter's …),
# so that an error lists “normative”（行政规范性文件）, not 'normative' alone.
CHOICE_LABELS: dict[str, object] = {}
ORDERING_LABELS = {
    "-issued_on": gettext_lazy("date issued, newest first"),
    "issued_on": gettext_lazy("date issued, oldest first"),
    "-published_at": gettext_lazy("date published, newest first"),
    "published_at": gettext_lazy("date published, oldest first"),
}


def register_choices(choices) -> None:
    """Name the values of an enum the API takes: (value, label) pairs, as Django's
    choices are."""
    for value, label in choices:
        CHOICE_LABELS.setdefault(str(value), label)


register_choices(ORDERING_LABELS.items())


def choices_text(expected: str) -> str:
    """Pydantic's "'a', 'b' or 'c'" as “a”（标签）、“b”（标签）或“c”（标签）."""
    values = re.findall(r"'((?:[^'\\]|\\.)*)'", expected) or [expected]
    items = [
        f"“{value}”（{CHOICE_LABELS[value]}）" if value in CHOICE_LABELS else f"“{value}”"
        for value in values
    ]
    if len(items) == 1:
        return items[0]
    return _("%(items)s or %(last)s") % {"items": "、".join(items[:-1]), "last": items[-1]}


def _problem(error: dict) -> str:
    """One pydantic error as a short Chinese phrase."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return _("is required")
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return _("must be a whole number")
    if kind in {"greater_than_equal", "greater_than"}:
        return _("must be at least %(limit)s") % {"limit": ctx.get("ge", ctx.get("gt"))}
    if kind in {"less_than_equal", "less_than"}:
        return _("must be at most %(limit)s") % {"limit": ctx.get("le", ctx.get("lt"))}
    if kind in {"literal_error", "enum"}:
        return _("must be one of: %(choices)s") % {
            "choices": choices_text(str(ctx.get("expected", "")))
        }
    if kind.startswith("date") or kind.startswith("datetime"):
        return _("must be a date like 2024-05-01")
    if kind == "string_too_long":
        return _("may be at most %(limit)s characters long") % {"limit": ctx.get("max_length")}
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return _("is required")  # an empty title is missing, not malformed
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == TEXT_PATTERN:
        return _("must hold a Chinese character, a letter or a digit")
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == CONTACT_PATTERN:
        return _("must be a mobile number, a landline with its area code or an e-mail address")
    return _("is not valid")


# The Chinese name of each field a request body may hold, as the HTML form labels it
# (subject → 标题): an error names the field so, not by its place in the body. Plugins name
# fields alike (body, name, contact) with labels of their own (留言内容, 意见内容), so labels
# are kept per the API path's first segment ("messages", "consultations"); "" holds those
# registered for every path.
FIELD_LABELS: dict[str, dict[str, object]] = {}


def register_field_labels(labels: dict[str, object], path: str = "") -> None:
    """Name the fields of a JSON body the API takes: field name → label.

    ``path`` is the first segment of the endpoints' path under the API (``"messages"`` for
    ``/api/v1/messages/...``): the labels hold there only, so two plugins may each name
    their ``body``. Without it they hold wherever no plugin named the field.
    """
    scoped = FIELD_LABELS.setdefault(path.strip("/"), {})
    for name, label in labels.items():
        scoped.setdefault(name, label)


def _api_segment(request) -> str:
    """The first segment of the request's path under the API root."""
    root = (getattr(request, "resolver_match", None) and request.resolver_match.route) or ""
    # The route is the whole pattern ("api/v1/messages/<int:id>"); the API's own prefix
    # has as many segments as the path to its schema, less the file.
    try:
        depth = reverse("api_v1:openapi-json").strip("/").count("/")
    except NoReverseMatch:
        depth = 2
    parts = (root or request.path.strip("/")).strip("/").split("/")
    return parts[depth] if len(parts) > depth else ""


def field_label(request, name: str) -> object | None:
    """The label of body field ``name`` for this request's endpoint, or None."""
    scoped = FIELD_LABELS.get(_api_segment(request) if request is not None else "", {})
    if name in scoped:
        return scoped[name]
    return FIELD_LABELS.get("", {}).get(name)


# The type of an error that is no one parameter's but of how several go together (a
# year range whose start is after its end): its message is the whole sentence.
COMBINATION = "invalid_combination"


def combination_error(message: str) -> PydanticCustomError:
    """Raise this from a model validator of a schema the API or a page validates:
    ``message`` (translated, no braces) is told as it is, naming no parameter."""
    return PydanticCustomError(COMBINATION, message.replace("{", "(").replace("}", ")"))


def _parameter(error: dict) -> str:
    # ninja reports ("query", "page"), ("path", "id") or ("body", <argument>, "subject"), a
    # list in a query's schema as ("query", <argument>, "plugin", 0), and a page that
    # validates a schema itself ("plugin", 0): the name is what a client sent, one name
    # per query parameter however often it is repeated.
    loc = tuple(error.get("loc", ()))
    if loc[:1] == ("body",):
        return ".".join(str(part) for part in loc[2:]) or "?"
    names = [str(part) for part in loc if part not in {"query", "path"} and type(part) is not int]
    if loc[:1] in {("query",), ("path",)}:
        return names[-1] if names else "?"
    return ".".join(names) or "?"


def _field(request, error: dict) -> str | None:
    """The label of the body field in error: ninja reports ("body", <argument>, "subject")."""
    loc = error.get("loc", ())
    if len(loc) == 3 and loc[0] == "body":
        label = field_label(request, str(loc[2]))
        return None if label is None else str(label)
    return None


def _error_part(error: dict, request=None) -> str:
    if error.get("type") == COMBINATION:
        return str(error.get("msg", ""))
    label = _field(request, error)
    if label is not None:
        return _("“%(name)s” %(problem)s") % {"name": label, "problem": _problem(error)}
    return _("parameter “%(name)s” %(problem)s") % {
        "name": _parameter(error),
        "problem": _problem(error),
    }


def invalid_parameters_message(errors: list[dict], request=None) -> str:
    parts = [_error_part(e, request) for e in errors]
    return _("Invalid request: %(details)s.") % {"details": "；".join(parts)}


def on_validation_error(request, exc: ValidationError):
    return error_response(400, "invalid_parameter", invalid_parameters_message(exc.errors, request))


def on_not_found(request, exc: Exception):
    message = str(exc) if isinstance(exc, Http404) and exc.args else _("Not found.")
    return error_response(404, "not_found", message)


def on_throttled(request, exc: Throttled):
    wait = max(1, math.ceil(exc.wait or 1))
    return error_response(
        429,
        "rate_limited",
        _("Too many requests; try again in %(seconds)d seconds.") % {"seconds": wait},
        Retry_After=str(wait),
    )


def on_too_large(request, exc: RequestDataTooBig):
    # Django refuses to read a body past DATA_UPLOAD_MAX_MEMORY_SIZE; the client sent too
    # much, which is not a server error.
    return error_response(413, "too_large", _("The request body is too large."))


class BodyError(Exception):
    """A request body the API cannot read, with its status, code and Chinese message."""

    status, code = 400, "invalid_json"

    def message(self) -> str:
        return _("The request body is not valid JSON (UTF-8).")


class UnsupportedMediaType(BodyError):
    status, code = 415, "unsupported_media_type"

    def message(self) -> str:
        return _("Send the request body as JSON, with Content-Type: application/json.")


class JsonOnlyParser(Parser):
    """Bodies are JSON only: a form or ``text/plain`` post is what another site can make a
    visitor's browser send without asking (no CORS preflight), so it is refused."""

    def parse_body(self, request):
        content_type = request.content_type or ""
        if content_type != "application/json" and not content_type.endswith("+json"):
            raise UnsupportedMediaType
        try:
            return json.loads(request.body.decode("utf-8"))
        except ValueError as error:  # UnicodeDecodeError and JSONDecodeError alike
            raise BodyError from error


def on_http_error(request, exc: HttpError):
    # ninja wraps a parser's error in a 400 whose text names Python's exception.
    if isinstance(exc.__cause__, BodyError):
        cause = exc.__cause__
        return error_response(cause.status, cause.code, cause.message())
    return error_response(exc.status_code, "error", str(exc))


def on_exception(request, exc: Exception):
    logger.exception("API error on %s", request.get_full_path())
    return error_response(500, "server_error", _("Internal error; please try again later."))


def install(api) -> None:
    """Register the handlers on a NinjaAPI; the most specific class wins."""
    api.add_exception_handler(ValidationError, on_validation_error)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(Throttled, on_throttled)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(RequestDataTooBig, on_too_large)
    api.add_exception_handler(Exception, on_exception)


def not_found_view(request, exception=None):
    """handler404 for /api/: a URL the API does not know is a JSON 404 too."""
    return error_response(404, "not_found", _("No such API endpoint."))


def server_error_view(request):
    return error_response(500, "server_error", _("Internal error; please try again later."))
