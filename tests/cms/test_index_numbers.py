import threading
from datetime import date

import pytest
from django.db import connection
from django.test import override_settings

from cms.models import PolicyPage
from cms.models.index_numbers import format_index_number, next_serial


def test_assigned_on_first_publish_only(make_policy):
    draft = make_policy("草稿", live=False)
    assert draft.index_number is None

    policy = make_policy("第一件")
    assert policy.index_number == "000014349/2024-00001"
    second = make_policy("第二件")
    assert second.index_number == "000014349/2024-00002"


def test_republishing_an_old_revision_keeps_the_number(make_policy):
    policy = make_policy("会重新发布", live=False)
    first_revision = policy.get_latest_revision()
    first_revision.publish()
    number = PolicyPage.objects.get(pk=policy.pk).index_number
    assert number

    # The revision saved before the first publish has no index number in its content.
    first_revision.publish()
    assert PolicyPage.objects.get(pk=policy.pk).index_number == number


def test_serials_count_per_agency_and_year(make_policy):
    make_policy("2024年的", issued_on=date(2024, 1, 1))
    policy = make_policy("2025年的", issued_on=date(2025, 6, 1))
    assert policy.index_number == "000014349/2025-00001"


@override_settings(POLICY_INDEX_NUMBER_FORMAT="{region}-TJJ-{date}-{serial:04d}")
def test_format_is_a_setting(make_policy):
    policy = make_policy("另一种格式", issued_on=date(2024, 7, 9))
    assert policy.index_number == "测试市-TJJ-20240709-0001"


def test_format_index_number_default(agency):
    assert format_index_number(agency, date(2017, 3, 1), 110) == "000014349/2017-00110"


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_publishes_never_share_a_serial(agency):
    """Eight threads reserving serials at once on PostgreSQL get 1..N, each once."""
    serials, errors = [], []

    def reserve():
        try:
            for _ in range(10):
                serials.append(next_serial(agency, 2030))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=reserve) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(serials) == list(range(1, 81))
