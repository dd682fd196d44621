"""The "add to shortlist" form of a product page: what it proposes and what a click does.

A usability review found that the form always started on "New shortlist" with an empty
name, so the first click failed, and a buyer with lists had to pick one every time."""

import re

import pytest

from distributors.models import Shortlist, ShortlistItem
from tests.distributors.conftest import make_product
from tests.factories import ShortlistFactory, ShortlistItemFactory

pytestmark = pytest.mark.django_db


def form_defaults(html: str) -> dict:
    """What the browser would send if the buyer just clicks the button."""
    form = re.search(r'<form class="shortlist-form".*?</form>', html, re.S).group(0)
    data = {}
    selected = re.search(r'<select name="shortlist"[^>]*>.*?<option value="([^"]*)"[^>]*selected', form, re.S)
    data["shortlist"] = selected.group(1) if selected else ""
    name_input = re.search(r'<input[^>]*name="new_name"[^>]*>', form).group(0)
    value = re.search(r'value="([^"]*)"', name_input)
    data["new_name"] = value.group(1) if value else ""
    return data


def test_a_buyer_without_lists_adds_with_one_click(buyer_client, buyer):
    product = make_product(name="Bánh pía Tân Huê Viên")
    data = form_defaults(buyer_client.get(f"/en/products/{product.slug}/").content.decode())
    assert data == {"shortlist": "", "new_name": "My shortlist"}
    response = buyer_client.post(f"/en/products/{product.slug}/shortlist/", data)
    assert response.status_code == 302
    assert ShortlistItem.objects.get().shortlist.name == "My shortlist"


def test_the_list_added_to_last_is_proposed(buyer_client, buyer):
    older = ShortlistFactory(buyer=buyer, name="Tết 2027")
    ShortlistFactory(buyer=buyer, name="Empty newer list")
    ShortlistItemFactory(shortlist=older)
    product = make_product()
    data = form_defaults(buyer_client.get(f"/en/products/{product.slug}/").content.decode())
    assert data == {"shortlist": str(older.pk), "new_name": ""}
    buyer_client.post(f"/en/products/{product.slug}/shortlist/", data)
    assert ShortlistItem.objects.filter(shortlist=older, product=product).exists()


def test_a_typed_name_makes_a_new_list_even_with_one_chosen(buyer_client, buyer):
    chosen = ShortlistFactory(buyer=buyer, name="Tết 2027")
    product = make_product()
    buyer_client.post(
        f"/en/products/{product.slug}/shortlist/", {"shortlist": chosen.pk, "new_name": "Hè 2027"}
    )
    new = Shortlist.objects.get(name="Hè 2027")
    assert list(new.items.values_list("product", flat=True)) == [product.pk]
    assert not chosen.items.exists()


def test_the_page_says_which_lists_hold_the_product_and_proposes_another(buyer_client, buyer):
    """The product is on the list added to last: the page links to it, the option says so,
    and the next list is proposed rather than adding it again."""
    product = make_product(name="Bánh pía Tân Huê Viên")
    holding = ShortlistFactory(buyer=buyer, name="Tết 2027")
    other = ShortlistFactory(buyer=buyer, name="Hè 2027")
    ShortlistItemFactory(shortlist=holding, product=product)
    html = buyer_client.get(f"/en/products/{product.slug}/").content.decode()
    assert (
        f'On your shortlists: <a href="/en/buyer/shortlists/{holding.pk}/#item-{product.pk}">Tết 2027</a>'
        in html
    )
    assert "Tết 2027: already on it</option>" in html
    assert "Hè 2027: already on it" not in html
    assert form_defaults(html) == {"shortlist": str(other.pk), "new_name": ""}


def test_a_product_on_no_list_says_nothing(buyer_client, buyer):
    ShortlistItemFactory(shortlist=ShortlistFactory(buyer=buyer))
    html = buyer_client.get(f"/en/products/{make_product().slug}/").content.decode()
    assert "On your shortlists" not in html
    assert "already on it" not in html
