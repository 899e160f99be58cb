"""Crawl the admin as a user with Django's test client and find English on its pages.

Used by test_admin_language.py (issue 24.10). What the user reads: text nodes (also in
<template>, which the admin's scripts show), the placeholder, title, aria-label and alt
attributes, and the strings the admin's scripts show from its JSON configuration. Code,
addresses and users' own content (names, usernames) are not words of the interface.
"""

import json
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

# Words that stay as they are in a Chinese interface: names of things and formats.
ALLOWED = {
    "wagtail", "api", "url", "csv", "tsv", "xlsx", "excel", "word", "wps", "docx", "pdf",
    "ofd", "zip", "json", "jsonl", "rss", "atom", "id", "http", "https", "webhook", "post",
    "javascript", "faq",
    "avif", "gif", "jpeg", "jpg", "png", "webp", "svg", "mb", "kb",  # images, file sizes
    # The demo's user names, shown where the admin names a user.
    "admin", "chief", "chuzhang", "editor", "leader", "gkb",
    "testserver", "localhost",  # a site's host name
    "icp",  # ICP 备案号, the site's record number (网站标识与备案)
}  # fmt: skip
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")  # a single letter (A → Z) is no word
# Tokens that are not words of the interface: addresses, paths, file names, identifiers.
NOT_PROSE = re.compile(
    r"\S*(?:https?://|www\.|@|/|\\|\.[A-Za-z]{2,4}\b|_|\d[A-Za-z]|[A-Za-z]\d)\S*"
    r"|\b[a-z]+\.[a-z.]+\b"  # a dotted name: cms.policypage
    r"|\bX-[\w-]+"  # a header: X-PolicyCMS-Signature
)
ATTRIBUTES = ("placeholder", "title", "aria-label", "alt", "data-w-tooltip-content-value")
SKIPPED_TAGS = {"script", "style", "code", "kbd", "pre", "samp", "svg", "noscript"}
VOID_TAGS = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
JSON_SCRIPTS = {"wagtail-config", "wagtail-sidebar-props"}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.links: list[str] = []
        self.menu_links: list[str] = []  # the sidebar's, from its JSON
        self.skipping: list[str] = []
        self.json_script: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag == "script" and attributes.get("id") in JSON_SCRIPTS:
            self.json_script = ""
        if tag in VOID_TAGS:
            self._attributes(tag, attributes)
            return
        # Time zones are named by their identifiers (Asia/Shanghai, Egypt …); what is
        # hidden is not read, nor what only screen readers get (checked by aria-label).
        if (
            tag in SKIPPED_TAGS
            or (tag == "select" and "time_zone" in attributes.get("name", ""))
            or "hidden" in attributes
            or "w-sr-only" in (attributes.get("class") or "").split()
            or self.skipping
        ):
            self.skipping.append(tag)
        self._attributes(tag, attributes)

    def _attributes(self, tag, attributes):
        if self.skipping:
            return
        for name in ATTRIBUTES:
            if attributes.get(name):
                self.texts.append(attributes[name])
        if tag == "input" and attributes.get("type") in {"submit", "button"}:
            self.texts.append(attributes.get("value") or "")

    def handle_startendtag(self, tag, attrs):
        if tag not in SKIPPED_TAGS:
            self._attributes(tag, dict(attrs))

    def handle_endtag(self, tag):
        if tag == "script" and self.json_script is not None:
            texts, links = _json_strings(self.json_script)
            self.texts.extend(texts)
            self.menu_links.extend(links)
            self.json_script = None
        if tag in self.skipping:  # children left open are closed with it
            while self.skipping.pop() != tag:
                pass

    def handle_data(self, data):
        if self.json_script is not None:
            self.json_script += data
        elif not self.skipping:
            self.texts.append(data)


def _json_strings(text: str) -> tuple[list[str], list[str]]:
    """The strings a JSON script gives the admin's scripts to show (the configuration's
    STRINGS, the sidebar's labels), and the sidebar's links."""
    try:
        value = json.loads(text)
    except ValueError:
        return [], []
    texts, links = [], []

    def walk(item, key="", shown=False):
        if isinstance(item, dict):
            for k, v in item.items():
                walk(v, k, shown or k == "STRINGS")
        elif isinstance(item, list):
            for v in item:
                walk(v, key, shown)
        elif isinstance(item, str):
            if key == "url" and item.startswith("/admin/"):
                links.append(item)
            elif shown or key in {"label", "footer_text"}:
                texts.append(item)

    walk(value)
    return texts, links


# Placeholders the admin's scripts fill in: %(objects)s, %s, {count}.
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]+\}")


def english_words(text: str, extra_allowed=frozenset()) -> list[str]:
    text = NOT_PROSE.sub(" ", PLACEHOLDER.sub(" ", text))
    return [
        w
        for w in WORD.findall(text)
        if w.lower() not in ALLOWED and w.lower() not in extra_allowed and w not in extra_allowed
    ]


def read_page(html: str) -> tuple[list[str], list[str], list[str]]:
    """The page's texts, its links and its sidebar's links."""
    parser = _Page()
    parser.feed(html)
    return parser.texts, parser.links, parser.menu_links


# Links not followed: they act (log out, export, download) or leave the admin.
SKIP_LINK = re.compile(
    r"/logout/|[?&]export=|/documents/(?:\d+/)?download|/usage/|/history/\?|/images/\d+/generate"
    r"|/delete/|/unpublish/|/revisions/\d+/revert|/workflow/action/|/workflow/collect_action"
    r"|/lock/|/unlock/|/copy/|/move/|/convert_alias/|/revisions/compare/|/preview"
    r"|/sendtestmail|/api/|/snippets/choose|/bulk/"
)


def pattern(path: str) -> str:
    """Pages of one kind share a pattern: /admin/pages/12/edit/ as /admin/pages/N/edit/."""
    return re.sub(r"\d+", "N", path)


def crawl(client, start="/admin/", limit=400, seen_patterns=None):
    """Visit the admin pages reachable from `start` by following links; return
    {url: [english words]} and the number of pages visited.

    One page of each kind is read (/admin/pages/N/edit/ once). Pass the same
    `seen_patterns` for several users to read each kind once for all of them; the pages
    their dashboard links to (their own tasks, locks and messages) each user reads anyway.
    """
    seen_patterns = set() if seen_patterns is None else seen_patterns
    queue = deque([(start, 0)])
    visited: set[str] = set()
    found: dict[str, list[str]] = {}
    while queue and len(visited) < limit:
        url, depth = queue.popleft()
        if url in visited:
            continue
        visited.add(url)
        response = client.get(url)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith(
            "text/html"
        ):
            continue
        texts, links, menu = read_page(response.content.decode())
        words = [w for t in texts for w in english_words(t)]
        if words:
            found[url] = words
        mine = set()
        for href, menu_link in [(link, False) for link in links] + [(m, True) for m in menu]:
            parts = urlsplit(urldefrag(href)[0])
            path = parts.path
            if parts.scheme or parts.netloc or not path.startswith("/admin/"):
                continue
            if SKIP_LINK.search(href) or parts.query or path in visited:
                continue
            key = pattern(path)
            if depth == 0 and not menu_link and key not in mine:  # the dashboard's own
                mine.add(key)
            elif key in seen_patterns:
                continue
            seen_patterns.add(key)
            queue.append((path, depth + 1))
    return found, len(visited)
