"""The search page's facets and hits are written in Python (the template engine took a few
ms for a page of them); the HTML is the template's, escaping included."""

from django.template import Context, Template
from django.utils.html import conditional_escape
from django.utils.translation import gettext as _

from search.views import _facet_list, _hit_html

# The template's markup, as search.html had it.
HIT = Template(
    """{% load i18n %}{% for hit in hits %}
      <li class="hit">
        <h3><a href="{{ hit.url }}">{{ hit.highlight.title|safe }}</a>{% if hit.badges %} <span class="badges">{% for label, style in hit.badges %}<span class="badge{% if style %} badge-{{ style }}{% endif %}">{{ label }}</span>{% endfor %}</span>{% endif %}</h3>
        <p class="meta">{{ hit.agency.name }}{% if hit.doc_number %} · {{ hit.highlight.doc_number|safe }}{% endif %} · {{ hit.issued_on }}</p>
        {% for fragment in hit.highlight.body %}<p class="fragment">{{ fragment|safe }}</p>{% endfor %}
        {% for interpretation in hit.matched_interpretations %}
        <p class="matched-interpretation">{% trans "Found in the interpretation" %} <a href="{{ interpretation.url }}">{{ interpretation.title }}</a>{% for fragment in interpretation.fragments %}：{{ fragment|safe }}{% endfor %}</p>
        {% endfor %}
      </li>
    {% endfor %}"""  # noqa: E501
)
FACET = Template(
    """{% for bucket in buckets %}<li><a href="{{ bucket.link }}">{{ bucket.label }}</a> <span class="count">{{ bucket.count }}</span></li>{% endfor %}"""  # noqa: E501
)


def _hit(**changes) -> dict:
    hit = {
        "url": "https://example.org/p/1/?a=1&b=<2>",
        "highlight": {
            "title": "关于<mark>统计</mark>的通知",
            "doc_number": "<mark>沪统〔2024〕5号</mark>",
            "body": ["…<mark>统计</mark>…", "二"],
        },
        "badges": [("现行有效", "validity-in_force"), ("<无>", "")],
        "agency": {"name": "统计局 & \"办公室\" 'x'"},
        "doc_number": "沪统〔2024〕5号",
        "issued_on": "2024-01-02",
        "matched_interpretations": [
            {"url": "/i/1?x=1&y=2", "title": "《通知》解读<1>", "fragments": ["<mark>统计</mark>"]},
            {"url": "", "title": "", "fragments": []},
        ],
    }
    return {**hit, **changes}


def test_hits_are_written_as_the_template_wrote_them():
    hits = [
        _hit(),
        _hit(badges=[], doc_number="", matched_interpretations=[]),
        _hit(
            doc_number=None,
            highlight={"title": "", "doc_number": "", "body": []},
            agency={"name": None},
        ),
    ]
    found_in = conditional_escape(_("Found in the interpretation"))
    ours = "".join(_hit_html(hit, found_in) for hit in hits)
    assert ours == HIT.render(Context({"hits": hits}))


def test_facets_are_written_as_the_template_wrote_them():
    buckets = [
        {"link": "?q=%E7%BB%9F&topic=a%26b", "label": "A & <b>", "count": 12345},
        {"link": "?q=x&year_from=2020&year_to=2020", "label": "2020", "count": 1},
    ]
    assert _facet_list(buckets) == FACET.render(Context({"buckets": buckets}))
