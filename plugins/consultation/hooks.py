"""The consultations' hook implementations: how they reach the core and the public."""

from cms.plugin_api import hookimpl
from plugins.consultation import roles


@hookimpl
def role_permissions():
    return roles.ROLE_PERMISSIONS
