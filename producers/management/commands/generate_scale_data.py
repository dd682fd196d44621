"""``manage.py generate_scale_data``: national-scale data for benchmarks (bulk inserts)."""

from django.core.management.base import BaseCommand, CommandError

from producers.scale_data import scale_data_generate


class Command(BaseCommand):
    help = (
        "Fill the database with generated producers, products (with OCOP certificates, "
        "certifications and a shared placeholder photo) and distributors with sourcing needs, "
        "for benchmarks. Each run adds rows; unique fields never collide with earlier runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--producers", type=int, default=8_000)
        parser.add_argument("--products", type=int, default=25_000)
        parser.add_argument("--distributors", type=int, default=300)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch-size", type=int, default=2_000)
        parser.add_argument("--no-images", action="store_true", help="Do not create ProductImage rows.")

    def handle(self, *args, **options):
        if (
            min(options["producers"], options["products"], options["distributors"]) < 0
            or options["batch_size"] < 1
        ):
            raise CommandError("Counts cannot be negative and the batch size must be positive.")
        try:
            result = scale_data_generate(
                producers=options["producers"],
                products=options["products"],
                distributors=options["distributors"],
                seed=options["seed"],
                batch_size=options["batch_size"],
                images=not options["no_images"],
                stdout=self.stdout if options["verbosity"] > 1 else None,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Created {result.producers} producers, {result.products} products "
            f"({result.certificates} OCOP certificates, {result.certifications} certifications, "
            f"{result.images} images), {result.distributors} distributors with {result.needs} sourcing needs "
            f"in {result.seconds:.1f} s."
        )
