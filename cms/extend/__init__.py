"""The core's side of plugins: the hook specifications, the plugin manager, the base
class of publication channels, and plugin filters. The outbox that delivers bundle events
to the channels is ``cms.delivery``."""
