"""The packet as a PDF and as an e-mail, in the buyer's language."""

import io
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import translation
from pypdf import PdfReader

from events.enums import PacketStatus
from events.models import CataloguePacket
from events.packets import render
from events.packets.content import packet_content
from events.packets.render import render_packet_pdf
from events.tasks import send_due_catalogue_packets
from ocop_portal.pdf import LocalFilesFetcher
from tests.events.packets_world import build_world, product_names

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def pdf_images(pdf: bytes) -> int:
    """Image XObjects (/Subtype /Image) embedded in the document."""
    reader = PdfReader(io.BytesIO(pdf))
    seen = set()
    for page in reader.pages:
        xobjects = page["/Resources"].get_object().get("/XObject", {})
        for ref in xobjects.get_object().values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                seen.add(ref.idnum if hasattr(ref, "idnum") else id(obj))
    return len(seen)


def pdf_fonts(pdf: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(pdf))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"].get_object().get("/Font", {}).get_object().values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


def _render(world, language="vi") -> bytes:
    with translation.override(language):
        return render_packet_pdf(packet_content(event=world.event, distributor=world.distributor))


def test_pdf_has_the_buyers_products_photos_and_vietnamese_fonts():
    world = build_world()
    pdf = _render(world)
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    for name in product_names(world):
        assert name in text
    assert "Saigon Co.op" in text
    assert "Hội nghị kết nối cung cầu Sóc Trăng" in text
    assert "Đưa sản phẩm OCOP vào siêu thị" in text
    assert "45.000 ₫ – 60.000 ₫" in text
    assert pdf_images(pdf) == len(world.products)
    # The declared @font-face files are embedded: Noto Sans, and DejaVu Sans for the ★.
    assert pdf_fonts(pdf) == {"Packet-Noto", "Packet-Noto-Bold", "Packet-DejaVu"}
    # Six products with 240×180 thumbnails: small (a 200-product packet stays under 2 MB).
    assert 10_000 < len(pdf) < 150_000


def test_pdf_in_english_translates_the_labels_not_the_names():
    world = build_world(producers=1, language="en")
    text = pdf_text(_render(world, "en"))
    assert "Your meetings" in text
    assert "Producers and products" in text
    assert "Bánh pía sầu riêng Vĩnh Châu" in text
    assert "Food" in text


def test_pdf_stylesheet_and_fonts_parsed_once_serve_the_next_packets_in_any_language():
    """The worker parses the packet stylesheet and loads its fonts once (render._stylesheet):
    the packets after the first, in either language, come out as complete as the first."""
    world = build_world()
    render._STYLESHEETS.__dict__.clear()  # this thread starts afresh
    first = _render(world, "vi")
    ((font_config, stylesheet),) = render._STYLESHEETS.parsed.values()
    english, vietnamese = _render(world, "en"), _render(world, "vi")
    # No second parse: the same stylesheet and font configuration served all three.
    assert list(render._STYLESHEETS.parsed.values()) == [(font_config, stylesheet)]
    for pdf, labels in ((english, "Producers and products"), (vietnamese, "Nhà sản xuất và sản phẩm")):
        text = pdf_text(pdf)
        assert labels in text
        for name in product_names(world):
            assert name in text
        assert "★" in text
        assert pdf_images(pdf) == len(world.products)
        assert pdf_fonts(pdf) == {"Packet-Noto", "Packet-Noto-Bold", "Packet-DejaVu"}
    assert pdf_text(vietnamese) == pdf_text(first)


def test_pdf_without_photos_still_renders():
    world = build_world(producers=1, photos=False)
    pdf = _render(world)
    assert pdf_images(pdf) == 0
    assert "Lạp xưởng tươi Sóc Trăng" in pdf_text(pdf)


def test_pdf_fetcher_reads_only_media_and_fonts(settings, tmp_path):
    fetcher = LocalFilesFetcher()
    secret = tmp_path / "secret.txt"
    secret.write_text("x")
    for url in (
        secret.as_uri(),
        "file:///etc/passwd",
        "http://127.0.0.1:8000/admin/",
        "https://example.com/a.png",
    ):
        with pytest.raises(ValueError, match="not a media or font file|do not fetch"):
            fetcher.fetch(url)
    photo = settings.MEDIA_ROOT / "a.jpg"
    photo.parent.mkdir(parents=True, exist_ok=True)
    photo.write_bytes(b"\xff\xd8")
    response = fetcher.fetch(photo.as_uri())
    try:
        assert response.read() == b"\xff\xd8"
    finally:
        response.close()


def _send(django_capture_on_commit_callbacks) -> mail.EmailMultiAlternatives:
    with django_capture_on_commit_callbacks(execute=True):
        send_due_catalogue_packets.delay()
    assert len(mail.outbox) == 1
    return mail.outbox[0]


def _check_packet_email(message, world, language: str) -> None:
    assert message.to == ["thumua@coop.example.vn"]
    html = message.alternatives[0].content
    assert f'lang="{language}"' in html
    assert f"/{language}/events/ket-noi-cung-cau-soc-trang/catalogue/" in message.body
    assert "Nước mắm cá cơm Phú Quốc đặc biệt" in message.body
    assert "Nước mắm cá cơm Phú Quốc đặc biệt" in html
    ((filename, pdf, mimetype),) = message.attachments
    assert (filename, mimetype) == ("catalogue-ket-noi-cung-cau-soc-trang-v1.pdf", "application/pdf")
    assert pdf.startswith(b"%PDF-")
    assert "Bánh pía sầu riêng Vĩnh Châu" in pdf_text(pdf)
    packet = CataloguePacket.objects.get(event=world.event)
    assert (packet.status, packet.size_bytes) == (PacketStatus.SENT, len(pdf))


def test_email_in_english(django_capture_on_commit_callbacks):
    world = build_world(language="en")
    message = _send(django_capture_on_commit_callbacks)
    _check_packet_email(message, world, "en")
    assert message.subject == "[OCOP] Your catalogue for Hội nghị kết nối cung cầu Sóc Trăng"
    for phrase in ("Dear Saigon Co.op team,", "is attached as a PDF", "Your meetings", "Your first matches"):
        assert phrase in message.body
        assert phrase in message.alternatives[0].content
    assert "Your meetings" in pdf_text(message.attachments[0][1])


def test_email_in_vietnamese(django_capture_on_commit_callbacks):
    world = build_world(language="vi")
    message = _send(django_capture_on_commit_callbacks)
    _check_packet_email(message, world, "vi")
    # Vietnamese wording of the organisers' translation (locale/vi).
    assert message.subject == "[OCOP] Bộ catalogue của bạn cho Hội nghị kết nối cung cầu Sóc Trăng"
    assert "Kính gửi đội ngũ Saigon Co.op," in message.body


def test_email_link_opens_the_packet_and_its_pdf_for_the_buyer(client, django_capture_on_commit_callbacks):
    world = build_world(language="en")
    message = _send(django_capture_on_commit_callbacks)
    link = next(line for line in message.body.splitlines() if line.startswith("http"))
    path = urlsplit(link).path
    assert path == "/en/events/ket-noi-cung-cau-soc-trang/catalogue/"
    assert f'href="{link}"' in message.alternatives[0].content
    client.force_login(world.buyer.user)
    page = client.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    for name in product_names(world):
        assert name in html
    download = client.get(path + "pdf/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    body = b"".join(download.streaming_content)
    download.close()
    assert body == message.attachments[0][1]


def test_email_with_several_buyers_goes_to_each_once_in_the_first_buyers_language(
    django_capture_on_commit_callbacks,
):
    from tests.factories import BuyerFactory, UserFactory

    world = build_world(language="en")
    BuyerFactory(
        distributor=world.distributor, user=UserFactory(email="ke.toan@coop.example.vn", language="vi")
    )
    BuyerFactory(
        distributor=world.distributor, user=UserFactory(email="cho.duyet@coop.example.vn"), status="pending"
    )
    message = _send(django_capture_on_commit_callbacks)
    assert message.to == ["thumua@coop.example.vn", "ke.toan@coop.example.vn"]
    assert message.subject.startswith("[OCOP] Your catalogue for")


def _everything_a_packet_shows():
    """Meetings in a published schedule, a programme with speakers, products with and
    without a photo, an expired certificate."""
    import datetime as dt

    from matchmaking.enums import RunStatus
    from tests.factories import (
        MeetingFactory,
        ProductFactory,
        ScheduleRunFactory,
        SlotFactory,
        TableFactory,
    )
    from tests.factories.producers import OcopCertificateFactory

    world = build_world(producers=3)
    block = world.event.meeting_blocks.get()
    run = ScheduleRunFactory(event=world.event, status=RunStatus.PUBLISHED, version=1)
    MeetingFactory(
        run=run,
        slot=SlotFactory(block=block, index=0),
        table=TableFactory(block=block, number=3),
        producer=world.producers[0],
        distributor=world.distributor,
    )
    expired = ProductFactory(producer=world.producers[1], name="Mứt gừng Tết", certificate=False)
    OcopCertificateFactory(product=expired, stars=3, issued_on=dt.date(2019, 1, 10))
    return world


def test_packet_html_uses_only_the_elements_its_user_agent_stylesheet_styles():
    """The cut-down user-agent sheet (events/packets/user_agent.css) styles PACKET_ELEMENTS."""
    from html.parser import HTMLParser

    from django.template.loader import render_to_string

    seen = set()

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            seen.add(tag)

    world = _everything_a_packet_shows()
    with translation.override("vi"):
        content = packet_content(event=world.event, distributor=world.distributor)
        html = render_to_string("events/packets/pdf.html", render._context(content, medium="pdf"))
    Tags().feed(html)
    assert "hết hiệu lực" in html  # the expired certificate is shown
    assert {"img", "table", "br", "strong", "h3", "span"} <= seen
    assert seen <= render.PACKET_ELEMENTS, seen - render.PACKET_ELEMENTS


def test_cut_down_user_agent_stylesheet_gives_the_same_pdf(monkeypatch):
    world = _everything_a_packet_shows()
    ours = _render(world)
    monkeypatch.setattr(render.PacketHTML, "_ua_stylesheets", render.weasyprint.HTML._ua_stylesheets)
    assert _render(world) == ours
