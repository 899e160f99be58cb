import pytest
from django.core.exceptions import ValidationError
from wagtail.test.utils.form_data import nested_form_data, rich_text

from cms.models import PolicyPage
from cms.rules.disclosure import Disclosure, disclosure_errors, footnote
from tests.conftest import empty_policy_formsets


@pytest.mark.parametrize(
    ("disclosure", "reason", "error_field"),
    [
        ("proactive", "", None),
        ("on_request", "", "disclosure_reason"),
        ("on_request", "   ", "disclosure_reason"),
        ("withheld", "", "disclosure_reason"),
        ("withheld", "涉及国家秘密（条例第十四条）", None),
        ("on_request", "x" * 501, "disclosure_reason"),
        ("secret", "", "disclosure"),
    ],
)
def test_disclosure_rule(disclosure, reason, error_field):
    errors = disclosure_errors(disclosure, reason)
    assert list(errors) == ([error_field] if error_field else [])


def test_footnotes_are_chinese():
    assert footnote(Disclosure.PROACTIVE) == "此件公开发布"
    assert footnote(Disclosure.ON_REQUEST) == "此件依申请公开"
    assert footnote(Disclosure.WITHHELD) == "此件不公开"


def test_model_validation_requires_reason(make_policy):
    policy = make_policy(live=False)
    policy.disclosure = Disclosure.WITHHELD
    with pytest.raises(ValidationError) as raised:
        policy.full_clean()
    assert "disclosure_reason" in raised.value.message_dict
    policy.disclosure_reason = "属于内部事务信息（条例第十六条）"
    policy.full_clean()


def _add_form(agency, division, **overrides):
    data = {
        **empty_policy_formsets(),
        "title": "关于依申请公开的测试文件",
        "slug": "on-request-test",
        "doc_number": "测统〔2024〕9号",
        "issued_on": "2024-05-06",
        "agency": agency.pk,
        "division": division.pk,
        "doc_type": "notice",
        "topics": "",
        "disclosure": "on_request",
        "disclosure_reason": "",
        "summary": "",
        "body": rich_text("<p>正文</p>"),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_admin_form_shows_the_error_on_the_field(admin_client, agency, division):
    url = f"/admin/pages/add/cms/policypage/{agency.library.pk}/"
    response = admin_client.post(url, _add_form(agency, division))
    assert response.status_code == 200
    assert "不以主动公开方式公开的文件，必须说明法定理由" in response.content.decode()
    assert not PolicyPage.objects.filter(slug="on-request-test").exists()

    response = admin_client.post(
        url, _add_form(agency, division, disclosure_reason="涉及特定企业（条例第十五条）")
    )
    assert response.status_code == 302
    assert PolicyPage.objects.get(slug="on-request-test").disclosure == "on_request"
