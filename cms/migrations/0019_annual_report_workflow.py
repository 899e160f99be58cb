from django.db import migrations

# The annual report's review (docs/domain.md §7): the disclosure office checks it (the
# editorial director heads the office where an agency has none of its own), then the
# leader signs it off; the last approval publishes it. Assigned to each agency's
# 政府信息公开年度报告 column when the column is made (cms.reports.drafts).
WORKFLOW = "年度报告审核"
STEPS = [("政务公开办公室审核", "编辑部主任"), ("领导签发", "局领导")]


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    if Workflow.objects.filter(name=WORKFLOW).exists():
        return
    group_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    workflow = Workflow.objects.create(name=WORKFLOW, active=True)
    for order, (name, group_name) in enumerate(STEPS):
        group, _ = Group.objects.get_or_create(name=group_name)
        task = GroupApprovalTask.objects.create(name=name, active=True, content_type=group_type)
        task.groups.add(group)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)


def remove_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Workflow.objects.filter(name=WORKFLOW).delete()


class Migration(migrations.Migration):
    dependencies = [("cms", "0018_annual_reports")]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
