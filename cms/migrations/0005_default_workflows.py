from django.db import migrations

BUNDLE_WORKFLOW = "三同步审签"
FOLLOW_UP_WORKFLOW = "跟踪解读审核"
LEVELS = ["处室负责人", "网站编辑", "编辑部主任", "局领导"]


def create_workflows(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    BundleApprovalTask = apps.get_model("cms", "BundleApprovalTask")
    HomePage = apps.get_model("cms", "HomePage")

    if not Workflow.objects.filter(name=BUNDLE_WORKFLOW).exists():
        bundle_type, _ = ContentType.objects.get_or_create(app_label="cms", model="bundleapprovaltask")
        workflow = Workflow.objects.create(name=BUNDLE_WORKFLOW, active=True)
        for order, name in enumerate(LEVELS):
            group, _ = Group.objects.get_or_create(name=name)
            task = BundleApprovalTask.objects.create(
                name=f"{name}审签", active=True, content_type=bundle_type
            )
            task.groups.add(group)
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
        home = HomePage.objects.first()
        if home is not None:
            WorkflowPage.objects.update_or_create(page_id=home.pk, defaults={"workflow": workflow})

    if not Workflow.objects.filter(name=FOLLOW_UP_WORKFLOW).exists():
        group_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        workflow = Workflow.objects.create(name=FOLLOW_UP_WORKFLOW, active=True)
        group, _ = Group.objects.get_or_create(name="网站编辑")
        task = GroupApprovalTask.objects.create(
            name="跟踪解读审核", active=True, content_type=group_type
        )
        task.groups.add(group)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)


def remove_workflows(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Workflow.objects.filter(name__in=[BUNDLE_WORKFLOW, FOLLOW_UP_WORKFLOW]).delete()


class Migration(migrations.Migration):
    dependencies = [("cms", "0004_bundles")]

    operations = [migrations.RunPython(create_workflows, remove_workflows)]
