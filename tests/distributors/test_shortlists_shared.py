"""A shortlist shared with the purchasing team: the owner's colleagues (approved buyers of the
same distributor) see it, export it, add and remove products; only the owner renames, stops
sharing or deletes it; nobody else sees it at all."""

import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from openpyxl import load_workbook
from pypdf import PdfReader

from distributors import services
from distributors.enums import BuyerStatus
from distributors.models import Shortlist, ShortlistItem
from distributors.tasks import notify_shortlist_handed_over_task, notify_shortlist_shared_task
from tests.concurrency import at_once
from tests.conftest import require_service
from tests.distributors.conftest import make_product
from tests.factories import BuyerFactory, ShortlistFactory, ShortlistItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(buyer):
    return BuyerFactory(
        distributor=buyer.distributor, user__first_name="Lan", user__last_name="Trần", user__language="en"
    )


@pytest.fixture
def colleague_client(client, colleague):
    client.force_login(colleague.user)
    return client


@pytest.fixture
def shared(buyer):
    buyer.user.first_name, buyer.user.last_name = "Minh", "Nguyễn"
    buyer.user.save()
    shortlist = ShortlistFactory(buyer=buyer, name="Quà Tết 2027", shared=True)
    ShortlistItemFactory(shortlist=shortlist, product=make_product(name="Bánh pía Sóc Trăng"))
    return shortlist


def test_the_owner_shares_a_list_from_its_page(buyer_client, buyer):
    shortlist = ShortlistFactory(buyer=buyer, name="Quà Tết 2027")
    page = buyer_client.get(f"/en/buyer/shortlists/{shortlist.pk}/").content.decode()
    assert "Rename, share or delete" in page
    assert 'name="shared"' in page
    assert "see this list and can add or remove products" in page  # the box's help

    response = buyer_client.post(
        f"/en/buyer/shortlists/{shortlist.pk}/", {"name": "Quà Tết 2027", "shared": "on"}
    )
    assert response.status_code == 302
    shortlist.refresh_from_db()
    assert shortlist.shared
    page = buyer_client.get(f"/en/buyer/shortlists/{shortlist.pk}/").content.decode()
    assert "Shared with your colleagues at Saigon Co.op" in page
    assert "shared with your colleagues" in buyer_client.get("/en/buyer/shortlists/").content.decode()

    buyer_client.post(f"/en/buyer/shortlists/{shortlist.pk}/", {"name": "Quà Tết 2027"})
    shortlist.refresh_from_db()
    assert not shortlist.shared


def test_a_new_list_can_be_shared_at_once(buyer_client, buyer):
    buyer_client.post("/en/buyer/shortlists/", {"name": "Hội chợ Cần Thơ", "shared": "on"})
    assert Shortlist.objects.get(buyer=buyer).shared


def test_a_colleague_sees_opens_and_exports_the_shared_list(colleague_client, shared):
    listing = colleague_client.get("/en/buyer/shortlists/").content.decode()
    assert "Shared by your colleagues" in listing
    assert "Quà Tết 2027" in listing
    assert "shared by Minh Nguyễn" in listing
    assert "Quà Tết 2027" in colleague_client.get("/en/buyer/").content.decode()

    page = colleague_client.get(f"/en/buyer/shortlists/{shared.pk}/").content.decode()
    assert "Bánh pía Sóc Trăng" in page
    assert "Minh Nguyễn shares this list with the buyers of your company" in page
    assert "Rename, share or delete" not in page
    assert 'name="shared"' not in page
    assert "/delete/" not in page

    xlsx = colleague_client.get(f"/en/buyer/shortlists/{shared.pk}/export.xlsx")
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "Bánh pía Sóc Trăng"
    assert dict(zip(rows[0], rows[1], strict=True))["Added by"] == "Minh Nguyễn"
    pdf = colleague_client.get(f"/en/buyer/shortlists/{shared.pk}/export.pdf")
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert "Bánh pía Sóc Trăng" in _pdf_text(pdf.content)


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_exports_say_who_added_a_colleagues_product(buyer_client, buyer, colleague, shared):
    ShortlistItemFactory(shortlist=shared, product=make_product(name="Mứt gừng"), added_by=colleague)
    text = _pdf_text(buyer_client.get(f"/en/buyer/shortlists/{shared.pk}/export.pdf").content)
    assert "Added by Lan Trần" in text
    assert text.count("Added by") == 1  # not for the owner's own products


def test_a_colleague_adds_and_removes_products(colleague_client, colleague, shared):
    product = make_product(name="Mật ong hoa nhãn")
    page = colleague_client.get(f"/en/products/{product.slug}/").content.decode()
    assert "Quà Tết 2027 (shared by Minh Nguyễn)" in page

    response = colleague_client.post(f"/en/products/{product.slug}/shortlist/", {"shortlist": shared.pk})
    assert response.status_code == 302
    item = ShortlistItem.objects.get(shortlist=shared, product=product)
    assert item.added_by == colleague
    # The owner sees who added it.
    colleague_client.force_login(shared.buyer.user)
    assert "Added by Lan Trần" in colleague_client.get(f"/en/buyer/shortlists/{shared.pk}/").content.decode()

    colleague_client.force_login(colleague.user)
    first = shared.items.exclude(pk=item.pk).get()
    colleague_client.post(f"/en/buyer/shortlists/{shared.pk}/remove/", {"product": first.product_id})
    assert list(shared.items.values_list("product_id", flat=True)) == [product.pk]


def test_the_list_a_buyer_added_to_last_comes_first_for_that_buyer(colleague_client, colleague, shared):
    own = ShortlistFactory(buyer=colleague, name="Của tôi")
    product = make_product()
    # The owner added to the shared list just now; the colleague last added to their own.
    ShortlistItemFactory(shortlist=own, product=make_product())
    ShortlistItemFactory(shortlist=shared, product=make_product())
    form = colleague_client.get(f"/en/products/{product.slug}/").context["shortlist_form"]
    assert form.initial["shortlist"] == own.pk


def test_only_the_owner_renames_shares_or_deletes(colleague_client, shared):
    url = f"/en/buyer/shortlists/{shared.pk}/"
    assert colleague_client.post(url, {"name": "Của Lan", "shared": ""}).status_code == 404
    assert colleague_client.get(f"{url}delete/").status_code == 404
    assert colleague_client.post(f"{url}delete/").status_code == 404
    shared.refresh_from_db()
    assert (shared.name, shared.shared) == ("Quà Tết 2027", True)


def test_a_list_no_longer_shared_is_gone_for_colleagues(colleague_client, colleague, shared):
    shared.shared = False
    shared.save()
    for suffix in ("", "delete/", "export.xlsx", "export.pdf"):
        assert colleague_client.get(f"/en/buyer/shortlists/{shared.pk}/{suffix}").status_code == 404
    assert (
        colleague_client.post(f"/en/buyer/shortlists/{shared.pk}/remove/", {"product": 1}).status_code == 404
    )
    product = make_product()
    colleague_client.post(f"/en/products/{product.slug}/shortlist/", {"shortlist": shared.pk})
    assert not shared.items.filter(product=product).exists()
    assert "Quà Tết 2027" not in colleague_client.get("/en/buyer/shortlists/").content.decode()
    with pytest.raises(ValidationError):
        services.shortlist_add_product(shortlist=shared, product=product, added_by=colleague)


def test_other_companies_and_pending_colleagues_never_see_it(client, shared):
    outsider = BuyerFactory(distributor__name="Bách Hóa Xanh")
    client.force_login(outsider.user)
    assert client.get(f"/en/buyer/shortlists/{shared.pk}/").status_code == 404
    assert "Quà Tết 2027" not in client.get("/en/buyer/shortlists/").content.decode()
    product = make_product()
    client.post(f"/en/products/{product.slug}/shortlist/", {"shortlist": shared.pk})
    assert not shared.items.filter(product=product).exists()

    pending = BuyerFactory(distributor=shared.buyer.distributor, status=BuyerStatus.PENDING)
    client.force_login(pending.user)
    assert client.get(f"/en/buyer/shortlists/{shared.pk}/").status_code == 403


def test_two_colleagues_may_name_their_lists_alike(colleague_client, colleague, shared):
    response = colleague_client.post("/en/buyer/shortlists/", {"name": "Quà Tết 2027"})
    assert response.status_code == 302
    assert Shortlist.objects.filter(name="Quà Tết 2027").count() == 2


@pytest.mark.parametrize("count", [1, 3])
def test_shortlist_list_query_count_is_constant(
    colleague_client, colleague, buyer, count, django_assert_num_queries
):
    for index in range(count):
        ShortlistItemFactory(shortlist=ShortlistFactory(buyer=buyer, name=f"Chung {index}", shared=True))
        ShortlistFactory(buyer=colleague, name=f"Riêng {index}")
        ShortlistFactory(buyer=BuyerFactory(distributor=buyer.distributor), name=f"Không chia sẻ {index}")
    # session, user, buyer, the lists, events of the form
    with django_assert_num_queries(5):
        response = colleague_client.get("/en/buyer/shortlists/")
    assert len(response.context["shortlists"]) == count
    assert len(response.context["colleagues_shortlists"]) == count


def test_the_migration_credits_the_owners_with_their_items(buyer):
    item = ShortlistItemFactory(shortlist=ShortlistFactory(buyer=buyer), added_by=None)
    from importlib import import_module

    from django.apps import apps

    migration = import_module("distributors.migrations.0006_shortlist_shared")
    migration.owners_added_their_items(apps, None)
    item.refresh_from_db()
    assert item.added_by == buyer


@pytest.mark.django_db(transaction=True)
def test_two_colleagues_adding_the_same_product_at_once_make_one_item():
    require_service("PostgreSQL", connection.vendor == "postgresql", "concurrent writers need PostgreSQL")
    owner = BuyerFactory()
    colleague = BuyerFactory(distributor=owner.distributor)
    shortlist = ShortlistFactory(buyer=owner, shared=True)
    product = make_product()

    def add(buyer):
        return lambda: services.shortlist_add_product(shortlist=shortlist, product=product, added_by=buyer)[1]

    assert sorted(at_once(add(owner), add(colleague))) == [False, True]
    assert ShortlistItem.objects.filter(shortlist=shortlist, product=product).count() == 1


def test_notes_are_kept_on_the_list_page_by_the_owner_and_colleagues(buyer_client, buyer, colleague, shared):
    item = shared.items.get()
    url = f"/en/buyer/shortlists/{shared.pk}/note/"
    page = buyer_client.get(f"/en/buyer/shortlists/{shared.pk}/").content.decode()
    assert f'id="note-{item.product_id}"' in page
    response = buyer_client.post(url, {"product": item.product_id, "note": "  Hỏi giá sỉ  "})
    assert response["Location"] == f"/en/buyer/shortlists/{shared.pk}/#item-{item.product_id}"
    item.refresh_from_db()
    assert item.note == "Hỏi giá sỉ"

    buyer_client.force_login(colleague.user)
    response = buyer_client.post(url, {"product": item.product_id, "note": "Đã xin mẫu"}, follow=True)
    assert "The note is saved." in response.content.decode()
    item.refresh_from_db()
    assert item.note == "Đã xin mẫu"
    assert 'value="Đã xin mẫu"' in response.content.decode()

    # Too long, or a product not on the list: nothing changes.
    response = buyer_client.post(url, {"product": item.product_id, "note": "x" * 256}, follow=True)
    assert "at most 255 characters" in response.content.decode()
    other = make_product()
    response = buyer_client.post(url, {"product": other.pk, "note": "?"}, follow=True)
    assert "The note is saved." not in response.content.decode()
    item.refresh_from_db()
    assert item.note == "Đã xin mẫu"
    assert not ShortlistItem.objects.filter(product=other).exists()
    # Emptied: no note.
    buyer_client.post(url, {"product": item.product_id, "note": ""})
    item.refresh_from_db()
    assert item.note == ""


def test_a_note_on_a_list_not_shared_is_out_of_reach(client, buyer):
    private = ShortlistFactory(buyer=buyer)
    item = ShortlistItemFactory(shortlist=private, note="Riêng")
    for outsider in (BuyerFactory(distributor=buyer.distributor), BuyerFactory()):
        client.force_login(outsider.user)
        response = client.post(
            f"/en/buyer/shortlists/{private.pk}/note/", {"product": item.product_id, "note": "x"}
        )
        assert response.status_code == 404
    item.refresh_from_db()
    assert item.note == "Riêng"


# --- Colleagues are told by e-mail ------------------------------------------------------------


def test_sharing_a_list_emails_the_approved_colleagues_in_their_language(
    buyer_client, buyer, colleague, django_capture_on_commit_callbacks
):
    vietnamese = BuyerFactory(distributor=buyer.distributor, user__language="vi", user__first_name="Hà")
    BuyerFactory(distributor=buyer.distributor, status=BuyerStatus.PENDING)  # not yet a colleague
    BuyerFactory()  # another company's
    buyer.user.first_name, buyer.user.last_name = "Minh", "Nguyễn"
    buyer.user.save()
    shortlist = ShortlistFactory(buyer=buyer, name="Quà Tết 2027")
    ShortlistItemFactory(shortlist=shortlist, product=make_product(name="Bánh pía"))
    with django_capture_on_commit_callbacks(execute=True):
        buyer_client.post(f"/en/buyer/shortlists/{shortlist.pk}/", {"name": "Quà Tết 2027", "shared": "on"})

    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {colleague.user.email, vietnamese.user.email}
    english = by_address[colleague.user.email]
    assert "Minh Nguyễn shares the shortlist “Quà Tết 2027” with you" in english.subject
    assert "It holds 1 product." in english.body
    assert f"/en/buyer/shortlists/{shortlist.pk}/" in english.body
    translated = by_address[vietnamese.user.email]
    assert "Minh Nguyễn chia sẻ danh sách chọn “Quà Tết 2027” với bạn" in translated.subject
    assert f"/vi/buyer/shortlists/{shortlist.pk}/" in translated.body

    # saving it again, or stopping the sharing, tells nobody
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        buyer_client.post(f"/en/buyer/shortlists/{shortlist.pk}/", {"name": "Quà Tết", "shared": "on"})
        buyer_client.post(f"/en/buyer/shortlists/{shortlist.pk}/", {"name": "Quà Tết"})
    assert mail.outbox == []


def test_a_list_made_shared_at_once_is_emailed_and_a_private_one_is_not(
    buyer_client, buyer, colleague, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        buyer_client.post("/en/buyer/shortlists/", {"name": "Riêng"})
        buyer_client.post("/en/buyer/shortlists/", {"name": "Hội chợ Cần Thơ", "shared": "on"})
    assert [m.to for m in mail.outbox] == [[colleague.user.email]]
    assert "It holds 0 products." in mail.outbox[0].body


def test_the_task_of_a_list_gone_or_no_longer_shared_sends_nothing(buyer, colleague, caplog):
    assert notify_shortlist_shared_task.run(shortlist_id=424242) == 0
    assert "shortlist 424242 no longer exists" in caplog.text
    private = ShortlistFactory(buyer=buyer)
    assert notify_shortlist_shared_task.run(shortlist_id=private.pk) == 0
    assert mail.outbox == []
    assert notify_shortlist_shared_task.name == "distributors.notify_shortlist_shared"


# --- Handing a list over ----------------------------------------------------------------------


def test_the_owner_hands_a_list_over_to_a_colleague(buyer_client, buyer, colleague, shared):
    item = shared.items.get()
    item.note = "Hỏi giá sỉ"
    item.save()
    page = buyer_client.get(f"/en/buyer/shortlists/{shared.pk}/").content.decode()
    assert "Hand it over to" in page
    assert f'<option value="{colleague.pk}">Lan Trần</option>' in page

    response = buyer_client.post(
        f"/en/buyer/shortlists/{shared.pk}/hand-over/", {"to": colleague.pk}, follow=True
    )
    assert response.redirect_chain == [("/en/buyer/shortlists/", 302)]
    assert "The list is now Lan Trần&#x27;s." in response.content.decode()
    shared.refresh_from_db()
    item.refresh_from_db()
    assert (shared.buyer, shared.shared, item.note, item.added_by) == (colleague, True, "Hỏi giá sỉ", buyer)
    # still shared: the former owner sees it as a colleague's; the new owner may rename it
    assert (
        "Lan Trần shares this list" in buyer_client.get(f"/en/buyer/shortlists/{shared.pk}/").content.decode()
    )
    buyer_client.force_login(colleague.user)
    assert (
        "Rename, share or delete" in buyer_client.get(f"/en/buyer/shortlists/{shared.pk}/").content.decode()
    )


def test_a_list_goes_only_to_an_approved_colleague_free_of_its_name(buyer_client, buyer, colleague, shared):
    pending = BuyerFactory(distributor=buyer.distributor, status=BuyerStatus.PENDING)
    stranger = BuyerFactory()
    for to in (pending, stranger, buyer):
        response = buyer_client.post(
            f"/en/buyer/shortlists/{shared.pk}/hand-over/", {"to": to.pk}, follow=True
        )
        assert "Choose an approved colleague of your company." in response.content.decode()
    ShortlistFactory(buyer=colleague, name="Quà Tết 2027")
    response = buyer_client.post(
        f"/en/buyer/shortlists/{shared.pk}/hand-over/", {"to": colleague.pk}, follow=True
    )
    assert "Lan Trần already has a shortlist named “Quà Tết 2027”: rename one of them first." in (
        response.content.decode()
    )
    shared.refresh_from_db()
    assert shared.buyer == buyer


def test_only_the_owner_hands_over_while_they_are_a_buyer(colleague_client, colleague, shared):
    page = colleague_client.get(f"/en/buyer/shortlists/{shared.pk}/").content.decode()
    assert "Take over this list" not in page
    assert "Hand it over to" not in page
    third = BuyerFactory(distributor=colleague.distributor)
    for data in ({}, {"to": third.pk}):
        response = colleague_client.post(f"/en/buyer/shortlists/{shared.pk}/hand-over/", data, follow=True)
        assert "Only the list&#x27;s owner can hand it over." in response.content.decode()
    shared.refresh_from_db()
    assert shared.buyer.user.first_name == "Minh"


def test_a_colleague_takes_over_the_shared_list_of_a_buyer_who_left(
    colleague_client, colleague, buyer, shared
):
    private = ShortlistFactory(buyer=buyer, name="Riêng")
    buyer.status = BuyerStatus.REJECTED
    buyer.save()
    page = colleague_client.get(f"/en/buyer/shortlists/{shared.pk}/").content.decode()
    assert "Minh Nguyễn no longer buys for Saigon Co.op on the portal." in page
    response = colleague_client.post(f"/en/buyer/shortlists/{shared.pk}/hand-over/", follow=True)
    assert "The list is yours now" in response.content.decode()
    assert "Rename, share or delete" in response.content.decode()
    shared.refresh_from_db()
    assert shared.buyer == colleague
    # a list the former buyer kept to themself stays out of reach
    assert colleague_client.post(f"/en/buyer/shortlists/{private.pk}/hand-over/").status_code == 404


def test_no_hand_over_without_a_colleague(buyer_client, buyer):
    shortlist = ShortlistFactory(buyer=buyer)
    assert "Hand it over to" not in buyer_client.get(f"/en/buyer/shortlists/{shortlist.pk}/").content.decode()


def test_a_colleague_handed_a_list_is_told_by_email(
    buyer_client, buyer, colleague, shared, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        buyer_client.post(f"/en/buyer/shortlists/{shared.pk}/hand-over/", {"to": colleague.pk})
    [message] = mail.outbox
    assert message.to == [colleague.user.email]
    assert "Minh Nguyễn handed the shortlist “Quà Tết 2027” over to you" in message.subject
    assert "It holds 1 product." in message.body
    assert f"/en/buyer/shortlists/{shared.pk}/" in message.body


def test_taking_a_list_over_sends_nothing(
    colleague_client, colleague, buyer, shared, django_capture_on_commit_callbacks
):
    buyer.status = BuyerStatus.REJECTED
    buyer.save()
    with django_capture_on_commit_callbacks(execute=True):
        colleague_client.post(f"/en/buyer/shortlists/{shared.pk}/hand-over/")
    shared.refresh_from_db()
    assert shared.buyer == colleague
    assert mail.outbox == []


def test_the_hand_over_task_of_a_list_gone_or_handed_on_sends_nothing(buyer, colleague, shared, caplog):
    assert notify_shortlist_handed_over_task.run(shortlist_id=424242, to_id=colleague.pk, by_id=buyer.pk) == 0
    assert "shortlist 424242, or a buyer of its hand-over, no longer exists" in caplog.text
    # still the buyer's: the colleague it was meant for no longer holds it
    assert (
        notify_shortlist_handed_over_task.run(shortlist_id=shared.pk, to_id=colleague.pk, by_id=buyer.pk) == 0
    )
    assert mail.outbox == []
