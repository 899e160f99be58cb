"""The channels plugin's settings: Django settings first, then environment variables of
the same name where an operator may set one (documented in deploy/env.example), then these
defaults; read as every plugin reads its settings (cms.extend.plugin_settings)."""

from cms.plugin_api import PluginSettings

DEFAULTS = {
    # How long a webhook's receiver may take to answer, in seconds.
    "WEBHOOK_TIMEOUT_SECONDS": 10,
    # The test receiver (/channels/webhook-test/) checks signatures made with this secret;
    # without one it does not exist. Set by the demo settings only, never from the
    # environment, so no production site grows a receiver.
    "WEBHOOK_TEST_RECEIVER_SECRET": "",
}

get = PluginSettings(DEFAULTS, from_environment=["WEBHOOK_TIMEOUT_SECONDS"]).get
