"""Models to the JSON the public API returns. Plain functions; no queries of their own
beyond what the caller prefetched, except in the detail views."""

import functools
import re
from datetime import datetime
from urllib.parse import quote

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import get_script_prefix, get_urlconf, reverse
from wagtail.models import Site
from wagtail.rich_text import expand_db_html

from cms.extend import plugin_manager
from cms.models.list_rows import url_of_child
from cms.models.policy import PolicyPage, attached_policy_ids
from cms.models.stamps import kept_in_process, new_process_memory, stamp_of
from cms.text.sanitize import public_html

# (host, script prefix, a parent's url_path) → the URL its policies' slugs follow, or
# None where each policy's URL is reversed: per publication stamp (a site's or a page's
# move moves it).
URL_PREFIXES = new_process_memory()
# A slug Wagtail reverses (its serve pattern is ``((?:[\w\-]+/)*)``): another is reversed
# as Wagtail does it, to its answer.
_SLUG = re.compile(r"[\w\-]+")


# As django.urls reverses a path (RFC 3986 sub-delimiters, "/~:@" kept).
_SAFE = "!$&'()*+,;=/~:@"
# What ``quote`` leaves as it is whatever its ``safe``: most slugs.
_UNQUOTED = re.compile(r"[A-Za-z0-9_.~\-]*")


def _quoted(slug: str, safe: str = _SAFE) -> str:
    """``quote(slug, safe)``, as ``reverse`` quotes a path (``_SAFE``) by default."""
    return slug if _UNQUOTED.fullmatch(slug) else quote(slug, safe=safe)


@functools.cache
def _api_paths(_script_prefix: str, _urlconf) -> tuple[str, str]:
    """The paths of the policy list and of an interpretation (without its id), reversed
    once per script prefix and URLconf (all they depend on) rather than per request."""
    interpretation = reverse("api_v1:interpretation_detail", kwargs={"id": 0})
    return reverse("api_v1:policy_list"), interpretation.removesuffix("0")


class Links:
    """Absolute URLs for one request, computed once rather than per item."""

    def __init__(self, request):
        self.request = request
        policies, interpretations = _api_paths(get_script_prefix(), get_urlconf())
        self.policies = request.build_absolute_uri(policies)
        self.interpretations = request.build_absolute_uri(interpretations)

    def policy(self, pk: int) -> str:
        return f"{self.policies}/{pk}"

    def interpretation(self, pk: int) -> str:
        return f"{self.interpretations}{pk}"

    def page(self, page) -> str:
        return page.get_full_url(self.request) or ""

    def policy_url(self, row) -> str:
        """The full URL of the policy of ``row`` (a dict of ``pk``, ``slug`` and
        ``url_path``), as ``page`` gives it, without a page: its parent's URL and its
        slug, the parent's learnt from the first policy below it once per publication
        stamp (a policy at a site's root is reversed as Wagtail does it)."""
        url_path, slug = row["url_path"], row["slug"]
        parent = url_path[: url_path.rstrip("/").rfind("/") + 1]
        prefixes = self.__dict__.setdefault("_prefixes", {})
        if parent not in prefixes:
            key = (self.request.get_host(), get_script_prefix(), parent)
            prefixes[parent] = kept_in_process(
                key, lambda: self._prefix(row), stamp=stamp_of(self.request), memory=URL_PREFIXES
            )
        prefix = prefixes[parent]
        if prefix is None or not _SLUG.fullmatch(slug) or url_path in self._roots():
            return self._reversed(row)
        return f"{prefix}{_quoted(slug)}/"

    def _reversed(self, row) -> str:
        # A policy's URL is its url_path's, on the request's site (PolicyPage does not
        # route otherwise): a page of that path answers it as the policy would.
        return self.page(PolicyPage(id=row["pk"], url_path=row["url_path"]))

    def _prefix(self, row) -> str | None:
        if not _SLUG.fullmatch(row["slug"]) or row["url_path"] in self._roots():
            return None
        url = self._reversed(row)
        suffix = url_of_child("", row["slug"])
        if not getattr(settings, "WAGTAIL_APPEND_SLASH", True) or not url.endswith(suffix):
            return None
        return url.removesuffix(suffix)

    def _roots(self) -> frozenset[str]:
        """The url_paths of the sites' root pages (a policy at one is the site's root)."""
        if "_roots_kept" not in self.__dict__:
            self._roots_kept = kept_in_process(
                "site-roots",
                lambda: frozenset(root.root_path for root in Site.get_site_root_paths()),
                stamp=stamp_of(self.request),
                memory=URL_PREFIXES,
            )
        return self._roots_kept

    @staticmethod
    def child(parent_url: str, slug: str) -> str:
        """The URL of a page below the page at ``parent_url``, as Wagtail would give it:
        a page's path is its parent's and its slug (quoted as ``reverse`` quotes it)."""
        if not parent_url:
            return ""  # the parent is on no site, and so is the child
        append_slash = getattr(settings, "WAGTAIL_APPEND_SLASH", True)
        base = parent_url if parent_url.endswith("/") else parent_url + "/"
        return base + _quoted(slug, "/") + ("/" if append_slash else "")

    def absolute(self, url: str) -> str:
        return self.request.build_absolute_uri(url)


def rich_text(source: str) -> str:
    """Stored rich text as public HTML: internal links resolved, then sanitized."""
    return public_html(expand_db_html(source or ""))


def interpretation_ref(interpretation, links: Links) -> dict:
    return {
        "id": interpretation.pk,
        "title": interpretation.title,
        "form": interpretation.form,
        "stage": interpretation.stage,
        "url": links.page(interpretation),
    }


def _ref(interpretation, links: Links, policy_url: str) -> dict:
    if isinstance(interpretation, dict):  # a row (queries.interpretation_rows_by_policy)
        return {
            "id": interpretation["id"],
            "title": interpretation["title"],
            "form": interpretation["form"],
            "stage": interpretation["stage"],
            "url": links.child(policy_url, interpretation["slug"]),
        }
    return interpretation_ref(interpretation, links)


def policy_item(policy, interpretations, topics, links: Links, badges=(), names=None) -> dict:
    """A policy as a list shows it; ``policy`` is a page or a row of
    ``queries.POLICY_ROW_FIELDS`` (a dict); ``interpretations`` are pages or rows of
    ``queries.interpretation_rows_by_policy``; ``names`` are ``queries.names()``
    (else a page's agency and division are read)."""
    if isinstance(policy, dict):
        return _row_item(policy, interpretations, topics, links, badges, names)
    url = links.policy_url({"pk": policy.pk, "slug": policy.slug, "url_path": policy.url_path})
    if names is None:
        agency, division = policy.agency.name, policy.division.name
    else:
        agency, division = names[0][policy.agency_id], names[1][policy.division_id]
    return {
        "id": policy.pk,
        "title": policy.title,
        "doc_number": policy.doc_number,
        "index_number": policy.index_number,
        "agency": {"id": policy.agency_id, "name": agency},
        "division": {"id": policy.division_id, "name": division},
        "doc_type": policy.doc_type,
        "topics": topics,
        "issued_on": policy.issued_on,
        "published_at": policy.last_published_at,
        "url": url,
        "api_url": links.policy(policy.pk),
        "summary": policy.summary,
        "interpretations": [_ref(i, links, url) for i in interpretations],
        "badges": list(badges),
    }


def _json_time(value: datetime | None) -> str | None:
    """A time as the API's JSON encoder (Django's) writes it, written once here rather
    than through the encoder's chain of type checks."""
    return None if value is None else DjangoJSONEncoder.default(None, value)


def _row_item(row: dict, interpretations, topics, links: Links, badges, names) -> dict:
    """``policy_item`` of a row (``names`` required): the same keys, in the same order."""
    url = links.policy_url(row)
    agency_id, division_id = row["agency_id"], row["division_id"]
    return {
        "id": row["pk"],
        "title": row["title"],
        "doc_number": row["doc_number"],
        "index_number": row["index_number"],
        "agency": {"id": agency_id, "name": names[0][agency_id]},
        "division": {"id": division_id, "name": names[1][division_id]},
        "doc_type": row["doc_type"],
        "topics": topics,
        "issued_on": row["issued_on"].isoformat(),  # as the JSON encoder writes a date
        "published_at": _json_time(row["last_published_at"]),
        "url": url,
        "api_url": links.policy(row["pk"]),
        "summary": row["summary"],
        "interpretations": [_ref(i, links, url) for i in interpretations],
        "badges": list(badges),
    }


def attachment(item, links: Links) -> dict:
    document = item.document
    size = document.file_size
    if size is None:
        try:
            size = document.file.size
        except OSError:
            size = None
    return {"title": item.display_title, "size": size, "url": links.absolute(document.url)}


def policy_detail(policy, interpretations, topics, links: Links, names=None) -> dict:
    # The plugins' fields first: what they read of the policy (its validity) its badges
    # then reuse. The keys keep their order.
    plugins = plugin_manager.extra_api_fields(policy, links.request)
    attachments = []
    if policy.pk in attached_policy_ids(stamp=stamp_of(links.request)):
        attachments = policy.attachments.select_related("document")
    return {
        **policy_item(
            policy,
            interpretations,
            topics,
            links,
            plugin_manager.policy_badges([policy]).get(policy.pk, []),
            names,
        ),
        "body": rich_text(policy.body),
        "attachments": [attachment(a, links) for a in attachments],
        "footnote": policy.footnote,
        "notes": [
            note_out(note, links)
            for note in plugin_manager.policy_notes([policy], request=links.request).get(
                policy.pk, []
            )
        ],
        "plugins": plugins,
    }


def note_out(note, links: Links) -> dict:
    """A public note of the ``policy_notes`` hook, its link absolute."""
    return {
        "plugin": note.plugin,
        "kind": note.kind,
        "text": note.text,
        "url": links.absolute(note.url) if note.url else "",
        "link_text": note.link_text,
        "citation": note.citation,
    }


def _figure(value, links: Links) -> dict:
    image = value.get("image")
    url = None
    if image is not None:
        url = links.absolute(image.get_rendition("max-1200x1200").url)
    return {
        "type": "figure",
        "image": url,
        "alt": getattr(image, "contextual_alt_text", None) or value.get("caption") or "",
        "caption": value.get("caption") or "",
    }


def block(child, links: Links) -> dict:
    """One block of an interpretation's body as a typed section."""
    kind, value = child.block_type, child.value
    if kind == "section":
        return {
            "type": "section",
            "kind": value["kind"],
            "heading": value.heading_text,
            "html": rich_text(value["text"].source),
        }
    if kind == "qa":
        return {
            "type": "qa",
            "question": value["question"],
            "html": rich_text(value["answer"].source),
        }
    if kind == "figure":
        return _figure(value, links)
    if kind == "video":
        return {"type": "video", "url": value["url"], "caption": value.get("caption") or ""}
    return {"type": "paragraph", "html": rich_text(value.source)}


def interpretation_detail(interpretation, links: Links) -> dict:
    policy = interpretation.public_policy
    return {
        **interpretation_ref(interpretation, links),
        "api_url": links.interpretation(interpretation.pk),
        "summary": interpretation.summary,
        "interpreter_name": interpretation.interpreter_name,
        "interpreter_title": interpretation.interpreter_title,
        "published_at": interpretation.last_published_at,
        "sections": [block(child, links) for child in interpretation.body],
        "policy": {
            "id": policy.pk,
            "title": policy.title,
            "doc_number": policy.doc_number,
            "url": links.page(policy),
            "api_url": links.policy(policy.pk),
        },
    }
