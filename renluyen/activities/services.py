"""The activity catalog (IV.1 Step 1): what units organise, for members to register."""

from renluyen.activities.models import Activity


def available_to(enrollment):
    """Activities a member may put on their form: those of the program organised by their
    branch (that year) or by any unit above it."""
    return Activity.objects.filter(
        program=enrollment.program, unit__path__in=enrollment.branch.ancestor_paths()
    ).select_related("unit", "area")
