"""Count what a person does, in Chromium, on the two pages issue 10 made fast (`make bench`).

1. The branch table with the keyboard alone: a branch of 40 members, each with 10
   confirmed criteria and a submitted self-evaluation; 32 accepted as they stand and 8
   with 2 changed scores (and a reason), then every member with 2 changed scores. Every
   key press is one action, every value or text typed one action; the reasons are
   counted apart (comments). The flow is renluyen/evaluations/tests/keyboard.py's, the
   same the browser test asserts (≤ 2 actions a member). Then the table's height on a
   1280×800 desktop and on a 360×740 phone.
2. The member's training form on a 360×740 phone: how far one scrolls to tick 10
   criteria, 2 in each area (renluyen/registrations/tests/phone.py).

Runs on a throwaway SQLite database with Django's live server, in Debian's Chromium
(/usr/bin/chromium); needs nothing else.
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DESKTOP, PHONE = {"width": 1280, "height": 800}, {"width": 360, "height": 740}


def setup() -> tempfile.TemporaryDirectory:
    scratch = tempfile.TemporaryDirectory(prefix="renluyen-bench-keys-")
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch.name}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renluyen.settings")
    # Playwright's sync API runs an event loop in this thread; the ORM calls between
    # browser steps are plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    call_command("migrate", verbosity=0)
    return scratch


def start_server():
    from django.test.testcases import LiveServerThread, _StaticFilesHandler

    server = LiveServerThread("localhost", _StaticFilesHandler, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    return server, f"http://localhost:{server.port}"


def build():
    from renluyen import factories
    from renluyen.evaluations.tests import keyboard
    from renluyen.organizations.models import Role

    org = factories.tree()
    secretary = factories.user("bench_bithu", password="pw-for-tests-123")
    plans = {}
    for key, branch, changed in (
        ("some", org["branch_a1"], 8),
        ("all", org["branch_a2"], keyboard.MEMBERS),
    ):
        factories.role(secretary, branch, Role.BRANCH_SECRETARY)
        program = factories.program(unit=org["base"]) if not plans else plans["some"][0]
        plan = keyboard.build_branch(program, branch, secretary, changed=changed)
        plans[key] = (program, branch, plan)
    return org, plans


def branch_present(program, branch) -> int:
    from renluyen.evaluations.models import BranchEvaluation

    return BranchEvaluation.objects.get(program=program, branch=branch).attendees.count()


def screens(height: float, viewport: dict) -> str:
    return (
        f"{height:,.0f} px = {height / viewport['height']:.1f} screens of {viewport['height']} px"
    )


def main() -> int:
    scratch = setup()
    from playwright.sync_api import sync_playwright

    from renluyen.core.tests.browser import CHROMIUM, CHROMIUM_ARGS, log_in
    from renluyen.evaluations import services
    from renluyen.evaluations.tests import keyboard
    from renluyen.registrations.tests import phone

    org, plans = build()
    # In the same program: loading the seed's program again would give back this one.
    form = phone.build_member(org, program=plans["some"][0])
    server, url = start_server()
    members = keyboard.MEMBERS
    print(f"renluyen keyboard bench: branches of {members} members, 10 criteria each\n")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        desktop = browser.new_context(base_url=url, viewport=DESKTOP, locale="vi-VN")
        page = desktop.new_page()
        log_in(page, "bench_bithu", password="pw-for-tests-123")
        for key, label in (
            ("some", "32 accepted as they stand, 8 with 2 changed scores"),
            ("all", "every member with 2 changed scores"),
        ):
            program, branch, plan = plans[key]
            keys = keyboard.evaluate(page, services.branch_url(branch, program), plan)
            keyboard.check_stored(plan)
            print(f"branch table, {label}:")
            print(
                f"  {keys.actions} keyboard actions = {keys.actions / members:.2f} a member "
                f"(comments excluded); with the reasons ({keys.comments} more): "
                f"{(keys.actions + keys.comments) / members:.2f} a member"
            )
            if key == "some":
                day = program.evaluation_start.strftime("%d/%m/%Y")
                meeting = keyboard.record_meeting(page, day)
                present = branch_present(program, branch)
                print(
                    f"  then the meeting record (date, all {present} present, minutes, save): "
                    f"{meeting.actions} actions + the minutes"
                )
        program, branch, _plan = plans["some"]
        page.goto(services.branch_url(branch, program))
        table = keyboard.table_height(page)
        whole = page.evaluate("document.documentElement.scrollHeight")
        print(f"\nbranch table of {members} on a 1280×800 desktop: {screens(table, DESKTOP)}")
        print(f"  (the whole page with the meeting and finalize: {screens(whole, DESKTOP)})")
        mobile = browser.new_context(base_url=url, viewport=PHONE, locale="vi-VN")
        page = mobile.new_page()
        log_in(page, "bench_bithu", password="pw-for-tests-123")
        page.goto(services.branch_url(branch, program))
        table = keyboard.table_height(page)
        print(f"branch table of {members} on a 360×740 phone: {screens(table, PHONE)}")

        page = browser.new_context(base_url=url, viewport=PHONE, locale="vi-VN").new_page()
        log_in(page, form.username, password="pw-for-tests-123")
        measured = phone.choose_ten(page, form.enrollment)
        print("\nthe member's training form on a 360×740 phone, 10 criteria ticked (2 an area):")
        print(f"  {phone.describe(measured)}")
        browser.close()
    server.terminate()
    scratch.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
