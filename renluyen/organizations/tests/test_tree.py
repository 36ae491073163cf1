import pytest

from renluyen import factories
from renluyen.organizations.models import Level, Unit


def test_subtree_holds_the_unit_and_every_unit_below_it(org):
    names = set(Unit.objects.subtree(org["fed_a"]).values_list("name", flat=True))
    assert names == {"Liên chi đoàn A", "Chi đoàn A1", "Chi đoàn A2"}


def test_subtree_never_reaches_a_sibling_or_a_parent(org):
    below_a1 = Unit.objects.subtree(org["branch_a1"])
    assert list(below_a1) == [org["branch_a1"]]
    assert not org["fed_a"].is_within(org["branch_a1"])
    assert not org["branch_b1"].is_within(org["fed_a"])


def test_subtree_is_one_query_whatever_the_depth(org, django_assert_num_queries):
    sub = factories.unit(level=Level.SUBBRANCH, parent=org["branch_a1"])
    with django_assert_num_queries(1):
        units = list(Unit.objects.subtree(org["base"]))
    assert sub in units and len(units) == 7


def test_ancestors_are_listed_top_first(org):
    assert [u.name for u in org["branch_a2"].ancestors()] == [
        "Đoàn ĐHQGHN",
        "Đoàn trường ĐH Kinh tế",
        "Liên chi đoàn A",
        "Chi đoàn A2",
    ]


def test_moving_a_unit_carries_its_whole_subtree(org):
    sub = factories.unit(level=Level.SUBBRANCH, parent=org["branch_a1"])
    branch = org["branch_a1"]
    branch.parent = org["fed_b"]
    branch.save()
    sub.refresh_from_db()
    assert sub.is_within(org["fed_b"]) and not sub.is_within(org["fed_a"])
    assert sub.depth == 4
    assert set(Unit.objects.subtree(org["fed_b"])) == {org["fed_b"], branch, sub, org["branch_b1"]}


def test_a_unit_cannot_be_moved_under_its_own_branch(org):
    fed = org["fed_a"]
    fed.parent = org["branch_a1"]
    with pytest.raises(ValueError):
        fed.save()
    fed.refresh_from_db()
    assert fed.parent == org["base"]


def test_paths_of_ids_with_different_lengths_do_not_collide(db):
    # Unit 1's path must not be a prefix of unit 10's: fixed-width segments.
    units = [factories.unit(level=Level.UPPER) for _ in range(12)]
    for unit in units:
        assert list(Unit.objects.subtree(unit)) == [unit]


@pytest.mark.postgresql_only
def test_the_subtree_query_can_use_the_path_index_on_postgresql(org):
    from django.db import connection

    query = Unit.objects.subtree(org["fed_a"]).values("id").query
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        # A handful of rows is cheaper to scan; forbid that to see whether the index serves.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "unit_path_idx" in plan, plan
