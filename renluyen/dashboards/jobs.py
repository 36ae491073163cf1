"""Background exports: a person asks for a large export, a job row records it, the
`run_exports` command (cron, every minute) writes the file and counts the rows as it
goes, the page shows the progress and offers the file when it is ready.

A run claims one job at a time with a conditional UPDATE and a lease, so two runs never
write the same job; a run that dies leaves the job to the next run once the lease ends.
Files live in EXPORT_DIR for EXPORT_KEEP and are then removed with their job.
"""

import shutil
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from renluyen.dashboards import exports
from renluyen.dashboards.models import ExportJob, ExportState

LEASE = timedelta(minutes=15)
EXPORT_KEEP = timedelta(days=2)
# How often (in rows) a run writes its progress.
PROGRESS_EVERY = 2000


def export_dir() -> Path:
    return Path(settings.EXPORT_DIR)


def path_of(job: ExportJob) -> Path:
    return export_dir() / f"{job.pk}.xlsx"


def start(*, kind: str, user, unit, program, rows_total: int) -> ExportJob:
    """Record the request; a person asking again for the same export while one waits
    gets that one."""
    waiting = ExportJob.objects.filter(
        kind=kind,
        user=user,
        unit=unit,
        program=program,
        state__in=[ExportState.QUEUED, ExportState.RUNNING],
    ).first()
    if waiting is not None:
        return waiting
    return ExportJob.objects.create(
        kind=kind, user=user, unit=unit, program=program, rows_total=rows_total
    )


def _claim() -> ExportJob | None:
    now = timezone.now()
    due = ExportJob.objects.filter(
        Q(state=ExportState.QUEUED) | Q(state=ExportState.RUNNING, claimed_until__lt=now)
    )
    for pk in due.order_by("created_at", "pk").values_list("pk", flat=True)[:5]:
        # The WHERE is checked again by the UPDATE itself: a job another run took
        # meanwhile is not taken twice.
        taken = due.filter(pk=pk).update(
            state=ExportState.RUNNING, claimed_until=now + LEASE, rows_done=0
        )
        if taken:
            return ExportJob.objects.select_related("unit", "program", "user").get(pk=pk)
    return None


def run_one(job: ExportJob) -> None:
    """Write the job's file, telling the job row how far it got."""

    def progress(done: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(
            rows_done=done, claimed_until=timezone.now() + LEASE
        )

    try:
        handle = exports.members_export(job.program, job.unit, progress=progress)
        target = path_of(job)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        with open(partial, "wb") as out:
            shutil.copyfileobj(handle, out)
        partial.replace(target)
    except Exception as error:  # the job shows the failure; the next job still runs
        ExportJob.objects.filter(pk=job.pk).update(
            state=ExportState.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        return
    ExportJob.objects.filter(pk=job.pk).update(
        state=ExportState.DONE,
        file_name=exports_filename(job),
        finished_at=timezone.now(),
        claimed_until=None,
    )


def exports_filename(job: ExportJob) -> str:
    from renluyen.dashboards.xlsx import filename

    return filename("diem-doan-vien", job.unit, job.program.school_year)


def run_pending() -> int:
    """Run every waiting job; returns how many were run. Old files are removed first."""
    purge()
    count = 0
    while job := _claim():
        run_one(job)
        count += 1
    return count


def purge() -> int:
    old = ExportJob.objects.filter(created_at__lt=timezone.now() - EXPORT_KEEP)
    for job in old:
        path_of(job).unlink(missing_ok=True)
    return old.delete()[0]
