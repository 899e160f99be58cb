"""Nothing of a disclosure request is public (issue 27): with the demo loaded (requests in
every state, letters approved and served) and ID copies and supplements attached, every
public output is walked — the pages reachable from the home page, the feeds, search, the
API's lists and details and its schema, /media/ — and none shows an applicant's name,
identity number, phone, e-mail or address, the information sought, a tracking code, a
letter's text or a private file. A private file is served only with code and contact, or
to the office and the division handling the request; every other staff member gets 404.
"""

import html
import importlib
import re
from collections import deque
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path
from urllib.parse import quote, quote_plus, urldefrag, urlsplit

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import clear_url_caches

from cms.access.roles import Role
from cms.models import Agency, Division
from plugins.disclosure_requests import states, uploads
from plugins.disclosure_requests.models import Attachment, DisclosureRequest, ReplyLetter

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"PRIVATE-ID-COPY" + b"\x00" * 32
PDF = b"%PDF-1.4\nPRIVATE-SUPPLEMENT\n%%EOF"
# Personal fields of a request, decrypted as the office reads them.
PERSONAL = ("name", "contact_person", "id_number", "phone", "email", "address", "purpose")
# What a request says: the applicant's own words and the office's notes.
ASKED = ("information", "extension_reason")
# Short words are not recognisable on their own (a two-character name may be part of any
# sentence); a longer one found in public text is the applicant's.
SHORTEST = 3


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("a", "link") and attributes.get("href"):
            self.links.append(attributes["href"])


def links_of(text: str) -> list[str]:
    parser = _Links()
    parser.feed(text)
    return parser.links


def body_of(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def walked(client, settings, time_machine):
    """The demo loaded, with an application from the public form carrying an ID copy, and
    supplement files and ID copies on the demo's requests; returns the secrets."""
    settings.API_RATE_LIMIT = ""
    cache.clear()
    time_machine.move_to("2026-12-03 09:00 +08:00", tick=True)
    call_command("load_demo", stdout=StringIO())
    assert DisclosureRequest.objects.filter(state="closed").exists()

    response = client.post(
        "/disclosure-requests/",
        {
            "applicant_type": "person",
            "name": "欧阳慧敏",
            "id_type": "resident_id",
            "id_number": "11010519491231002X",
            "phone": "13700001111",
            "email": "ouyang.hm@example.com",
            "address": "江岭市鹭江道108号",
            "information": "本局2026年第三季度统计执法检查中被处罚企业的整改报告",
            "purpose": "了解所在小区周边企业的整改情况",
            "form": "electronic",
            "way": "email",
            "agency": DisclosureRequest.objects.values_list("agency_id", flat=True).first(),
            "attachments": [SimpleUploadedFile("身份证.png", PNG, content_type="image/png")],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    for request in DisclosureRequest.objects.exclude(attachments__isnull=False)[::3]:
        uploads.attach(request, SimpleUploadedFile("身份证.png", PNG), kind="id_copy")
    for request in DisclosureRequest.objects.filter(supplement__isnull=False):
        uploads.attach(request, SimpleUploadedFile("补正材料.pdf", PDF), kind="supplement")
    assert Attachment.objects.count() >= 5
    assert ReplyLetter.objects.exclude(file="").count() >= 5

    secrets = set()
    for request in DisclosureRequest.objects.all():
        secrets |= {getattr(request, name) or "" for name in PERSONAL + ASKED}
        secrets.add(request.tracking_code)
        letter = getattr(request, "letter", None)
        if letter is not None:
            secrets |= {letter.text, letter.reason}
            secrets |= {line for line in letter.text.splitlines()}
        supplement = getattr(request, "supplement", None)
        if supplement is not None:
            secrets |= {supplement.asked_text, supplement.answer}
        for pause in request.pauses.all():
            secrets.add(pause.note)
    files = [a.file.name for a in Attachment.objects.all()]
    files += [letter.file.name for letter in ReplyLetter.objects.exclude(file="")]
    secrets |= {Path(name).name for name in files}
    return {
        "secrets": sorted(s.strip() for s in secrets if s and len(s.strip()) >= SHORTEST),
        "files": files,
    }


def leaks(text: str, secrets) -> list[str]:
    return [secret for secret in secrets if secret in text]


def check(url: str, response, secrets, found: dict) -> str:
    body = body_of(response)
    text = body.decode("utf-8", "replace")
    leaked = leaks(text, secrets) or leaks(html.unescape(text), secrets)
    if PNG in body or PDF in body:
        leaked.append("a private file")
    if leaked:
        found[url] = leaked
    return text


SKIP = re.compile(r"^/(?:admin|static|media)/|^/documents/\d+/.*\.(?:pdf|docx?|xlsx?)$")


def crawl(client, starts, secrets, found, limit=900, per_kind=3):
    """Every public page reachable from ``starts``, one of each kind of query a few times
    (a library's filters make many); each answer is checked for the secrets."""
    queue = deque(starts)
    visited, kinds = set(), {}
    while queue and len(visited) < limit:
        url = queue.popleft()
        if url in visited:
            continue
        visited.add(url)
        response = client.get(url)
        text = check(url, response, secrets, found)
        kind = response.get("Content-Type", "")
        if response.status_code != 200 or not kind.startswith(("text/html", "application/")):
            continue
        for href in links_of(text) if "html" in kind or "xml" in kind else []:
            parts = urlsplit(urldefrag(html.unescape(href))[0])
            if parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target in visited or SKIP.search(parts.path):
                continue
            key = (
                re.sub(r"\d+", "N", parts.path),
                tuple(sorted(re.findall(r"(\w+)=", parts.query))),
            )
            kinds[key] = kinds.get(key, 0) + 1
            if kinds[key] <= (per_kind if parts.query else 50):
                queue.append(target)
    return visited


def without(text: str, query: str) -> str:
    """A search page's text without the query it echoes (in the box, the heading, the
    pages' links)."""
    for form in {query, html.escape(query), quote(query), quote_plus(query)}:
        text = text.replace(form, "")
    return text


@pytest.fixture
def demo_urls(settings):
    """The URLs as the demo builds them, with its media route (settings.SERVE_MEDIA)."""
    import policy_cms.urls

    settings.SERVE_MEDIA = True
    importlib.reload(policy_cms.urls)
    clear_url_caches()
    yield
    settings.SERVE_MEDIA = False
    importlib.reload(policy_cms.urls)
    clear_url_caches()


def walk_public(client, secrets, found):
    """The pages from the home page, the feeds, the API, search: each answer checked."""
    starts = ["/", "/disclosure-requests/", "/disclosure-requests/track/", "/search/"]
    starts += ["/robots.txt", "/sitemap.xml", "/api/v1/openapi.json", "/api/v1/docs"]
    visited = crawl(client, starts, secrets, found)
    assert len(visited) > 60, sorted(visited)
    # The crawl reached the documents, their libraries, the feeds and the forms.
    assert any("/rss" in url or "/atom" in url or "feed" in url for url in visited), visited

    # The API: every list its schema names, the policies page by page, and each policy
    # and interpretation in them.
    schema = client.get("/api/v1/openapi.json").json()
    api = [path for path, ops in schema["paths"].items() if "get" in ops and "{" not in path]
    assert {"/api/v1/policies", "/api/v1/agencies", "/api/v1/messages"} <= set(api)
    page = 1
    while True:
        listed = client.get("/api/v1/policies", {"page": page, "page_size": 100})
        check(f"/api/v1/policies?page={page}", listed, secrets, found)
        data = listed.json()
        for item in data["items"]:
            detail = client.get(f"/api/v1/policies/{item['id']}")
            check(f"/api/v1/policies/{item['id']}", detail, secrets, found)
            for interpretation in detail.json().get("interpretations", []):
                api.append(f"/api/v1/interpretations/{interpretation['id']}")
        if page >= data["num_pages"]:
            break
        page += 1
    assert data["total"] > 5
    for url in api:
        response = client.get(url)
        # Search without a query is a 400, a CAPTCHA switched off a 404, the operators'
        # endpoints (a staff token) a 401.
        assert response.status_code in (200, 400, 404) or (
            url.startswith("/api/v1/ops/") and response.status_code == 401
        ), url
        check(url, response, secrets, found)

    # Other endpoints never take a request's number or code for one of their own.
    for request in DisclosureRequest.objects.all():
        for url in (
            f"/api/v1/messages/track/{request.tracking_code}",
            f"/api/v1/service-items/{request.tracking_code}",
            f"/api/v1/policies/by-index/{request.tracking_code}",
            f"/api/v1/disclosure-requests/{request.pk}",
            f"/api/v1/disclosure-requests/{request.tracking_code}",
            f"/disclosure-requests/{request.pk}/",
        ):
            response = client.get(url)
            assert response.status_code in (404, 405), url
            check(url, response, secrets, found)

    # Search, on the site and in the API, for what each applicant wrote and who they are:
    # nothing comes back but what public documents say (the query's echo aside).
    for request in DisclosureRequest.objects.all():
        asked = {request.name, request.information, request.phone, request.id_number}
        for query in asked | {request.tracking_code}:
            if not query:
                continue
            for url in ("/search/", "/api/v1/search"):
                response = client.get(url, {"q": query})
                assert response.status_code in (200, 400), (url, query)
                text = without(body_of(response).decode(), query)
                leaked = leaks(text, [s for s in secrets if s not in query])
                if leaked:
                    found[f"{url}?q={query}"] = leaked


def private_files(client, files):
    """No path under /media/ or elsewhere gives a private file; the letter only by POST
    with code and contact; the admin's downloads only after logging in."""
    private_root = Path(django_settings.PRIVATE_MEDIA_ROOT)
    media_root = Path(django_settings.MEDIA_ROOT)
    for name in files:
        assert (private_root / name).is_file() and not (media_root / name).exists(), name
        sibling = f"../{private_root.name}/{name}"
        for url in (
            f"/media/{name}",
            f"/media/{sibling}",
            f"/media/images/../{sibling}",
            f"/media/{quote(sibling)}",
            f"/documents/{name}",
            f"/{name}",
        ):
            response = client.get(url)
            assert response.status_code == 404, url
            assert PNG not in body_of(response) and PDF not in body_of(response)

    # The letter: only a POST with the code and the contact gives it.
    served = DisclosureRequest.objects.filter(state="closed").exclude(letter__file="")
    assert served.count() >= 3
    letter_url = "/disclosure-requests/track/letter/"
    for request in served:
        right = {"code": request.tracking_code, "contact": request.phone or request.email}
        for data in (
            {"code": request.tracking_code},
            {"contact": right["contact"]},
            {**right, "contact": "13000000000"},
            {**right, "code": "A" * len(request.tracking_code)},
        ):
            response = client.post(letter_url, data)
            assert not response.has_header("Content-Disposition"), data
        assert client.get(letter_url, right).status_code == 405
        response = client.post(letter_url, right)
        assert response["Content-Disposition"].startswith("attachment")
        assert "no-store" in response["Cache-Control"]
        with request.letter.file.open("rb") as stored:
            assert body_of(response) == stored.read()

    # The admin's downloads: a visitor is sent to log in, with nothing of the file.
    request = Attachment.objects.filter(kind="id_copy").first().request
    urls = [
        f"/admin/disclosure-requests/{request.pk}/files/{a.pk}/" for a in request.attachments.all()
    ]
    urls += [f"/admin/disclosure-requests/{r.pk}/letter/" for r in served]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
        assert PNG not in body_of(response)


def test_no_public_output_shows_a_request_or_serves_its_files(client, walked, demo_urls):
    found: dict[str, list[str]] = {}
    walk_public(client, walked["secrets"], found)
    assert not found, found
    private_files(client, walked["files"])


@pytest.fixture
def handled(roles, time_machine):
    """The plugin's demo requests (every state) to the bureau's 国民经济核算处, with ID
    copies, and staff who must not see them: a drafter and the head of another division
    of the bureau, a drafter bound to no division, the site-wide web editor, editorial
    director and leader."""
    from plugins.disclosure_requests.demo import load_demo_requests

    User = get_user_model()
    time_machine.move_to("2026-12-03 09:00 +08:00", tick=True)
    agency = Agency.objects.create(
        name="江岭市统计局", short_name="江统", org_code="11350200MB0001", region="江岭市"
    )
    handling = Division.objects.create(agency=agency, name="国民经济核算处")
    other = Division.objects.create(agency=agency, name="法规处")
    drafter = User.objects.create_user("drafter12", password="pw")
    drafter.groups.add(roles[Role.DRAFTER])
    handling.members.add(drafter)
    assert load_demo_requests() > 20
    for request in DisclosureRequest.objects.all()[::2]:
        uploads.attach(request, SimpleUploadedFile("身份证.png", PNG), kind="id_copy")

    strangers = []
    for username, role, division in (
        ("neighbour", Role.DRAFTER, other),
        ("neighbour_head", Role.DIVISION_HEAD, other),
        ("loose_drafter", Role.DRAFTER, None),
        ("web_editor", Role.WEB_EDITOR, None),
        ("leader", Role.LEADER, None),
        # The editorial director once handled every request through role_permissions.
        ("chief", Role.EDITORIAL_DIRECTOR, None),
    ):
        user = User.objects.create_user(username, password="pw")
        user.groups.add(roles[role])
        if division is not None:
            division.members.add(user)
        assert not states.is_office(user), username
        strangers.append(user)
    return drafter, strangers


def test_the_admin_request_pages_are_404_to_staff_not_handling_them(client, handled):
    drafter, strangers = handled
    requests = list(DisclosureRequest.objects.all())
    states_before = sorted(r.state for r in requests)
    assert sum(1 for r in requests if r.division_id) > 10
    for user in strangers:
        client.force_login(user)
        # No menu item, no listing, no dashboard panel: the requests are not there.
        listing = client.get("/admin/disclosure-requests/")  # refused: back to the dashboard
        assert (listing.status_code, listing["Location"]) == (302, "/admin/"), user.username
        assert "依申请公开" not in client.get("/admin/").content.decode()
        for request in requests:
            base = f"/admin/disclosure-requests/{request.pk}/"
            assert client.get(base).status_code == 404, (user.username, request.reference)
            assert client.get(f"{base}letter/").status_code == 404
            for attachment in request.attachments.all():
                assert client.get(f"{base}files/{attachment.pk}/").status_code == 404
        # Nor can a step be posted to one.
        request = requests[0]
        step = client.post(f"/admin/disclosure-requests/{request.pk}/", {"action": "withdraw"})
        assert step.status_code == 404
        export = client.get("/admin/disclosure-requests/applicant-export/")
        assert export.status_code in (302, 403, 404), user.username
    assert sorted(DisclosureRequest.objects.values_list("state", flat=True)) == states_before

    # The division handling them sees its own, with their files.
    client.force_login(drafter)
    own = next(r for r in requests if r.division_id and r.attachments.exists())
    assert client.get(f"/admin/disclosure-requests/{own.pk}/").status_code == 200
    attachment = own.attachments.first()
    response = client.get(f"/admin/disclosure-requests/{own.pk}/files/{attachment.pk}/")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert body_of(response) == PNG
