"""``manage.py load_demo``: the Sóc Trăng 2020 reference event, an upcoming event, accounts."""

from django.core.management.base import BaseCommand, CommandError

from events.demo.builder import DemoDataMissing, demo_load


class Command(BaseCommand):
    help = (
        "Load the demo: the Sóc Trăng OCOP supply–demand conference of 27/10/2020 (52 producers, "
        "99 products, 8 distributors, MoUs), an upcoming event and three demo accounts. "
        "Running it again changes nothing."
    )

    def handle(self, *args, **options):
        try:
            result = demo_load(stdout=self.stdout if options["verbosity"] > 1 else None)
        except DemoDataMissing as exc:
            raise CommandError(str(exc)) from exc
        created = sum(result.created.values())
        detail = ", ".join(f"{n} {name}" for name, n in sorted(result.created.items()))
        self.stdout.write(f"Demo loaded: {created} rows created" + (f" ({detail})" if created else ""))
        for event in (result.reference_event, result.upcoming_event):
            self.stdout.write(f"  {event.starts_on:%d/%m/%Y}  {event.name}  [{event.get_status_display()}]")
        self.stdout.write(
            f"  {len(result.producers)} producers, {result.product_count} products, "
            f"{len(result.distributors)} distributors, {result.match_scores} match scores"
        )
        self.stdout.write(
            self.style.WARNING("Demo accounts (local demo only; do not keep them on a shared server):")
        )
        for account in result.accounts:
            password = (
                account.password if account.password_ok else "(existing account, password left unchanged)"
            )
            self.stdout.write(
                f"  e-mail: {account.email:<24} (admin username: {account.username:<9}) "
                f"password: {password:<16} {account.role}"
            )
