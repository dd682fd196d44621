"""`make backup` then `make restore` into an empty database finds every row and image."""

import os
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from producers.models import Producer, Product, ProductImage
from tests.factories import OrganiserFactory, ProductFactory, ProductImageFactory

ROOT = Path(__file__).resolve().parents[2]


def _url(name: str) -> str:
    settings = connection.settings_dict
    auth = settings["USER"] or "postgres"
    if settings["PASSWORD"]:
        auth += f":{settings['PASSWORD']}"
    return f"postgres://{auth}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{name}"


def _count(url: str, table: str) -> int:
    out = subprocess.run(
        ["psql", url, "-tAc", f"SELECT count(*) FROM {table}"],  # noqa: S608 (model table names)
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.strip())


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip(postgresql, settings, tmp_path):
    products = ProductFactory.create_batch(3)
    for product in products:
        ProductImageFactory(product=product)
    OrganiserFactory()
    image_names = sorted(ProductImage.objects.values_list("image", flat=True))
    backup_dir = tmp_path / "backup"
    source_url = _url(connection.settings_dict["NAME"])
    env = {**os.environ, "DATABASE_URL": source_url, "MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    subprocess.run(
        ["make", "-s", "backup", f"BACKUP_DIR={backup_dir}"], cwd=ROOT, env=env, check=True, timeout=120
    )
    assert (backup_dir / "database.dump").stat().st_size > 0

    restored_name = f"{connection.settings_dict['NAME']}_restored"
    admin_url = _url("postgres")
    subprocess.run(
        ["psql", admin_url, "-c", f'DROP DATABASE IF EXISTS "{restored_name}"'],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        ["psql", admin_url, "-c", f'CREATE DATABASE "{restored_name}"'], check=True, capture_output=True
    )
    try:
        restored_url = _url(restored_name)
        restored_media = tmp_path / "restored-media"
        env = {**os.environ, "DATABASE_URL": restored_url, "MEDIA_ROOT": str(restored_media)}
        subprocess.run(
            ["make", "-s", "restore", f"BACKUP_DIR={backup_dir}"], cwd=ROOT, env=env, check=True, timeout=120
        )
        for model in (Producer, Product, ProductImage):
            assert _count(restored_url, model._meta.db_table) == model.objects.count()
        out = subprocess.run(
            ["psql", restored_url, "-tAc", "SELECT image FROM producers_productimage ORDER BY image"],
            capture_output=True,
            text=True,
            check=True,
        )
        assert out.stdout.split() == image_names
        assert all((restored_media / name).is_file() for name in image_names)
    finally:
        subprocess.run(
            ["psql", admin_url, "-c", f'DROP DATABASE IF EXISTS "{restored_name}"'],
            check=False,
            capture_output=True,
        )
