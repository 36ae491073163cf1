from django.core.management.base import BaseCommand

from renluyen.core import demo


class Command(BaseCommand):
    help = "Create the demo school and accounts once (a second run keeps all data)."

    def handle(self, *args, **options):
        if demo.demo_exists():
            self.stdout.write("Demo data already present; nothing changed.")
        else:
            demo.load_demo()
            self.stdout.write("Demo school created.")
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
        for username, full_name, role, unit_code in demo.ACCOUNTS:
            label = role.label if role else "Đoàn viên"
            self.stdout.write(f"  {username:<10} {full_name:<20} {label} — {unit_code}")
