from django.db import migrations

# A consultation's own review before it opens: the drafting division's head, then the
# website editors (who publish it). Assigned to the 意见征集 column when the column is
# made (plugins.consultation.column.ensure_column).
WORKFLOW = "意见征集审核"
STEPS = [("处室负责人审核征求意见稿", "处室负责人"), ("网站编辑审核征求意见稿", "网站编辑")]


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
    dependencies = [
        ("consultation", "0001_initial"),
        ("wagtailcore", "0001_initial"),
        ("auth", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
