"""The OpenAPI schema names each schema class once. Ninja files every pydantic model under
its class name in ``components.schemas``: two plugins' (or the core's) classes of the same
name collide, and operations of one end up pointing at the other's fields (the
disclosure requests' answers once showed the message board's ``Tracked``)."""

import enum
import typing
from collections import defaultdict

import pytest
from ninja.constants import NOT_SET
from pydantic import BaseModel

from policy_cms.api import api

pytestmark = pytest.mark.django_db


def _models_in(annotation, found: set) -> None:
    """Every model or enum class an annotation reaches (list[X], X | None, nested fields)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel | enum.Enum):
        if annotation in found:
            return
        found.add(annotation)
        if issubclass(annotation, BaseModel):
            for field in annotation.model_fields.values():
                _models_in(field.annotation, found)
        return
    for argument in typing.get_args(annotation):
        _models_in(argument, found)


def _operations():
    api.get_openapi_schema()  # binds every router, the plugins' included
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                yield prefix + path, operation


def schema_classes() -> dict[str, set[type]]:
    """Component name → the classes the operations' bodies, parameters and answers use.
    Ninja's own wrappers (the response and parameter models) are inlined, not named: their
    fields are what ends up under components."""
    named = defaultdict(set)
    for _path, operation in _operations():
        wrappers = [m for m in operation.response_models.values() if m not in (NOT_SET, None)]
        wrappers += list(operation.models)
        for wrapper in wrappers:
            found: set = set()
            for field in wrapper.model_fields.values():
                _models_in(field.annotation, found)
            for cls in found:
                named[cls.__name__].add(cls)
    return named


def test_no_two_schema_classes_share_a_component_name():
    named = schema_classes()
    assert named, "no operation's models were found"
    clashes = {
        name: sorted(f"{cls.__module__}.{cls.__qualname__}" for cls in classes)
        for name, classes in named.items()
        if len(classes) > 1
    }
    assert not clashes, f"rename one of each (components.schemas is keyed by name): {clashes}"
