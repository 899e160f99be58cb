"""What a reader meets: 办 buttons on the policy and its interpretations, the API, search
and its filter, and the item's own endpoint; and what an editor does: the panel, whose
changes void a review like any member change."""

import re

from wagtail.test.utils.form_data import inline_formset

from cms.models import PolicyPage, Submission
from plugins.govservice.models import ServiceLink
from tests.conftest import act, policy_form, submit


def test_the_policy_and_its_interpretations_show_a_button_per_item(item, linked, client):
    first = item("https://zwfw.jiangling.gov.cn.example/item/1")
    second = item(
        "https://zwfw.jiangling.gov.cn.example/item/2",
        code="11350200MB0001-QT-004",
        name="统计信用修复申请",
    )
    withdrawn = item("https://x.example/3", code="W-1", name="已下线的事项", status="withdrawn")
    policy = linked(first, second, withdrawn)
    html = client.get(policy.url).content.decode()
    assert html.count('class="service-button"') == 2
    assert 'href="https://zwfw.jiangling.gov.cn.example/item/1"' in html
    assert "统计信用修复申请" in html and "江岭市统计局" in html and "已下线的事项" not in html
    assert html.index("<h1>") < html.index("service-button")
    interpretation = policy.get_children().live().get()
    assert html.count('class="service-button"') == 2
    assert "统计信用修复申请" in client.get(interpretation.url).content.decode()

    detail = client.get(f"/api/v1/policies/{policy.pk}").json()
    services = detail["plugins"]["govservice"]["services"]
    assert [s["code"] for s in services] == ["11350200MB0001-XK-001", "11350200MB0001-QT-004"]
    assert services[0] == {
        "code": "11350200MB0001-XK-001",
        "name": "部门统计调查项目审批",
        "department": "江岭市统计局",
        "audience": "both",
        "audience_label": "个人和法人",
        "url": "https://zwfw.jiangling.gov.cn.example/item/1",
        "available": True,
        "note": "第八条",
    }


def test_the_filter_and_the_item_endpoint(item, linked, publish_policy, client):
    service = item("https://zwfw.jiangling.gov.cn.example/item/1")
    governing = linked(service)
    other = publish_policy("关于做好统计年报工作的通知")
    draft_only = publish_policy("尚未发布的办法", live=False)
    draft_only.service_links = [ServiceLink(item=service)]
    draft_only.save_revision()

    ids = [p["id"] for p in client.get("/api/v1/policies?online_service=yes").json()["items"]]
    assert ids == [governing.pk]
    ids = [p["id"] for p in client.get("/api/v1/policies?online_service=no").json()["items"]]
    assert governing.pk not in ids and other.pk in ids
    bad = client.get("/api/v1/policies?online_service=maybe")
    assert bad.status_code == 422 or bad.status_code == 400
    library = client.get(governing.agency.library.url, {"online_service": "yes"}).content.decode()
    assert governing.title in library and other.title not in library

    answer = client.get(f"/api/v1/service-items/{service.code}").json()
    assert answer["name"] == "部门统计调查项目审批" and answer["available"] is True
    assert [p["id"] for p in answer["policies"]] == [governing.pk]
    assert answer["policies"][0]["note"] == "第八条"
    assert answer["policies"][0]["url"].startswith("http://testserver/")
    missing = client.get("/api/v1/service-items/NOPE-1")
    assert missing.status_code == 404 and missing.json()["message"]


def test_search_finds_a_policy_by_its_service_and_filters_on_it(
    item, linked, publish_policy, client, search_backend, django_capture_on_commit_callbacks
):
    service = item("https://zwfw.jiangling.gov.cn.example/item/9", name="灵活就业人员参保登记")
    governing = linked(service, title="江岭市灵活就业人员参加职工基本养老保险办法")
    with django_capture_on_commit_callbacks(execute=True):
        publish_policy("江岭市职工基本养老保险经办规程")

    found = client.get("/api/v1/search", {"q": "参保登记"}).json()
    assert [hit["id"] for hit in found["hits"]] == [governing.pk]
    found = client.get("/api/v1/search", {"q": "基本养老保险"}).json()
    facet = {
        f["value"]: (f["label"], f["count"]) for f in found["facets"]["plugins.govservice.online"]
    }
    assert facet == {
        "govservice.online=yes": ("可在线办理", 1),
        "govservice.online=no": ("无在线办理", 1),
    }
    online = client.get(
        "/api/v1/search", {"q": "基本养老保险", "plugin": "govservice.online=yes"}
    ).json()
    assert [hit["id"] for hit in online["hits"]] == [governing.pk]

    # Issue 24.6: the page headed these facets with raw keys (plugins.govservice.online,
    # plugins.validity.state); each plugin facet is headed by its filter's label.
    html = client.get("/search/", {"q": "基本养老保险"}).content.decode()
    headings = re.findall(r'<section class="facet [^"]*">\s*<h2>([^<]*)</h2>', html)
    assert sorted(headings) == sorted(
        ["发文机关", "起草处室", "文种", "年份", "在线办理", "有效性"]
    )
    assert "plugins." not in re.sub(r'class="facet [^"]*"', "", html)
    values = re.findall(r'<a href="\?[^"]*plugin=[^"]*">([^<]*)</a>', html)
    assert sorted(values) == sorted(["无在线办理", "可在线办理", "现行有效"])


def test_every_plugin_search_field_has_a_label_for_each_value(item, linked, publish_policy):
    """What each enabled plugin adds to a search document is labelled through its
    ``policy_filters`` hook: a heading for the field and a label for its value."""
    from cms.extend import plugin_manager, policy_filters

    policy = linked(item("https://zwfw.jiangling.gov.cn.example/item/1"))
    plain = publish_policy("关于做好统计年报工作的通知")
    titles, labels = policy_filters.facet_titles(), policy_filters.facet_labels()
    for each in (policy, plain):
        for plugin, fields in plugin_manager.extra_search_fields(each).items():
            for name, value in fields.items():
                field = f"{plugin}.{name}"
                assert field in titles, field
                assert value in labels[field], (field, value)


def test_the_panel_saves_links_in_the_revision_and_a_change_voids_the_review(
    item, bundle, drafter, reviewers, client
):
    policy, _interpretation = bundle
    service = item("https://zwfw.jiangling.gov.cn.example/item/1")
    client.force_login(drafter)
    edit = client.get(f"/admin/pages/{policy.pk}/edit/").content.decode()
    assert "service_links-TOTAL_FORMS" in edit and "阅办联动" in edit
    item("https://x.example/2", code="11350200MB0003-GF-012", name="就业见习补贴申领")
    chooser = "/admin/snippets/choose/govservice/serviceitem/results/"
    by_name = client.get(chooser, {"q": "调查项目"}).content.decode()
    assert "部门统计调查项目审批" in by_name and "就业见习补贴申领" not in by_name
    by_code = client.get(chooser, {"q": "MB0003"}).content.decode()
    assert "就业见习补贴申领" in by_code and "部门统计调查项目审批" not in by_code

    submit(policy, drafter)
    act(policy, reviewers[0])
    client.force_login(reviewers[1])  # the page is locked to all but its reviewers now
    response = client.post(
        f"/admin/pages/{policy.pk}/edit/",
        policy_form(
            PolicyPage.objects.get(pk=policy.pk),
            service_links=inline_formset([{"item": service.pk, "note": "第八条"}]),
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    draft = PolicyPage.objects.get(pk=policy.pk).get_latest_revision_as_object()
    assert [(link.item_id, link.note) for link in draft.service_links.all()] == [
        (service.pk, "第八条")
    ]
    assert not PolicyPage.objects.get(pk=policy.pk).live  # nothing public until published
    assert Submission.objects.filter(policy=policy, state=Submission.State.VOIDED).exists()
    state = PolicyPage.objects.get(pk=policy.pk).current_workflow_state
    assert state.current_task_state.task.name == "处室负责人审签"


def test_the_button_is_styled_with_name_department_and_a_disabled_state(item, linked, client):
    """Issue 24.5: the 办 button rendered as run-together text ("办部门统计调查项目审批
    江岭市统计局"); it is a styled button, and a broken item's is visibly disabled."""
    from pathlib import Path

    from django.contrib.staticfiles import finders

    usable = item("https://zwfw.jiangling.gov.cn.example/item/1")
    broken = item("https://x.example/2", code="B-1", name="创业担保贷款申请", health="broken")
    policy = linked(usable, broken)
    for url in (policy.url, policy.get_children().live().get().url):
        html = client.get(url).content.decode()
        link = re.search(r'<a class="service-button"[^>]*>.*?</a>', html, re.S).group(0)
        assert 'aria-label="在线办理：部门统计调查项目审批（江岭市统计局），在新窗口打开"' in link
        assert '<span class="name">部门统计调查项目审批</span>' in link
        assert '<span class="department">江岭市统计局</span>' in link
        disabled = re.search(
            r'<span class="service-button unavailable"[^>]*>.*?</span></span></span>', html, re.S
        ).group(0)
        assert 'aria-disabled="true"' in disabled and "href" not in disabled
        assert '<span class="name">创业担保贷款申请</span>' in disabled
        assert '<span class="department">江岭市统计局</span>' in disabled
        assert "暂不可用" in disabled
        assert "cms/site.css" in html

    css = Path(finders.find("cms/site.css")).read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules = {}
    for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        rules.setdefault(selector.strip(), body)  # the first rule, outside any @media
    button = rules[".service-button"]
    assert "inline-flex" in button and "border" in button and "padding" in button
    assert "background" in rules[".service-button .ban"]
    assert "not-allowed" in rules[".service-button.unavailable"]
    assert "width: 100%" in css.split("@media (max-width: 600px) { .policy-actions")[1]
