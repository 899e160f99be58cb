"""Chinese where Wagtail leaves English that no translation catalogue reaches (issue 24.10).

The catalogue in cms/wagtail_locale supplies the strings Wagtail's zh_Hans lacks. What is
left is data and labels Wagtail never passes through gettext: the default groups, workflow
and root that its migrations create in English, the permission names Django stores in
English, and the columns of the sites list, which Wagtail labels from the field name.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.pages.search import SearchView
from wagtail.models import Collection, Page, Site, Task, Workflow
from wagtail.sites.views import IndexView

# What Wagtail's migrations create, renamed only while it still has its English name.
DEFAULT_NAMES = {
    "Editors": "编辑",
    "Moderators": "审核员",
    "Moderators approval": "审核员审批",
    "Root": "根目录",
}
ACTIONS = {"add": "添加", "change": "修改", "delete": "删除", "view": "查看", "choose": "选择"}
# Wagtail's own permissions, which are not "Can <action> <model>".
PERMISSIONS = {
    "Delete pages with children": "删除页面及其子页面",
    "Lock/unlock pages you've locked": "锁定或解锁自己锁定的页面",
    "Publish any page": "发布任何页面",
    "Unlock any page": "解锁任何页面",
    "Can access Wagtail admin": "可以访问管理后台",
}


def label_site_columns():
    """Wagtail labels three columns of Settings → 站点 from their field names (Port …)."""
    for column in IndexView.columns:
        if column.name in {"port", "site_name", "root_page"}:
            column.label = capfirst(Site._meta.get_field(column.name).verbose_name)


def name_page_search_results():
    """The page search names no model, so its count read "共 21 个None": it lists pages."""
    SearchView.verbose_name, SearchView.verbose_name_plural = _("page"), _("pages")


def _permission_name(permission) -> str | None:
    if permission.name in PERMISSIONS:
        return PERMISSIONS[permission.name]
    with translation.override("zh-hans"):
        translated = translation.gettext(permission.name)  # a model's Meta named it
    if translated != permission.name:
        return translated[:255]
    action, _, _rest = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if action not in ACTIONS or model is None or not permission.name.startswith("Can "):
        return None
    with translation.override("zh-hans"):
        return f"可{ACTIONS[action]}{model._meta.verbose_name}"[:255]


def rename_defaults(**kwargs):
    """post_migrate: Chinese names for what Django and Wagtail create in English.

    Django sends post_migrate once per app (a test's flush too); this runs once, after
    the last app's permissions were created."""
    # Django signals only the apps that have models.
    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if kwargs.get("app_config") is not last:
        return

    using = kwargs.get("using", "default")
    # This receiver was connected before django.contrib.auth's (cms comes first): create
    # the last app's permissions now, as auth is about to, to name them too.
    create_permissions(last, verbosity=0, using=using, apps=kwargs.get("apps", apps))

    english = Q(name__startswith="Can ") | Q(name__in=PERMISSIONS)
    renamed = []
    for permission in (
        Permission.objects.using(using).filter(english).select_related("content_type")
    ):
        name = _permission_name(permission)
        if name:
            permission.name = name
            renamed.append(permission)
    Permission.objects.using(using).bulk_update(renamed, ["name"])

    for model in (Group, Workflow, Task):
        for old, new in DEFAULT_NAMES.items():
            if not model.objects.using(using).filter(name=new).exists():
                model.objects.using(using).filter(name=old).update(name=new)
    Collection.objects.using(using).filter(depth=1, name="Root").update(name=DEFAULT_NAMES["Root"])
    Page.objects.using(using).filter(depth=1, title="Root").update(
        title=DEFAULT_NAMES["Root"], draft_title=DEFAULT_NAMES["Root"]
    )
