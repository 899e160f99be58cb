"""Issue 25.1: the channels decide on the disclosure attribute of the revision being
published. A policy republished as 依申请公开 or 不予公开 is withdrawn from subscribers
(and from search, feeds and the API at once), never announced as newly published."""

import json

import pytest

from cms.importing.importer import import_policies
from cms.models import OutboxEvent, PolicyPage
from cms.review import bundle as bundles
from plugins.channels.models import WebhookSubscription

SECRET = "s3cret-for-tests"
TITLE = "关于统计调查对象权益保障的办法"
REASONS = {
    "proactive": "",
    "on_request": "涉及特定企业（条例第十五条）",
    "withheld": "属于内部事务信息（条例第十六条）",
}


@pytest.fixture
def subscription(webhook_receiver, db):
    return WebhookSubscription.objects.create(
        name="省政策库", url=webhook_receiver.url, secret=SECRET
    )


def republish(policy_id: int, disclosure: str, capture) -> None:
    """Save a revision with ``disclosure`` and publish it as the last approval does."""
    with capture(execute=True):
        draft = PolicyPage.objects.get(pk=policy_id).get_latest_revision_as_object()
        draft.disclosure, draft.disclosure_reason = disclosure, REASONS[disclosure]
        draft.save_revision()
        bundles.publish_bundle(PolicyPage.objects.get(pk=policy_id))


def public_everywhere(client, policy_id: int) -> dict[str, bool]:
    return {
        "feed": TITLE in client.get("/feeds/policies.rss").content.decode(),
        "api": client.get(f"/api/v1/policies/{policy_id}").status_code == 200,
        "search": TITLE
        in [hit["title"] for hit in client.get("/api/v1/search", {"q": "权益保障"}).json()["hits"]],
    }


# Every transition of the attribute across publishes: the first publication, then each of
# the nine pairs (proactive, on request, withheld) → (proactive, on request, withheld).
STEPS = [
    ("proactive", "bundle.published"),
    ("proactive", "bundle.published"),  # P → P: an update is news
    ("on_request", "bundle.withdrawn"),  # P → R
    ("on_request", None),  # R → R
    ("withheld", None),  # R → W
    ("withheld", None),  # W → W
    ("proactive", "bundle.published"),  # W → P
    ("withheld", "bundle.withdrawn"),  # P → W
    ("on_request", None),  # W → R
    ("proactive", "bundle.published"),  # R → P
]


def test_every_transition_of_the_disclosure_attribute_tells_the_channels_what_it_means(
    make_policy, subscription, webhook_receiver, django_capture_on_commit_callbacks, client
):
    policy = make_policy(TITLE, live=False, doc_number="测统〔2024〕3号", summary="权益保障")
    seen = 0
    for step, (disclosure, expected) in enumerate(STEPS):
        republish(policy.pk, disclosure, django_capture_on_commit_callbacks)
        stored = PolicyPage.objects.get(pk=policy.pk)
        assert stored.live and stored.disclosure == disclosure, step
        sent = webhook_receiver.requests[seen:]
        seen = len(webhook_receiver.requests)
        kinds = [r["headers"]["X-PolicyCMS-Event"] for r in sent]
        assert kinds == ([expected] if expected else []), (step, disclosure, kinds)
        public = disclosure == "proactive"
        assert public_everywhere(client, policy.pk) == dict.fromkeys(
            ("feed", "api", "search"), public
        ), step
        if expected == "bundle.withdrawn":
            body = json.loads(sent[0]["body"])["policy"]
            # What subscribers were told before, without a link to follow.
            assert body["title"] == TITLE and body["doc_number"] == "测统〔2024〕3号"
            assert body["url"] is None and body["interpretations"] == []
        if expected == "bundle.published":
            assert json.loads(sent[0]["body"])["policy"]["url"].endswith(stored.url)

    kinds = list(OutboxEvent.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == [expected for _disclosure, expected in STEPS if expected]


def test_an_import_that_reclassifies_a_public_policy_withdraws_it(
    agency, division, subscription, webhook_receiver, django_capture_on_commit_callbacks
):
    line = {
        "title": TITLE,
        "doc_number": "测统〔2024〕4号",
        "agency": agency.name,
        "division": division.name,
        "doc_type": "notice",
        "issued_on": "2024-03-01",
        "summary": "权益保障",
        "body": "<p>正文</p>",
    }

    def run(**changes):
        with django_capture_on_commit_callbacks(execute=True):
            data = json.dumps({**line, **changes}, ensure_ascii=False)
            result = import_policies([data], publish=True, notify=True)
        assert not result.errors, result.errors

    run()
    run(disclosure="withheld", disclosure_reason=REASONS["withheld"], summary="内部")
    run(disclosure="on_request", disclosure_reason=REASONS["on_request"], summary="依申请")
    kinds = [r["headers"]["X-PolicyCMS-Event"] for r in webhook_receiver.requests]
    assert kinds == ["bundle.published", "bundle.withdrawn"]
    withdrawn = json.loads(webhook_receiver.requests[1]["body"])["policy"]
    assert withdrawn["summary"] == "权益保障"  # not the withheld revision's text
