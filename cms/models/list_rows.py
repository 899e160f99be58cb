"""The rows of a public list of policies, read without building pages.

A list page shows twenty policies with a few fields each. Building twenty ``PolicyPage``
instances (and reversing each one's URL) costs more than the query that reads them, so
a list reads its fields with ``values()`` and each row is a dict that also answers
attribute access: templates read it as a dict (their fastest lookup), and the plugins'
batch hooks (``policy_badges``) read ``policy.pk`` or ``policy.doc_type`` as on a page.
An attribute a row lacks loads its policy (one query for that row): a plugin that needs
more than the list's fields should read them for the whole list in one query.

A policy's URL is its parent's URL and its slug (``url_of_child``), as Wagtail reverses
it, so a row costs no URL lookup.
"""

from __future__ import annotations

from urllib.parse import quote

# As django.urls reverses a path (RFC 3986 sub-delimiters, "/~:@" kept).
_SAFE = "!$&'()*+,;=/~:@"

# The fields every list row holds (values() names), besides those a list adds.
FIELDS = ("pk", "title", "slug", "doc_type", "doc_number", "issued_on", "agency_id")


class PolicyRow(dict):
    """One policy of a list: its listed fields as keys and as attributes."""

    def __getattr__(self, name):
        if name in self:
            return self[name]
        if name == "id":
            return self["pk"]
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.policy(), name)

    def policy(self):
        """The whole policy, read on first use."""
        if "_policy" not in self.__dict__:
            from cms.models.policy import PolicyPage

            self.__dict__["_policy"] = PolicyPage.objects.get(pk=self["pk"])
        return self.__dict__["_policy"]


def url_of_child(parent_url: str, slug: str) -> str:
    """The URL of a page below the page at ``parent_url``, as Wagtail gives it."""
    return f"{parent_url}{quote(slug, safe=_SAFE)}/"


def policy_rows(values, parent_url: str) -> list[PolicyRow]:
    """``values`` (dicts holding ``FIELDS``) as rows, each with the ``url`` of the policy
    below the page at ``parent_url`` and its date as ``issued`` (YYYY-MM-DD)."""
    rows = []
    for value in values:
        row = PolicyRow(value)
        row["url"] = url_of_child(parent_url, value["slug"])
        row["issued"] = value["issued_on"].isoformat()
        rows.append(row)
    return rows


def _urls_of(url_paths: tuple[str, ...]) -> dict[str, str]:
    """url_path → URL (as ``page.url`` gives it) of the live pages at ``url_paths``."""
    from wagtail.models import Page

    return {page.url_path: page.url for page in Page.objects.live().filter(url_path__in=url_paths)}


def policy_urls(paths, stamp=None) -> list[str]:
    """The URLs (as ``page.url`` gives them) of the policies at ``paths`` (their
    ``url_path``s), each its parent's URL (a library's) and its slug, the parents' URLs
    kept per publication ``stamp``: a list of policies from many libraries reverses no
    URL."""
    from cms.models.policy import PolicyPage
    from cms.models.stamps import kept_in_cache

    split = [
        (path[: path.rstrip("/").rfind("/") + 1], path.rstrip("/").rsplit("/", 1)[-1])
        for path in paths
    ]
    parents = tuple(sorted({parent for parent, _slug in split}))
    known = kept_in_cache(("page-urls", parents), lambda: _urls_of(parents), stamp=stamp)
    urls = []
    for path, (parent, slug) in zip(paths, split, strict=True):
        if parent in known:
            urls.append(url_of_child(known[parent], slug))
        else:  # below no live page: as Wagtail gives it
            urls.append(PolicyPage.objects.get(url_path=path).url)
    return urls
