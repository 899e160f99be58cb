"""The dates and relations are chosen in the policy's edit view and saved in its revision:
nothing changes for the public until that revision is published."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from cms.models import PolicyPage
from tests.conftest import empty_policy_formsets
from tests.plugins.validity.conftest import record


def test_the_edit_view_saves_dates_and_relations_in_the_revision(
    normative, admin_client, django_capture_on_commit_callbacks
):
    old = normative("关于统计调查项目管理的规定")
    new = normative("统计调查项目管理办法", live=False)
    edit = admin_client.get(f"/admin/pages/{new.pk}/edit/").content.decode()
    assert "validity_relations-TOTAL_FORMS" in edit and "有效性" in edit
    terms = new.validity_terms.get()
    assert f'name="validity_terms-0-id" value="{terms.pk}"' in edit

    data = {
        **empty_policy_formsets(),
        "title": new.title,
        "slug": new.slug,
        "doc_number": "",
        "issued_on": "2024-03-01",
        "agency": new.agency_id,
        "division": new.division_id,
        "doc_type": "normative",
        "topics": "",
        "disclosure": "proactive",
        "disclosure_reason": "",
        "summary": "",
        "body": rich_text("<p>正文</p>"),
        "validity_terms": inline_formset(
            [{"id": terms.pk, "effective_from": "2024-04-01", "expires_on": ""}], initial=1
        ),
        "validity_relations": inline_formset([{"kind": "repeals", "target": old.pk}]),
    }
    response = admin_client.post(f"/admin/pages/{new.pk}/edit/", nested_form_data(data))
    assert response.status_code == 302, response.content.decode()[:2000]

    draft = PolicyPage.objects.get(pk=new.pk).get_latest_revision_as_object()
    assert [(r.kind, r.target_id) for r in draft.validity_relations.all()] == [("repeals", old.pk)]
    assert str(draft.validity_terms.first().effective_from) == "2024-04-01"
    assert record(old).state == "in_force"  # a draft changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        PolicyPage.objects.get(pk=new.pk).get_latest_revision().publish()
    assert record(old).state == "repealed"
    assert str(record(new).effective_from) == "2024-04-01"
