"""The upper-level dashboard's figures equal a plain GROUP BY over the raw tables, base
Union by base Union (the same comparison the benchmark makes at 1.5 million members)."""

from renluyen import factories
from renluyen.dashboards import direct, figures, rollups
from renluyen.dashboards.models import COUNTS
from renluyen.organizations.models import Level


def test_upper_figures_equal_a_group_by_over_the_raw_tables(org, school):
    # A second school under the same upper-level Union, with its own program.
    other = factories.unit(level=Level.BASE, parent=org["upper"], name="Đoàn trường ĐH Công nghệ")
    branch = factories.unit(parent=other, name="Chi đoàn CN1")
    secretary = factories.user()
    factories.role(secretary, branch, "branch_secretary")
    program = factories.program(unit=other)
    enrollments = [
        factories.enroll(program, factories.member(branch=branch, user=factories.user()))
        for _n in range(4)
    ]
    # Enrolled by the factory, not by an import: counted once, as after a bulk load.
    rollups.refresh_program(program=program)
    for n, enrollment in enumerate(enrollments):
        if n < 3:
            factories.registration(enrollment, submit=True, confirm_by=secretary if n < 2 else None)
    programs = [school.program, program]
    scope = figures.Scope(org["upper"], programs, school.program.evaluation_start)
    by_base = {row.unit.pk: row.counts for row in figures.by_child(scope)}
    raw = direct.by_base_union(programs)
    assert by_base == {pk: {name: counts[name] for name in COUNTS} for pk, counts in raw.items()}
    assert by_base[other.pk]["registered"] == 3 and by_base[other.pk]["confirmed"] == 2
    total = figures.total(scope)
    assert total.counts["members"] == 14
