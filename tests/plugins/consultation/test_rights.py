"""The consultation page's own rights in Wagtail's editor follow its drafting division,
as the policies' do: another division's drafter neither edits, submits nor publishes it."""

from django.utils import timezone


def _form(page, **overrides):
    """The page's edit form as the editor posts it, with ``overrides``."""
    from wagtail.test.utils.form_data import nested_form_data

    local = timezone.localtime
    data = {
        "title": page.title,
        "slug": page.slug,
        "division": page.division_id,
        "kind": page.kind,
        "opens_at": local(page.opens_at).strftime("%Y-%m-%d %H:%M"),
        "closes_at": local(page.closes_at).strftime("%Y-%m-%d %H:%M"),
        "background": page.background,
        "basis": "",
        "main_content": "",
        "draft_text": page.draft_text,
        "channel_email": "",
        "channel_post": "",
        "channel_phone": "",
        "final_policy": "",
        "comments-TOTAL_FORMS": 0,
        "comments-INITIAL_FORMS": 0,
        "comments-MIN_NUM_FORMS": 0,
        "comments-MAX_NUM_FORMS": 1000,
    }
    data.update(overrides)
    return nested_form_data(data)


def test_another_division_neither_edits_submits_nor_publishes(client, consultation, staff):
    url = f"/admin/pages/{consultation.pk}/edit/"
    revision = consultation.latest_revision_id
    client.force_login(staff["other"])
    assert client.get(url).status_code in (302, 403)
    for action in ({}, {"action-submit": "1"}, {"action-publish": "1"}):
        response = client.post(url, _form(consultation, title="改掉", **action))
        assert response.status_code in (302, 403)
    consultation.refresh_from_db()
    assert consultation.title != "改掉" and consultation.latest_revision_id == revision
    assert consultation.current_workflow_state is None
    for verb in ("delete", "unpublish"):
        assert client.post(f"/admin/pages/{consultation.pk}/{verb}/").status_code in (302, 403)
    consultation.refresh_from_db()
    assert consultation.live
    # A drafter picks only their own division for a consultation.
    client.force_login(staff["drafter"])
    response = client.post(url, _form(consultation, title="改好"))
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.get_latest_revision().as_object().title == "改好"
    other = staff["other"].divisions.get()
    assert client.post(url, _form(consultation, division=other.pk)).status_code == 200
