"""The organisers' admin in Vietnamese, including what third-party apps show
(ocop_portal/third_party.py): django-axes, django-celery-beat, django-import-export."""

import pytest

pytestmark = pytest.mark.django_db


def test_admin_index_has_no_english_section(organiser_client):
    html = organiser_client.get("/vi/admin/").content.decode()
    for english in ("Access attempts", "Periodic tasks", "Crontabs", "Axes"):
        assert english not in html
    assert "Bảo vệ đăng nhập" in html
    assert "Tác vụ định kỳ" in html


def test_import_page_in_vietnamese(organiser_client):
    html = organiser_client.get("/vi/admin/events/participation/import/").content.decode()
    assert "Tệp cần nhập" in html
    assert "Định dạng" in html
    assert "File to import" not in html
    assert "This importer will import the following fields" not in html
    listing = organiser_client.get("/vi/admin/events/participation/").content.decode()
    assert "Nhập từ tệp" in listing
    assert "Hiện số lượng" in listing or "Ẩn số lượng" in listing


def test_admin_javascript_strings_in_vietnamese(organiser_client):
    """The selector of several items and the calendar (Django's Vietnamese lacks their newer
    strings; locale/vi/LC_MESSAGES/djangojs.po has them)."""
    catalogue = organiser_client.get("/vi/admin/jsi18n/").content.decode()
    assert "Ch\\u1ecdn t\\u1ea5t c\\u1ea3 %s" in catalogue or "Chọn tất cả %s" in catalogue
    assert "Th\\u1ee9 hai" in catalogue or "Thứ hai" in catalogue


@pytest.mark.parametrize(
    "path", ["/vi/admin/", "/vi/admin/events/event/", "/vi/admin/events/event/add/", "/vi/admin/login/"]
)
def test_admin_pages_carry_the_portal_icon(organiser_client, path):
    """Every admin page names the portal's icon (and keeps Django's header), so no browser
    asks for a /favicon.ico that does not exist."""
    if path == "/vi/admin/login/":
        organiser_client.logout()
    html = organiser_client.get(path).content.decode()
    assert html.count('rel="icon"') == 1
    assert "img/favicon" in html
    assert 'id="site-name"' in html
