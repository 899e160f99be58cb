from datetime import date

import pytest


def test_live_policy_is_served_with_its_interpretations(client, make_policy, make_interpretation):
    policy = make_policy("关于测试工作的通知", doc_number="测统〔2024〕1号")
    interpretation = make_interpretation(policy, "《关于测试工作的通知》解读", form="qa")

    response = client.get(policy.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "关于测试工作的通知" in html
    assert f'href="{interpretation.url}"' in html
    assert "此件公开发布" in html
    assert policy.index_number in html

    response = client.get(interpretation.url)
    assert response.status_code == 200
    assert f'href="{policy.url}"' in response.content.decode()


def test_draft_policy_is_404(client, make_policy):
    draft = make_policy("尚未发布", live=False)
    assert client.get(draft.url or f"{draft.get_parent().url}{draft.slug}/").status_code == 404


def test_live_but_not_proactive_policy_is_404(client, make_policy):
    policy = make_policy(
        "依申请公开的文件", disclosure="on_request", disclosure_reason="涉及第三方（条例第十五条）"
    )
    assert policy.live
    assert client.get(policy.url).status_code == 404


def test_interpretation_of_unpublished_policy_is_404(client, make_policy, make_interpretation):
    policy = make_policy("会被撤回的文件")
    interpretation = make_interpretation(policy, "解读")
    policy.unpublish(set_expired=False)
    url = interpretation.url or f"{policy.get_parent().url}{policy.slug}/{interpretation.slug}/"
    assert client.get(url).status_code == 404


def test_draft_interpretation_is_not_linked(client, make_policy, make_interpretation):
    policy = make_policy()
    make_interpretation(policy, "草稿解读", live=False)
    assert "草稿解读" not in client.get(policy.url).content.decode()


def test_library_lists_and_filters(client, agency, make_policy):
    make_policy("2023年的通知", issued_on=date(2023, 1, 5), doc_type="notice")
    make_policy("2024年的规范性文件", issued_on=date(2024, 1, 5), doc_type="normative")
    make_policy("未发布的", live=False)
    make_policy("不公开的", disclosure="withheld", disclosure_reason="内部事务信息")

    html = client.get(agency.library.url).content.decode()
    assert "2023年的通知" in html and "2024年的规范性文件" in html
    assert "未发布的" not in html and "不公开的" not in html

    html = client.get(agency.library.url, {"year": "2023"}).content.decode()
    assert "2023年的通知" in html and "2024年的规范性文件" not in html

    html = client.get(agency.library.url, {"doc_type": "normative", "page": "x"}).content.decode()
    assert "2024年的规范性文件" in html and "2023年的通知" not in html


@pytest.mark.parametrize("year", ["0", "99999", "9999999999", "²", "2" * 40])
def test_a_year_no_date_has_is_ignored_not_a_500(client, agency, make_policy, year):
    make_policy("2023年的通知", issued_on=date(2023, 1, 5))
    response = client.get(agency.library.url, {"year": year, "page": "9" * 30})
    assert response.status_code == 200
    assert "2023年的通知" in response.content.decode()


def test_home_page_lists_libraries(client, agency, make_policy):
    make_policy("首页上的文件")
    html = client.get("/").content.decode()
    assert agency.name in html and "首页上的文件" in html


@pytest.mark.django_db
def test_admin_login_page_is_chinese(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_is_public_policy_agrees_with_public_policies(publish_policy, make_policy):
    from wagtail.models import PageViewRestriction

    from cms.models.home import is_public_policy, public_policies

    public = publish_policy("公开的文件")
    draft = make_policy("草稿", live=False)
    on_request = publish_policy(
        "依申请公开的文件", disclosure="on_request", disclosure_reason="依法"
    )
    restricted = publish_policy("受限的文件")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    for policy in (public, draft, on_request, restricted):
        expected = public_policies().filter(pk=policy.pk).exists()
        assert is_public_policy(policy.pk) is expected, policy.title
    assert is_public_policy(public.pk) and not is_public_policy(restricted.pk)
    assert not is_public_policy(987654)
    # A restriction above the policy (its library) hides it as well.
    PageViewRestriction.objects.create(page=public.get_parent(), restriction_type="login")
    assert not is_public_policy(public.pk)
    assert not public_policies().filter(pk=public.pk).exists()


def test_titles_and_breadcrumbs(client, agency, make_policy, make_interpretation):
    """Issue 24.13: the home page was titled "政策文件库 · 政策文件库"; a policy had no way
    back to its agency's library."""
    policy = make_policy("2014年江岭市国民经济和社会发展统计公报", doc_type="report", doc_number="")
    home = client.get("/").content.decode()
    assert "<title>政策文件库</title>" in home
    library = client.get(agency.library.url).content.decode()
    assert f"<title>{agency.library.title} · 政策文件库</title>" in library
    page = client.get(policy.url).content.decode()
    crumbs = page.split('<nav class="breadcrumb"')[1].split("</nav>")[0]
    assert '<a href="/">首页</a>' in crumbs
    assert f'<a href="{agency.library.url}">{agency.library.title}</a>' in crumbs
    interpretation = make_interpretation(policy, "统计公报解读")
    crumbs = client.get(interpretation.url).content.decode().split('class="breadcrumb"')[1]
    crumbs = crumbs.split("</nav>")[0]
    assert f'<a href="{agency.library.url}">' in crumbs and f'<a href="{policy.url}">' in crumbs


def test_library_pages_follow_the_order_at_every_page_and_filter(client, agency, make_policy):
    """Pages read from their first key (cms/models/paging.py) list exactly what the
    ordered list holds there, ties on the date included, and the counts kept for the
    stamp follow a publication."""
    from cms.models.home import LIBRARY_PAGE_SIZE

    for n in range(45):  # three pages; many policies share a date
        make_policy(f"分页测试文件{n:02d}号", issued_on=date(2020 + n % 3, 1 + n % 2, 1))
    expected = list(
        agency.library.filtered_policies({}).values_list("title", flat=True)
    )  # newest first, then the higher id
    shown = []
    for number in (1, 2, 3):
        page = client.get(agency.library.url, {"page": number})
        assert f"{number} / 3" in page.content.decode()
        shown += page.context["policies"].object_list
    assert [p.title for p in shown] == expected
    assert len(expected) == 45 and len(shown[:LIBRARY_PAGE_SIZE]) == LIBRARY_PAGE_SIZE

    in_2021 = agency.library.filtered_policies({"year": "2021"})
    only = client.get(agency.library.url, {"year": "2021", "page": "2"})  # one page of 15
    assert [p.title for p in only.context["policies"].object_list] == [p.title for p in in_2021]
    assert len(in_2021) == 15
    assert only.context["years"] == [2022, 2021, 2020]
    # Past the end: the last page.
    last = client.get(agency.library.url, {"page": "99"})
    assert [p.title for p in last.context["policies"].object_list] == expected[40:]

    make_policy("分页测试新文件", issued_on=date(2025, 6, 1))
    page = client.get(agency.library.url, {"page": "3"})
    assert "3 / 3" in page.content.decode()
    assert page.context["years"][0] == 2025
    assert [p.title for p in page.context["policies"].object_list] == expected[39:]
