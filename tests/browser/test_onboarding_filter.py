"""The onboarding page's distributor list narrows as a buyer types, marks ignored; options
that do not match are taken out of the list (phone browsers may show hidden options)."""

import pytest

from tests.browser.test_buyer_journey import log_in, verified_user
from tests.factories import DistributorFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def options(page):
    return page.locator("#id_distributor option").all_inner_texts()


def test_typing_narrows_the_distributor_list(live_portal, open_page):
    for name in ("Saigon Co.op", "Bách hóa Xanh", "WinMart"):
        DistributorFactory(name=name)
    verified_user(UserFactory(email="moi@example.vn", language="en"))
    page = open_page("phone")
    log_in(page, live_portal, "moi@example.vn")
    page.goto(f"{live_portal}/en/buyer/start/")
    everything = options(page)
    assert len(everything) == 4

    page.locator(".select-filter").fill("bach hoa")
    assert [o.split(" (")[0] for o in options(page)] == ["— choose —", "Bách hóa Xanh"]
    assert page.locator("#id_distributor option:checked").inner_text().startswith("Bách hóa Xanh")

    page.locator(".select-filter").fill("")
    assert options(page) == everything
    assert page.locator("#id_distributor option:checked").inner_text().startswith("Bách hóa Xanh")
