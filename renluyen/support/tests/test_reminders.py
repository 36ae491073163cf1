"""Reminders (issue 11.9): a daily command emails members who have not registered or
self-evaluated, and committees with work waiting, 14, 7 and 2 days before a deadline (a
program setting); never the same reminder twice, even run twice in a day or after a run
was killed midway."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from renluyen import factories
from renluyen.notifications.models import OutboxEmail
from renluyen.programs.models import Program
from renluyen.registrations import services as forms
from renluyen.support import reminders
from renluyen.support.tests.conftest import confirmed_member


def test_the_threshold_is_the_smallest_reminder_day_not_below_the_days_left():
    due, days = date(2026, 12, 20), [14, 7, 2]
    assert reminders.threshold(due, date(2026, 12, 5), days) is None  # 15 days left
    assert reminders.threshold(due, date(2026, 12, 6), days) == 14
    assert reminders.threshold(due, date(2026, 12, 12), days) == 14  # 8 left
    assert reminders.threshold(due, date(2026, 12, 13), days) == 7
    assert reminders.threshold(due, date(2026, 12, 18), days) == 2
    assert reminders.threshold(due, date(2026, 12, 19), days) == 2  # the last day
    assert reminders.threshold(due, date(2026, 12, 20), days) is None  # due today: too late
    assert reminders.threshold(due, date(2026, 12, 13), []) is None


@pytest.fixture
def year(org, people):
    """Registration due in 10 days: five members of A1 with no form, one submitted
    (awaiting review), one confirmed; the secretary has an email address."""
    today = timezone.localdate()
    program = factories.program(unit=org["base"], registration_deadline=today + timedelta(days=10))
    secretary = people["secretary_a1"]
    secretary.email = "bithu@example.edu.vn"
    secretary.save()
    idle = [
        factories.enroll(
            program,
            factories.member(branch=org["branch_a1"], email=f"dv{i}@example.edu.vn"),
        )
        for i in range(5)
    ]
    sent = factories.enroll(
        program, factories.member(branch=org["branch_a1"], user=factories.user(email="s@x.vn"))
    )
    factories.registration(sent, submit=True)
    confirmed_member(program, org["branch_a1"], secretary)
    return {"program": program, "idle": idle}


def keys():
    return sorted(OutboxEmail.objects.values_list("key", flat=True))


def test_run_twice_on_one_day_each_reminder_goes_once(year, capsys):
    call_command("send_reminders")
    first = capsys.readouterr().out
    # Five members with no form, one committee reminder for the secretary.
    assert "6 reminder(s) queued (committee_register: 1, register: 5)" in first
    assert len(mail.outbox) == 6
    member_mail = next(m for m in mail.outbox if m.to == ["dv0@example.edu.vn"])
    assert member_mail.subject == "[Rèn luyện đoàn viên] Nộp phiếu rèn luyện: còn 10 ngày"
    assert "Bạn chưa nộp phiếu rèn luyện" in member_mail.body
    committee = next(m for m in mail.outbox if m.to == ["bithu@example.edu.vn"])
    assert "1 phiếu đang chờ Ban Chấp hành xác nhận." in committee.body
    assert "6 đoàn viên chưa nộp phiếu." not in committee.body
    assert "5 đoàn viên chưa nộp phiếu." in committee.body
    call_command("send_reminders")
    assert "0 reminder(s) queued; 6 already queued before." in capsys.readouterr().out
    assert len(mail.outbox) == 6
    # The next day is still under the 14-day threshold: nothing new.
    with time_machine.travel(timezone.localdate() + timedelta(days=1)):
        call_command("send_reminders")
    assert len(mail.outbox) == 6
    # At 7 days left the second reminder goes, once.
    with time_machine.travel(timezone.localdate() + timedelta(days=3)):
        call_command("send_reminders")
        call_command("send_reminders")
    assert len(mail.outbox) == 12
    assert len(set(keys())) == 12


class Killed(Exception):
    pass


def test_a_run_killed_midway_is_finished_by_the_next_without_repeats(year):
    """The run dies while queueing (here: the database connection fails after the first
    chunk was committed); the next run queues the rest and nothing twice."""
    inserts = {"n": 0}

    def die_on_second_insert(execute, sql, params, many, context):
        # SQLite says INSERT OR IGNORE, PostgreSQL INSERT ... ON CONFLICT DO NOTHING.
        if sql.startswith("INSERT") and '"notifications_outboxemail"' in sql:
            inserts["n"] += 1
            if inserts["n"] == 2:
                raise Killed
        return execute(sql, params, many, context)

    with connection.execute_wrapper(die_on_second_insert):
        with pytest.raises(Killed):
            reminders.send_reminders(chunk=2)
    queued_before = keys()
    assert len(queued_before) == 2  # the first chunk only
    outcome = reminders.send_reminders(chunk=2)
    assert (outcome.queued, outcome.skipped) == (4, 2)
    assert len(keys()) == 6 and set(queued_before) <= set(keys())
    call_command("send_outbox")
    call_command("send_outbox")
    assert len(mail.outbox) == 6
    assert len({(m.to[0], m.subject) for m in mail.outbox}) == 6


def test_a_member_given_an_extension_is_reminded_before_their_own_last_day(year, people):
    program = year["program"]
    late = year["idle"][0]
    today = timezone.localdate()
    Program.objects.filter(pk=program.pk).update(registration_deadline=today - timedelta(days=1))
    forms.extension_grant(
        enrollment=late,
        user=people["secretary_a1"],
        until=today + timedelta(days=5),
        reason="Ốm dài ngày",
    )
    outcome = reminders.send_reminders()
    assert dict(outcome.by_kind) == {"register": 1}
    email = OutboxEmail.objects.get()
    assert email.to == "dv0@example.edu.vn"
    # Due before the day after the extension's last day.
    assert f"Hạn nộp trước ngày {(today + timedelta(days=6)).strftime('%d/%m/%Y')}." in email.body


def test_the_program_setting_chooses_the_days_or_turns_reminders_off(year):
    program = year["program"]
    Program.objects.filter(pk=program.pk).update(reminder_days="3")
    assert reminders.send_reminders().queued == 0  # 10 days left, the only day is 3
    Program.objects.filter(pk=program.pk).update(reminder_days="")
    with time_machine.travel(timezone.localdate() + timedelta(days=8)):
        assert reminders.send_reminders().queued == 0


def test_self_evaluation_and_the_branch_results_as_the_evaluation_is_due(org, people):
    secretary = people["secretary_a1"]
    secretary.email = "bithu@example.edu.vn"
    secretary.save()
    program = factories.program(unit=org["base"])
    done = confirmed_member(program, org["branch_a1"], secretary)
    todo = confirmed_member(program, org["branch_a1"], secretary)
    todo.member.user.email = "todo@example.edu.vn"
    todo.member.user.save()
    done.member.user.email = "done@example.edu.vn"
    done.member.user.save()
    factories.open_evaluation(program, days_left=6)
    factories.self_scores(done)
    outcome = reminders.send_reminders()
    assert dict(outcome.by_kind) == {"self_evaluate": 1, "committee_evaluate": 1}
    assert set(OutboxEmail.objects.values_list("to", flat=True)) == {
        "todo@example.edu.vn",
        "bithu@example.edu.vn",
    }
    factories.finalize(program, org["branch_a1"], secretary)
    with time_machine.travel(timezone.localdate() + timedelta(days=4)):
        outcome = reminders.send_reminders()
    # The branch sent its results up: only the member (at 2 days) is reminded again.
    assert dict(outcome.by_kind) == {"self_evaluate": 1}


def test_the_committee_is_reminded_of_members_not_talked_with_before_a_round_ends(
    org, people, program, a1
):
    from renluyen.support import rounds, services

    secretary = people["secretary_a1"]
    secretary.email = "bithu@example.edu.vn"
    secretary.save()
    services.checkin_plan_set(
        program=program, branch=org["branch_a1"], user=secretary, frequency="monthly"
    )
    current = rounds.for_branches(program, [org["branch_a1"]])[org["branch_a1"].pk].current
    with time_machine.travel(current.ends_on - timedelta(days=1)):
        outcome = reminders.send_reminders()
    assert outcome.by_kind["committee_checkin"] == 1
    email = OutboxEmail.objects.get(to="bithu@example.edu.vn")
    due = (current.ends_on + timedelta(days=1)).strftime("%d/%m/%Y")
    assert f"Đợt trao đổi {current.number} hạn trước ngày {due}" in email.body
    assert "còn 3 đoàn viên chưa được trao đổi" in email.body


def test_members_who_have_not_sent_their_self_review_as_its_window_closes(org, people, program, a1):
    from renluyen.progress import services as progress
    from renluyen.progress.models import Mark

    for i, enrollment in enumerate(a1):
        enrollment.member.user.email = f"m{i}@example.edu.vn"
        enrollment.member.user.save()
    done = a1[0]
    progress.review_save(
        enrollment=done,
        user=done.member.user,
        marks={item.pk: Mark.DONE for item in progress.confirmed_items(done)},
        difficulties="",
        version=0,
        submit=True,
    )
    # The window closes in ten days (the fixture's middle of the year): the 14-day reminder.
    outcome = reminders.send_reminders()
    assert dict(outcome.by_kind) == {"self_review": 2}
    assert sorted(OutboxEmail.objects.values_list("to", flat=True)) == [
        "m1@example.edu.vn",
        "m2@example.edu.vn",
    ]
    email = OutboxEmail.objects.first()
    assert email.subject == "[Rèn luyện đoàn viên] Gửi bản tự đánh giá 6 tháng: còn 11 ngày"
    assert (
        f"/progress/{a1[1].pk}/review/" in email.body
        or f"/progress/{a1[2].pk}/review/" in email.body
    )
