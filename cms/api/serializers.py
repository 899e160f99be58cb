"""Models to the JSON the public API returns. Plain functions; no queries of their own
beyond what the caller prefetched, except in the detail views."""

from urllib.parse import quote

from django.conf import settings
from django.urls import reverse
from wagtail.rich_text import expand_db_html

from cms.extend import plugin_manager
from cms.models.policy import attached_policy_ids
from cms.models.stamps import stamp_of
from cms.text.sanitize import public_html


class Links:
    """Absolute URLs for one request, computed once rather than per item."""

    def __init__(self, request):
        self.request = request
        self.policies = request.build_absolute_uri(reverse("api_v1:policy_list"))
        self.interpretations = request.build_absolute_uri(
            reverse("api_v1:interpretation_detail", kwargs={"id": 0})
        ).removesuffix("0")

    def policy(self, pk: int) -> str:
        return f"{self.policies}/{pk}"

    def interpretation(self, pk: int) -> str:
        return f"{self.interpretations}{pk}"

    def page(self, page) -> str:
        return page.get_full_url(self.request) or ""

    @staticmethod
    def child(parent_url: str, slug: str) -> str:
        """The URL of a page below the page at ``parent_url``, as Wagtail would give it:
        a page's path is its parent's and its slug (quoted as ``reverse`` quotes it)."""
        if not parent_url:
            return ""  # the parent is on no site, and so is the child
        append_slash = getattr(settings, "WAGTAIL_APPEND_SLASH", True)
        base = parent_url if parent_url.endswith("/") else parent_url + "/"
        return base + quote(slug) + ("/" if append_slash else "")

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
    """A policy as a list shows it; ``interpretations`` are pages or rows of
    ``queries.interpretation_rows_by_policy``; ``names`` are ``queries.names()``
    (else the policy's agency and division are read)."""
    url = links.page(policy)
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
