"""A plugin with a misspelt hook name, which must stop the start-up."""

from cms.extend.hookspecs import hookimpl


@hookimpl
def bundle_publishd(policy):
    pass
