"""Who keeps the service catalogue, as rights of the editorial roles (cms.access.roles names
the groups): web editors keep it; everyone who drafts may choose from it."""

from cms.access.roles import grant

ROLE_PERMISSIONS = {
    "网站编辑": ["add_serviceitem", "change_serviceitem", "delete_serviceitem", "view_serviceitem"],
    "编辑部主任": ["view_serviceitem"],
    "处室负责人": ["view_serviceitem"],
    "撰稿人": ["view_serviceitem"],
    "局领导": ["view_serviceitem"],
}


def grant_permissions(sender=None, **kwargs) -> None:
    """Give the roles that exist their rights (after every migrate; idempotent)."""
    grant("govservice", ROLE_PERMISSIONS)
