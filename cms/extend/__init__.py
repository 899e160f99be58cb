"""The core's side of plugins: the hook specifications, the plugin manager, the
outbox that delivers bundle events to channels, the delivery log, and plugin filters."""
