"""The load benchmark's school, its signed-in users and its SQL query counts.

    DATABASE_URL=... SECRET_KEY=... RENLUYEN_BENCH_FEDERATIONS=10 \
        python scripts/loadbench/world.py OUT.json

Builds the school of scripts/bench_evaluations.py (benchlib.build_school: federations of
30 branches of 50 members; forms of 10 criteria, self- and collective scores, branch
results in every state) with its bulk inserts, then adds what the load needs:

- 200 members of federation 0 (its branches 2-5, put back in registration: draft forms,
  no scores, their branches open) with an account each: the draft save POSTs rotate over
  them, as 200 members saving their own drafts;
- 30 notifications for the member account;
- an upper-level officer (the upper-level Union above the base Union);
- the dashboards' roll-ups when the dashboards app is installed (issue 12).

Then signs every user in once (a session row each, made with the server's SECRET_KEY so
gunicorn accepts the cookie), counts the SQL queries of each page once with Django's test
client (after one warm-up request), and writes OUT.json: the pages, their requests (path,
cookies, body) and query counts, for run.py to drive with wrk.
"""

import json
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import bench_evaluations  # noqa: E402
import benchlib  # noqa: E402

DRAFTERS = 200
NOTIFICATIONS = 30


def build_world():
    from django.apps import apps
    from django.db import transaction

    from renluyen import factories
    from renluyen.evaluations.models import BranchEvaluation, BranchState, Evaluation, Score
    from renluyen.notifications.models import Notification
    from renluyen.organizations.models import Role, RoleAssignment, Unit
    from renluyen.people.models import Member
    from renluyen.programs.models import Enrollment
    from renluyen.registrations.models import Item, Registration, State

    world = bench_evaluations.build_world()
    started = time.perf_counter()
    with transaction.atomic():
        fed = world["federation"]
        branches = list(Unit.objects.filter(parent=fed).order_by("pk")[2:6])
        in_draft = Enrollment.objects.filter(program=world["program"], branch__in=branches)
        Score.objects.filter(evaluation__enrollment__in=in_draft)._raw_delete("default")
        Evaluation.objects.filter(enrollment__in=in_draft).delete()
        Registration.objects.filter(enrollment__in=in_draft).update(
            state=State.DRAFT, submitted_at=None, first_submitted_at=None, confirmed_at=None
        )
        Item.objects.filter(registration__enrollment__in=in_draft).update(confirmed_at=None)
        BranchEvaluation.objects.filter(program=world["program"], branch__in=branches).update(
            state=BranchState.OPEN
        )
        drafters = list(in_draft.order_by("pk")[:DRAFTERS])
        for n, enrollment in enumerate(drafters):
            user = factories.user(f"bench_drafter{n}")
            Member.objects.filter(pk=enrollment.member_id).update(user=user)
            world["users"][f"drafter{n}"] = user
        world["drafters"] = drafters
        users = world["users"]
        users["upper"] = factories.user("bench_upper")
        RoleAssignment.objects.create(
            user=users["upper"], unit=world["base"].parent, role=Role.UPPER_LEVEL
        )
        year = world["program"].school_year
        Notification.objects.bulk_create(
            [
                Notification(
                    user=users["member"],
                    verb="evaluation.recognized" if n % 2 else "registration.confirmed",
                    data={"year": year},
                    url=f"/evaluations/{world['member_enrollment'].pk}/self/",
                )
                for n in range(NOTIFICATIONS)
            ]
        )
    if apps.is_installed("renluyen.dashboards"):
        from renluyen.dashboards import rollups

        rollups.rebuild()
    print(f"  load set-up (drafters, notifications) {time.perf_counter() - started:.1f} s")
    return world


def pages(world) -> list[dict]:
    """Every page the benchmark drives: name, user, method, path(s), expected status."""
    from django.apps import apps

    program, base, fed, branch = world["program"], world["base"], world["federation"], None
    branch = world["branch"]
    q = f"?program={program.pk}"
    member = world["member_enrollment"]
    out = [
        dict(name="login (anonymous)", who=None, path="/login/"),
        # What any signed-in page pays before its own work (session, user, middleware, the
        # layout and its navigation bar): the app's own floor for the member pages.
        dict(name="signed-in page without data", who="member", path="/password/done/"),
        dict(name="member home", who="member", path="/"),
        dict(name="member registration form", who="member", path=f"/registrations/{member.pk}/"),
        dict(name="member self-evaluation", who="member", path=f"/evaluations/{member.pk}/self/"),
        dict(name="notifications", who="member", path="/notifications/"),
        dict(
            name="branch review list, 50 members",
            who="secretary",
            path=f"/registrations/branch/{branch.pk}/{q}",
        ),
        dict(
            name="branch evaluation table, 50 members",
            who="secretary",
            path=f"/evaluations/branch/{branch.pk}/{q}",
        ),
        dict(
            name="federation overview (registrations, 30 branches)",
            who="federation",
            path=f"/registrations/unit/{fed.pk}/{q}",
        ),
        dict(
            name="federation results (30 branches)",
            who="federation",
            path=f"/evaluations/unit/{fed.pk}/{q}",
        ),
        dict(
            name="base-Union registration overview",
            who="standing",
            path=f"/registrations/unit/{base.pk}/{q}",
        ),
        dict(name="base-Union results", who="standing", path=f"/evaluations/unit/{base.pk}/{q}"),
        dict(
            name="upper-level results",
            who="upper",
            path=f"/evaluations/unit/{base.parent.pk}/{q}",
        ),
    ]
    if apps.is_installed("renluyen.dashboards"):
        out += [
            dict(
                name="base-Union dashboard", who="standing", path=f"/dashboards/unit/{base.pk}/{q}"
            ),
            dict(
                name="upper-level dashboard",
                who="upper",
                path=f"/dashboards/unit/{base.parent.pk}/?year={program.school_year}",
            ),
        ]
    out.append(
        dict(
            name=f"draft save POST ({DRAFTERS} members)",
            who="drafters",
            method="POST",
            expect=302,
        )
    )
    out.append(
        dict(
            name="member-quality export (.xlsx)",
            who="standing",
            path=f"/evaluations/unit/{base.pk}/export.xlsx{q}",
            export=True,
        )
    )
    return out


def draft_body(world, version: int, csrf: str = "") -> str:
    data = [("csrfmiddlewaretoken", csrf), ("action", "save"), ("version", str(version))]
    for draft in world["drafts"]:
        data += [("pick", draft.key), (f"{draft.key}-solution", draft.solution)]
    return urlencode(data)


def run(world) -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils.crypto import get_random_string

    from renluyen import factories
    from renluyen.registrations.models import Registration

    world["drafts"] = factories.drafts(world["program"])
    csrf = get_random_string(32)
    sessions = {}
    for key, user in world["users"].items():
        client = Client()
        client.force_login(user)
        sessions[key] = client.cookies[settings.SESSION_COOKIE_NAME].value

    def cookie(who):
        parts = [f"{settings.CSRF_COOKIE_NAME}={csrf}"]
        if who:
            parts.insert(0, f"{settings.SESSION_COOKIE_NAME}={sessions[who]}")
        return "; ".join(parts)

    def count(spec, path, who, body=None):
        client = Client()
        if who:
            client.cookies[settings.SESSION_COOKIE_NAME] = sessions[who]
        if spec.get("method") == "POST":
            send = lambda: client.generic(  # noqa: E731
                "POST", path, body, content_type="application/x-www-form-urlencoded"
            )
        else:
            send = lambda: client.get(path)  # noqa: E731
        if spec.get("method") != "POST":
            send()  # warm-up: caches filled once per process
        with CaptureQueriesContext(connection) as ctx:
            response = send()
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        if response.status_code != spec.get("expect", 200):
            raise SystemExit(f"{spec['name']}: HTTP {response.status_code} for {path}")
        return len(ctx.captured_queries)

    out = []
    for spec in pages(world):
        if spec["who"] == "drafters":
            first = world["drafters"][0]
            version = Registration.objects.get(enrollment=first).version
            spec["queries"] = count(
                spec, f"/registrations/{first.pk}/", "drafter0", draft_body(world, version)
            )
            versions = dict(
                Registration.objects.filter(enrollment__in=world["drafters"]).values_list(
                    "enrollment_id", "version"
                )
            )
            spec["requests"] = [
                dict(
                    path=f"/registrations/{e.pk}/",
                    cookie=cookie(f"drafter{n}"),
                    version=versions[e.pk],
                    body=draft_body(world, 0, csrf).replace("version=0", "version={version}", 1),
                )
                for n, e in enumerate(world["drafters"])
            ]
        else:
            spec["queries"] = count(spec, spec["path"], spec["who"])
            spec["requests"] = [dict(path=spec["path"], cookie=cookie(spec["who"]))]
        print(f"  {spec['name']:<52} {spec['queries']:4d} queries")
        out.append(spec)
    Path(sys.argv[1]).write_text(
        json.dumps(
            {
                "members": benchlib.FEDERATIONS
                * benchlib.BRANCHES_PER_FEDERATION
                * benchlib.MEMBERS_PER_BRANCH,
                "branches": benchlib.FEDERATIONS * benchlib.BRANCHES_PER_FEDERATION,
                "csrf": csrf,
                "pages": out,
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    raise SystemExit(benchlib.main("load benchmark", build_world, run))
