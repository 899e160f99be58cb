"""/consultations/ costs the same queries whatever the number of consultations (issue 31):
the list is kept per publication stamp, and each consultation's phase is judged by the
clock on every view."""

from datetime import timedelta
from unittest.mock import patch

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _queries(client, url="/consultations/") -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_the_list_reads_no_consultation_once_kept_and_follows_the_clock(client, make_consultation):
    now = timezone.now()
    make_consultation("开放中的征求意见一")
    client.get("/consultations/")  # the list kept for this stamp is read
    one = _queries(client)
    make_consultation("开放中的征求意见二")
    make_consultation("开放中的征求意见三")
    soon = make_consultation(
        "即将开始的征求意见",
        opens_at=now + timedelta(hours=1),
        closes_at=now + timedelta(days=31),
    )
    client.get("/consultations/")  # the new stamp's list
    four = _queries(client)
    assert len(four) == len(one)
    assert not [sql for sql in one + four if "consultation_" in sql]

    page = client.get("/consultations/").content.decode()
    upcoming, open_ = page.index("phase-upcoming"), page.index("phase-open")
    assert page.index("开放中的征求意见三") > open_ and page.index(soon.title) > upcoming
    assert soon.title not in client.get("/consultations/?phase=open").content.decode()
    # Its opening time passes with no publication: the kept list follows the clock.
    with patch("django.utils.timezone.now", return_value=now + timedelta(hours=2)):
        later = _queries(client, "/consultations/?phase=open")
        assert soon.title in client.get("/consultations/?phase=open").content.decode()
    assert not [sql for sql in later if "consultation_" in sql]
