"""An example policy-cms plugin: a placeholder check and an archive channel."""
