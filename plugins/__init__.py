"""The built-in plugins, each a Django app that reaches the core only through
``cms.plugin_api`` and the hooks of ``cms.extend.hookspecs`` (docs/plugins.md)."""
