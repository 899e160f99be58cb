"""Django's form templates kept per plain context (cms.public.form_rendering) print what
Django's renderer prints, and render a repeated widget once."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext_lazy, override

from cms.public.form_rendering import FormRenderer


class _Form(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=20)
    kind = forms.ChoiceField(
        choices=[("a", gettext_lazy("Yes")), ("b", "否 & <b>")], widget=forms.RadioSelect
    )
    agency = forms.TypedChoiceField(choices=[("", "—"), (1, "一"), (2, "二")], coerce=int)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)


def _html(form):
    return "".join(f"{field}{field.errors}{field.label_tag()}" for field in form) + str(form)


@pytest.mark.parametrize(
    "data", [None, {}, {"name": "x" * 30, "kind": "b", "agency": "2", "hidden": "<t>"}]
)
def test_it_prints_what_djangos_renderer_prints(data):
    kept = FormRenderer()
    for language in ("en", "zh-hans", "en"):
        with override(language):
            expected = _html(_Form(data, renderer=DjangoTemplates(), initial={"agency": 2}))
            for _ in range(2):
                assert _html(_Form(data, renderer=kept, initial={"agency": 2})) == expected


def test_a_repeated_widget_is_rendered_once(monkeypatch):
    kept = FormRenderer()
    rendered = []
    render = DjangoTemplates.render

    def counted(self, template_name, context, request=None):
        rendered.append(template_name)
        return render(self, template_name, context, request)

    monkeypatch.setattr(DjangoTemplates, "render", counted)
    str(_Form(renderer=kept)["kind"])
    assert rendered == ["django/forms/widgets/radio.html"]
    str(_Form(renderer=kept)["kind"])
    str(_Form(renderer=kept)["kind"].errors)
    str(_Form(renderer=kept)["kind"].errors)
    assert rendered == ["django/forms/widgets/radio.html", "django/forms/errors/list/default.html"]
