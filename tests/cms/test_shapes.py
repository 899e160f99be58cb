"""A query's SQL kept per shape (cms.models.shapes) reads the rows its queryset reads, for
any value of its last parameters, and builds no queryset once kept."""

from datetime import date

import pytest
from django.db.models import Q

from cms.models import PolicyLibraryPage, PolicyPage, shapes
from cms.models.stamps import PublicationStamp


def _policies(make_policy, count=7):
    return [
        make_policy(f"形状文件{n}", issued_on=date(2020 + n % 3, 1 + n % 5, 1 + n % 2))
        for n in range(count)
    ]


def _from(issued_on, pk):
    return Q(issued_on__lte=issued_on) & (Q(issued_on__lt=issued_on) | Q(pk__lte=pk))


@pytest.mark.django_db
def test_values_rows_are_the_querysets_for_every_tail(make_policy):
    policies = _policies(make_policy)
    stamp = PublicationStamp.current()
    built = []

    def build(issued_on, _again, pk):
        built.append(pk)
        return (
            PolicyPage.objects.live()
            .filter(_from(issued_on, pk))
            .order_by("-issued_on", "-pk")
            .values("pk", "title", "issued_on", "agency__name")[:3]
        )

    for policy in policies:
        tail = (policy.issued_on, policy.issued_on, policy.pk)
        rows = shapes.read("values", build, tail, stamp=stamp)
        assert rows == list(build(*tail))
        assert rows and all(isinstance(row["issued_on"], date) for row in rows)
    # Built once to compile, and once per comparison above.
    assert len(built) == 1 + len(policies)


@pytest.mark.django_db
def test_instances_are_the_querysets(make_policy):
    policy = _policies(make_policy, 1)[0]
    stamp = PublicationStamp.current()
    for pk in (policy.pk, policy.get_parent().pk):
        model = PolicyPage if pk == policy.pk else PolicyLibraryPage
        [read] = shapes.read(
            ("page", model),
            lambda pk, model=model: model.objects.filter(pk=pk)[:1],
            (pk,),
            stamp=stamp,
        )
        expected = model.objects.get(pk=pk)
        assert type(read) is model and read.pk == pk
        assert read.title == expected.title and read.path == expected.path
        assert read.live == expected.live and read._state.adding is False
    assert shapes.read(("page", PolicyPage), None, (-1,), stamp=stamp) == []


@pytest.mark.django_db
def test_a_shape_is_compiled_again_at_another_stamp(make_policy):
    _policies(make_policy, 2)
    stamp = PublicationStamp.current()
    built = []

    def build():
        built.append(1)
        return PolicyPage.objects.live().order_by("-pk").values("pk")[:5]

    first = shapes.read("again", build, stamp=stamp)
    assert shapes.read("again", build, stamp=stamp) == first and len(built) == 1
    make_policy("形状文件新")
    second = shapes.read("again", build, stamp=PublicationStamp.current())
    assert len(built) == 2 and len(second) == len(first) + 1


@pytest.mark.django_db
def test_a_tail_that_is_not_the_last_parameters_is_read_through_the_orm(make_policy):
    policies = _policies(make_policy, 3)
    stamp = PublicationStamp.current()
    built = []

    def build(pk):
        built.append(pk)
        return PolicyPage.objects.filter(pk__gte=pk).filter(title__startswith="形状").values("pk")

    for policy in policies:
        assert shapes.read("orm", build, (policy.pk,), stamp=stamp) == list(build(policy.pk))
    assert len(built) == 2 * len(policies)  # no shape kept: built every time
