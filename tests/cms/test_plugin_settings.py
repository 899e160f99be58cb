"""A plugin's settings (cms.extend.plugin_settings): the Django setting, then the
environment where the plugin allows it, then the default; a bad value is named."""

import importlib

import pytest
from django.core.exceptions import ImproperlyConfigured

from cms.extend.plugin_settings import PluginSettings

DEFAULTS = {
    "DEMO_DAYS": 5,
    "DEMO_DELAY": 0.5,
    "DEMO_ON": False,
    "DEMO_RATE": "5/min",
    "DEMO_WORDS": ("暂行",),
}
conf = PluginSettings(
    DEFAULTS, from_environment=["DEMO_DAYS", "DEMO_DELAY", "DEMO_ON", "DEMO_RATE"]
)


def test_the_django_setting_comes_first_then_the_environment_then_the_default(
    settings, monkeypatch
):
    assert conf.get("DEMO_DAYS") == 5
    monkeypatch.setenv("DEMO_DAYS", "7")
    monkeypatch.setenv("DEMO_ON", "yes")
    monkeypatch.setenv("DEMO_DELAY", "0")
    assert (conf.get("DEMO_DAYS"), conf.get("DEMO_ON"), conf.get("DEMO_DELAY")) == (7, True, 0.0)
    settings.DEMO_DAYS = 9
    settings.DEMO_DELAY = 1  # a whole number is a number
    settings.DEMO_WORDS = ["试行"]  # a list serves for a tuple
    assert (conf.get("DEMO_DAYS"), conf.get("DEMO_DELAY"), conf.get("DEMO_WORDS")) == (
        9,
        1,
        ["试行"],
    )


def test_only_the_names_the_plugin_allows_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("DEMO_DAYS", "7")
    assert PluginSettings(DEFAULTS).get("DEMO_DAYS") == 5
    with pytest.raises(ValueError):
        PluginSettings(DEFAULTS, from_environment=["DEMO_WORDS"])


@pytest.mark.parametrize(
    "name, raw", [("DEMO_DAYS", "five"), ("DEMO_ON", "maybe"), ("DEMO_DELAY", "soon")]
)
def test_a_bad_environment_value_is_named_in_chinese_and_english(monkeypatch, name, raw):
    monkeypatch.setenv(name, raw)
    with pytest.raises(ImproperlyConfigured) as error:
        conf.get(name)
    assert f"设置 {name} 的值 '{raw}' 无效" in str(error.value)
    assert f"Setting {name} = '{raw}' is not valid" in str(error.value)


@pytest.mark.parametrize(
    "name, value", [("DEMO_DAYS", "5"), ("DEMO_DAYS", True), ("DEMO_ON", 1), ("DEMO_WORDS", "暂行")]
)
def test_a_django_setting_of_the_wrong_kind_is_refused(settings, name, value):
    setattr(settings, name, value)
    with pytest.raises(ImproperlyConfigured, match=name):
        conf.get(name)


@pytest.mark.parametrize("plugin", ["channels", "govservice", "messageboard", "validity"])
def test_every_builtin_plugin_reads_its_settings_this_way(plugin):
    conf = importlib.import_module(f"plugins.{plugin}.conf")
    assert isinstance(conf.get.__self__, PluginSettings)
    for name in conf.DEFAULTS:
        conf.get(name)  # the settings in force are of their kinds
