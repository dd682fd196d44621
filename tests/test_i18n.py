"""Vietnamese is complete: every string of ours (and of allauth's pages) is translated, and
the committed .mo files are compiled from the .po files next to them."""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = sorted(ROOT.glob("locale/**/vi/LC_MESSAGES/*.po"))

pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext tools are not installed")


def test_there_are_vietnamese_catalogues():
    assert ROOT / "locale/vi/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_string_is_translated(po):
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", str(po)], capture_output=True, text=True, check=True
    )
    fuzzy = subprocess.run(["msgattrib", "--only-fuzzy", str(po)], capture_output=True, text=True, check=True)
    assert untranslated.stdout == "", f"untranslated strings in {po}:\n{untranslated.stdout[:3000]}"
    assert fuzzy.stdout == "", f"fuzzy strings in {po}:\n{fuzzy.stdout[:3000]}"
    subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(po)], check=True)


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalogue_is_up_to_date(po, tmp_path):
    fresh = tmp_path / "fresh.mo"
    subprocess.run(["msgfmt", "-o", str(fresh), str(po)], check=True)
    committed = po.with_suffix(".mo")
    assert committed.exists(), f"{committed} is missing: run make messages"
    with fresh.open("rb") as a, committed.open("rb") as b:
        assert gettext.GNUTranslations(b)._catalog == gettext.GNUTranslations(a)._catalog, (
            f"{committed} is older than {po.name}: run make messages"
        )
