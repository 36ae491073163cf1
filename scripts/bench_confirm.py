"""Time a bulk confirmation of 200 forms, emails included (`python scripts/bench_confirm.py`).

One branch of 200 members, each with an account, an email address and a submitted form
that passes the rules. The secretary confirms all 200 in one action of the branch list,
through Django's SMTP backend to a real SMTP server on 127.0.0.1 that takes SINK_DELAY
seconds to accept each message (20 ms, a mail relay's usual answer time). Prints the
request's time and query count, the emails sent during the request, and then the time of
`manage.py send_outbox` sending what the request queued.
"""

import importlib.util
import os
import sys
import time

import benchlib

SINK_DELAY = float(os.environ.get("SINK_DELAY", "0.02"))
FORMS = 200


def _sink_class():
    path = benchlib.ROOT / "renluyen" / "core" / "tests" / "smtp_sink.py"
    spec = importlib.util.spec_from_file_location("smtp_sink", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.SmtpSink


def build_world():
    from django.db import transaction

    from renluyen import factories
    from renluyen.organizations.models import Role

    with transaction.atomic():
        units = factories.tree()
        program = factories.program(unit=units["base"])
        secretary = factories.user("bench_secretary")
        factories.role(secretary, units["branch_a1"], Role.BRANCH_SECRETARY)
        enrollments = []
        for n in range(FORMS):
            user = factories.user(f"bench_member_{n}", email=f"member{n}@example.edu.vn")
            member = factories.member(
                branch=units["branch_a1"], code=f"B{n:05d}", name=f"Đoàn Viên {n}", user=user
            )
            enrollment = factories.enroll(program, member)
            factories.registration(enrollment, submit=True)
            enrollments.append(enrollment)
    return {"branch": units["branch_a1"], "secretary": secretary, "enrollments": enrollments}


def run(world):
    from django.conf import settings
    from django.core import mail
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from renluyen.registrations.models import Registration

    seen = dict(
        Registration.objects.filter(enrollment__in=world["enrollments"]).values_list(
            "enrollment_id", "version"
        )
    )
    data = {"enrollment": list(seen), **{f"version-{pk}": v for pk, v in seen.items()}}
    client = Client()
    client.force_login(world["secretary"])
    with _sink_class()(delay=SINK_DELAY) as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
        mail.outbox = []
        queries = []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            started = time.perf_counter()
            response = client.post(f"/registrations/branch/{world['branch'].pk}/", data)
            took = time.perf_counter() - started
        confirmed = Registration.objects.filter(
            enrollment__in=world["enrollments"], state="confirmed"
        ).count()
        in_request = len(sink.messages)
        print(
            f"confirm {FORMS} forms in one action: {took:.2f} s, {len(queries)} queries, "
            f"HTTP {response.status_code}, {confirmed} confirmed, "
            f"{in_request} emails sent during the request"
        )
        try:
            started = time.perf_counter()
            call_command("send_outbox", stdout=sys.stdout)
            print(
                f"send_outbox afterwards: {time.perf_counter() - started:.2f} s, "
                f"{len(sink.messages) - in_request} emails sent"
            )
        except Exception as error:  # a tree without the outbox
            print(f"send_outbox: not available ({error})")


if __name__ == "__main__":
    raise SystemExit(benchlib.main("bulk confirmation", build_world, run))
