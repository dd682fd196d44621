"""A phone keeps the portal on its home screen as an app: its name, icons and colour, in
the language of the page it was added from."""

import json

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lang", "name", "short_name"),
    [("vi", "Cổng kết nối cung cầu OCOP", "Kết nối OCOP"), ("en", "OCOP matchmaking portal", "OCOP Connect")],
)
def test_the_manifest_names_the_portal_in_the_pages_language(client, lang, name, short_name):
    html = client.get(f"/{lang}/").content.decode()
    assert f'<link rel="manifest" href="/{lang}/manifest.webmanifest">' in html
    assert '<meta name="theme-color" content="#b3261e">' in html
    response = client.get(f"/{lang}/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert (manifest["name"], manifest["short_name"], manifest["lang"]) == (name, short_name, lang)
    assert manifest["start_url"] == f"/{lang}/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#b3261e"


def test_every_icon_it_names_exists_at_its_size(client):
    manifest = json.loads(client.get("/vi/manifest.webmanifest").content)
    assert {icon.get("purpose", "any") for icon in manifest["icons"]} == {"any", "maskable"}
    for icon in manifest["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path, icon["src"]
        width, height = (int(n) for n in icon["sizes"].split("x"))
        assert size_of(path) == (width, height)
    assert size_of(finders.find("img/apple-touch-icon.png")) == (180, 180)


def size_of(path: str) -> tuple[int, int]:
    with Image.open(path) as image:
        return image.size
