"""The editorial director (编辑部主任) no longer handles disclosure requests: the rights
an earlier version granted that role on migrate are taken back (personal data is for the
disclosure office only)."""

from django.db import migrations

# The role's group name then (cms Role.EDITORIAL_DIRECTOR), frozen here as migrations are.
DIRECTOR = "编辑部主任"
REVOKED = [
    "handle_request",
    "approve_request",
    "view_disclosurerequest",
    "add_appeal",
    "change_appeal",
    "view_appeal",
]


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="disclosure_requests", codename__in=REVOKED
    )
    for group in Group.objects.filter(name=DIRECTOR):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("disclosure_requests", "0002_former_divisions")]

    operations = [migrations.RunPython(revoke, migrations.RunPython.noop)]
