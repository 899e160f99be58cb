"""Who keeps the service catalogue, as rights of the editorial roles (the
``role_permissions`` hook): web editors keep it; everyone who drafts may choose from it."""

from cms.plugin_api import Role

ROLE_PERMISSIONS = {
    Role.WEB_EDITOR: [
        "govservice.add_serviceitem",
        "govservice.change_serviceitem",
        "govservice.delete_serviceitem",
        "govservice.view_serviceitem",
    ],
    Role.EDITORIAL_DIRECTOR: ["govservice.view_serviceitem"],
    Role.DIVISION_HEAD: ["govservice.view_serviceitem"],
    Role.DRAFTER: ["govservice.view_serviceitem"],
    Role.LEADER: ["govservice.view_serviceitem"],
}
