"""The year's rounds, opinions and published feedback, by agency and for the website report."""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Site

from cms.extend import plugin_manager
from plugins.consultation import stats
from plugins.consultation.models import Comment, Feedback


def test_rounds_opinions_and_results_of_a_year(make_consultation, consultation):
    now = timezone.now()
    year = timezone.localtime(consultation.opens_at).year
    make_consultation("未经审核的草案", live=False)  # never public: no round
    last_year = now - timedelta(days=400)
    old = make_consultation(
        "去年的征求意见", opens_at=last_year, closes_at=last_year + timedelta(days=30)
    )
    Comment.objects.create(consultation=consultation, body="意见一")
    Comment.objects.create(consultation=consultation, body="广告", state="rejected")
    Comment.objects.create(consultation=old, body="去年的意见", received_at=last_year)
    Feedback.objects.create(consultation=old, published_at=now)
    assert stats.counts(year) == {"rounds": 1, "opinions": 1, "results": 1}
    assert stats.counts(year - 1) == {"rounds": 1, "opinions": 1, "results": 0}
    rows = stats.by_agency(year)
    assert rows[0] == {"agency": "测试市统计局", "rounds": 1, "opinions": 1, "results": 1}
    assert rows[-1]["agency"] == "总计" and len(rows) == 2
    site = Site.objects.get(is_default_site=True)
    table = plugin_manager.website_report_tables(year, site)["网站", "consultations"]
    assert table.source == "consultation"
    assert [(r.key, r.cells["value"]) for r in table.rows] == [
        ("rounds", 1),
        ("opinions", 1),
        ("results", 1),
    ]
