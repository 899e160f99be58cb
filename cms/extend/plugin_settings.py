"""How a plugin reads its settings: each plugin's ``conf.py`` holds its defaults and reads
them through one ``PluginSettings``.

A setting is the Django setting of that name; else, for the names the plugin lets
operators set in the environment (documented in deploy/env.example), the environment
variable of that name, read as the default's kind; else the default. A value of the
wrong kind stops with ``ImproperlyConfigured`` naming the setting, in Chinese and English.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

TRUE, FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


class Kind:
    """What a setting's value must be, judged by its default; said in both languages."""

    def __init__(self, accepted: tuple[type, ...], chinese: str, english: str):
        self.accepted, self.chinese, self.english = accepted, chinese, english

    def error(self, name: str, value: Any) -> ImproperlyConfigured:
        return ImproperlyConfigured(
            f"设置 {name} 的值 {value!r} 无效，应为{self.chinese}。"
            f" Setting {name} = {value!r} is not valid: expected {self.english}."
        )


# By the default's type; the first that matches (a bool is an int to Python).
KINDS: dict[type, Kind] = {
    bool: Kind(
        (bool,),
        "布尔值（1/0、true/false、yes/no、on/off）",
        "a boolean (1/0, true/false, yes/no, on/off)",
    ),
    int: Kind((int,), "整数", "a whole number"),
    float: Kind((int, float), "数字", "a number"),
    str: Kind((str,), "文本", "text"),
    tuple: Kind((tuple, list), "列表或元组", "a list or tuple"),
}
# The kinds an environment variable can hold.
SCALARS = (bool, int, float, str)


def kind_of(default: Any) -> Kind | None:
    return next((kind for t, kind in KINDS.items() if isinstance(default, t)), None)


class PluginSettings:
    """One plugin's settings: ``get(name)`` gives the value in force."""

    def __init__(self, defaults: Mapping[str, Any], *, from_environment: Iterable[str] = ()):
        self.defaults = dict(defaults)
        self.from_environment = set(from_environment)
        for name in self.from_environment:
            if not isinstance(self.defaults[name], SCALARS):
                raise ValueError(
                    f"{name}: only a bool, number or text is read from the environment"
                )

    def get(self, name: str) -> Any:
        default = self.defaults[name]
        if hasattr(settings, name):
            return _checked(name, getattr(settings, name), default)
        raw = os.environ.get(name, "") if name in self.from_environment else ""
        return default if raw.strip() == "" else _parsed(name, raw, default)


def _checked(name: str, value: Any, default: Any) -> Any:
    """A Django setting, refused when it is not of its default's kind."""
    kind = kind_of(default)
    if kind is None:
        return value
    if not isinstance(value, kind.accepted) or (
        isinstance(value, bool) and bool not in kind.accepted
    ):
        raise kind.error(name, value)  # True is an int to Python, not to whoever wrote it
    return value


def _parsed(name: str, raw: str, default: Any) -> Any:
    """An environment variable's text, read as its default's kind."""
    if isinstance(default, str):
        return raw
    if isinstance(default, bool):
        word = raw.strip().lower()
        if word in TRUE | FALSE:
            return word in TRUE
    else:
        try:
            return type(default)(raw)
        except ValueError:
            pass
    raise kind_of(default).error(name, raw)
