"""A score saved with a copy of the program loaded before a threshold change is stored
with the thresholds committed when its lock was taken, never the copy's (item 13.5: the
page then shows a level that follows from the settings shown)."""

from decimal import Decimal

from renluyen import factories
from renluyen.evaluations import services
from renluyen.evaluations.models import Level
from renluyen.programs.models import Program


def test_a_stale_copy_of_the_program_does_not_decide_the_level(enrollment, people):
    factories.self_scores(enrollment)  # 9 on each of the 10 criteria: 90
    stale = enrollment  # the caller loaded the program before the change below
    assert stale.program.threshold_excellent == Decimal("90")
    Program.objects.filter(pk=enrollment.program_id).update(threshold_excellent=Decimal("95"))
    evaluation = services.evaluation_of(stale)
    rows = services.rows_of(evaluation)
    for row in rows:
        services.collective_set(
            enrollment=stale, user=people["secretary_a1"], item_id=row.item.pk, value="9"
        )
    evaluation.refresh_from_db()
    assert evaluation.total == Decimal("90")
    assert evaluation.level == Level.GOOD  # 90 is below the committed 95
