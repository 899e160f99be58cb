"""The core's side of plugins: the hook specifications, the plugin manager, the base
class of publication channels, plugin filters, and how every plugin reads its settings
(``plugin_settings``). The outbox that delivers bundle events to the channels is
``cms.delivery``; what plugins may import of the core is ``cms.plugin_api``."""
