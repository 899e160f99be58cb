import django.db.models.deletion
from django.db import migrations, models

# The division head's step of the consultations' own review (made by 0002 as a plain group
# approval, which any division's head could take) becomes a ConsultationApprovalTask: only
# the head of the consultation's drafting division approves it. Reviews in progress move
# with it; the old step is switched off unless another workflow still uses it.
WORKFLOW = "意见征集审核"
STEP = "处室负责人审核征求意见稿"


def _swap(apps, old_label, new_label, new_model, drop_old=False):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    NewTask = apps.get_model(*new_model)
    workflow = Workflow.objects.filter(name=WORKFLOW).first()
    if workflow is None:
        return
    old_type = ContentType.objects.filter(app_label=old_label[0], model=old_label[1]).first()
    new_type, _ = ContentType.objects.get_or_create(app_label=new_label[0], model=new_label[1])
    links = WorkflowTask.objects.filter(
        workflow=workflow, task__name=STEP, task__content_type=old_type
    ).select_related("task")
    for link in links:
        old = link.task
        OldTask = apps.get_model(*old_label)
        groups = list(OldTask.objects.get(pk=old.pk).groups.all())
        new = NewTask.objects.create(name=old.name, active=old.active, content_type=new_type)
        new.groups.set(groups)
        link.task_id = new.pk
        link.save(update_fields=["task"])
        if drop_old:
            # Going back: the old step's table goes with this migration, so its history
            # moves to the plain step and the rows of the old one go.
            TaskState.objects.filter(task_id=old.pk).update(task_id=new.pk)
            if not WorkflowTask.objects.filter(task_id=old.pk).exists():
                old.delete()
            continue
        TaskState.objects.filter(task_id=old.pk, status="in_progress").update(task_id=new.pk)
        if not WorkflowTask.objects.filter(task_id=old.pk).exists():
            old.active = False
            old.save(update_fields=["active"])


def division_step(apps, schema_editor):
    _swap(
        apps,
        ("wagtailcore", "groupapprovaltask"),
        ("consultation", "consultationapprovaltask"),
        ("consultation", "ConsultationApprovalTask"),
    )


def group_step(apps, schema_editor):
    _swap(
        apps,
        ("consultation", "consultationapprovaltask"),
        ("wagtailcore", "groupapprovaltask"),
        ("wagtailcore", "GroupApprovalTask"),
        drop_old=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("consultation", "0002_review_workflow"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="ConsultationApprovalTask",
            fields=[
                (
                    "task_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to="wagtailcore.task",
                    ),
                ),
                (
                    "groups",
                    models.ManyToManyField(
                        help_text="Pages/snippets at this step in a workflow will be moderated or approved by these groups of users",
                        to="auth.group",
                        verbose_name="groups",
                    ),
                ),
            ],
            options={
                "verbose_name": "consultation approval step",
                "verbose_name_plural": "consultation approval steps",
            },
            bases=("wagtailcore.task",),
        ),
        migrations.RunPython(division_step, group_step),
    ]
