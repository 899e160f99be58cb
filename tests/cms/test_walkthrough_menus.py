"""The demo's walkthrough names the admin's menus as the admin shows them: a try-out
read 报表 → 网站自查 where the menu says 报告."""

from django.utils import translation
from wagtail.admin.menu import admin_menu

from cms.demo.walkthrough import walkthrough


def menus(request) -> dict[str, list[str]]:
    """Each submenu of the admin's menu by its label, with its items' labels."""
    return {
        str(item.label): [str(sub.label) for sub in item.menu.menu_items_for_request(request)]
        for item in admin_menu.menu_items_for_request(request)
        if hasattr(item, "menu")
    }


def test_the_walkthrough_names_the_reports_menu_as_the_admin_does(rf, admin_user):
    request = rf.get("/admin/")
    request.user = admin_user
    with translation.override("zh-hans"):
        shown = menus(request)
    assert "网站自查" in shown["报告"], shown
    lines = walkthrough("http://127.0.0.1:8000")
    assert any(line.strip().startswith("报告 → 网站自查 ") for line in lines), lines
    assert not any("报表 →" in line for line in lines)
