"""The public event pages: the list of upcoming and past events, and an event's programme
(sessions by room and time, meeting blocks, who takes part)."""

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from events.enums import EventStatus
from tests.factories import (
    DistributorFactory,
    EventFactory,
    MouFactory,
    OrganiserFactory,
    ParticipationFactory,
    ProducerFactory,
    ProducerMemberFactory,
    ProductFactory,
    ProvinceFactory,
    RoomFactory,
    SessionFactory,
)
from tests.factories.events import MeetingBlockWithSlotsFactory
from tests.pages import en, text

pytestmark = pytest.mark.django_db


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def event():
    event = EventFactory(
        name="Hội nghị kết nối cung cầu sản phẩm OCOP",
        venue="Trung tâm Hội nghị tỉnh",
        starts_on=dt.date(2030, 10, 24),
        ends_on=dt.date(2030, 10, 25),
    )
    hall = RoomFactory(event=event, name="Hội trường A")
    small = RoomFactory(event=event, name="Phòng B")
    b2b = RoomFactory(event=event, name="Khu B2B")
    SessionFactory(
        event=event,
        room=hall,
        title="Đưa sản phẩm OCOP vào siêu thị",
        speakers="Ông Nguyễn Văn A, Saigon Co.op\nBà Trần Thị B, Sở Công Thương",
        starts_at=at(event.starts_on, 8),
        ends_at=at(event.starts_on, 9, 30),
    )
    SessionFactory(
        event=event,
        room=small,
        title="Truy xuất nguồn gốc và mã vạch",
        starts_at=at(event.starts_on, 8),
        ends_at=at(event.starts_on, 9),
    )
    MeetingBlockWithSlotsFactory(
        event=event,
        room=b2b,
        title="Gặp gỡ giao thương B2B",
        starts_at=at(event.ends_on, 14),
        ends_at=at(event.ends_on, 16),
        table_count=12,
    )
    return event


def add_participants(event, count: int) -> None:
    for n in range(count):
        producer = ProducerFactory(province=ProvinceFactory(code="can-tho") if n % 2 else ProvinceFactory())
        participation = ParticipationFactory(event=event, producer=producer)
        participation.products.add(*ProductFactory.create_batch(2, producer=producer))
        ParticipationFactory(event=event, kind="distributor", distributor=DistributorFactory(), seats=2)


def test_programme_shows_sessions_by_day_time_and_room_then_participants(client, event):
    producer = ProducerFactory(legal_name="Hợp tác xã Hành tím Vĩnh Châu", province=ProvinceFactory())
    participation = ParticipationFactory(event=event, producer=producer)
    participation.products.add(ProductFactory(producer=producer))
    ParticipationFactory(event=event, producer=ProducerFactory(legal_name="HTX Chưa duyệt"), status="pending")
    ParticipationFactory(
        event=event, kind="distributor", distributor=DistributorFactory(name="MM Mega Market"), seats=3
    )
    response = client.get(en("events:detail", slug=event.slug))
    assert response.status_code == 200
    page = text(response.content)
    assert "Hội nghị kết nối cung cầu sản phẩm OCOP" in page
    assert "Thursday 24/10/2030 – Friday 25/10/2030" in page
    # Day by day, in time order, each with its room.
    thursday = page.index("Thursday 24/10/2030 08:00")
    assert thursday < page.index("Đưa sản phẩm OCOP vào siêu thị") < page.index("Friday 25/10/2030 14:00")
    assert "08:00 – 09:30 Panel session Hội trường A Đưa sản phẩm OCOP vào siêu thị" in page
    assert "Ông Nguyễn Văn A, Saigon Co.op · Bà Trần Thị B, Sở Công Thương" in page
    assert "08:00 – 09:00 Panel session Phòng B Truy xuất nguồn gốc và mã vạch" in page
    assert "14:00 – 16:00 B2B meetings Khu B2B Gặp gỡ giao thương B2B" in page
    assert "5 meeting rounds of 20 minutes at 12 tables" in page
    assert "Rooms: Hội trường A · Khu B2B · Phòng B" in page
    # Approved producers by province, with their products; distributors with their seats.
    assert "Cần Thơ (formerly Sóc Trăng) (1) Hợp tác xã Hành tím Vĩnh Châu Cooperative · 1 product" in page
    assert "HTX Chưa duyệt" not in page
    assert "MM Mega Market Supermarket chain · Thành phố Hồ Chí Minh · 3 seats" in page
    html = response.content.decode()
    assert reverse("producers:public_detail", args=[producer.slug]) in html
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html


def test_programme_groups_producers_by_province_of_today_as_pages_name_it(client, event):
    """Sóc Trăng and Hậu Giang merged into Cần Thơ in 2025: their producers are listed under
    Cần Thơ's, named as the catalogue names them, and count as one province."""
    can_tho, soc_trang, hau_giang = (
        ProvinceFactory(code=code) for code in ("can-tho", "soc-trang", "hau-giang")
    )
    assert soc_trang.merged_into == can_tho == hau_giang.merged_into
    for name, province in [
        ("HTX Hành tím", soc_trang),
        ("Công ty Bánh pía", soc_trang),
        ("HTX Khóm Cầu Đúc", hau_giang),
        ("Công ty Gạo Cờ Đỏ", can_tho),
        ("HTX Trà Tân Cương", ProvinceFactory(code="thai-nguyen")),
    ]:
        ParticipationFactory(event=event, producer=ProducerFactory(legal_name=name, province=province))
    ParticipationFactory(
        event=event,
        kind="distributor",
        distributor=DistributorFactory(name="Co.op Cần Thơ", head_office_province=soc_trang),
    )
    response = client.get(en("events:detail", slug=event.slug))
    page = text(response.content)
    assert response.context["programme"].producer_provinces == 2
    order = [
        "Cần Thơ (1)",
        "Công ty Gạo Cờ Đỏ",
        "Cần Thơ (formerly Hậu Giang) (1)",
        "HTX Khóm Cầu Đúc",
        "Cần Thơ (formerly Sóc Trăng) (2)",
        "Công ty Bánh pía",
        "HTX Hành tím",
        "Thái Nguyên (1)",
    ]
    positions = [page.index(part) for part in order]
    assert positions == sorted(positions)
    assert "Co.op Cần Thơ Supermarket chain · Cần Thơ (formerly Sóc Trăng)" in page


def test_programme_offers_registration_until_the_deadline(client, event):
    event.registration_deadline = timezone.now() + dt.timedelta(days=3)
    event.save()
    page = client.get(en("events:detail", slug=event.slug)).content.decode()
    assert en("events:register", slug=event.slug) in page
    event.registration_deadline = timezone.now() - dt.timedelta(minutes=1)
    event.save()
    page = client.get(en("events:detail", slug=event.slug)).content.decode()
    assert en("events:register", slug=event.slug) not in page


def test_programme_of_a_cancelled_event_says_so(client, event):
    event.status = EventStatus.CANCELLED
    event.save()
    page = text(client.get(en("events:detail", slug=event.slug)).content)
    assert "This event was cancelled." in page


def test_programme_in_vietnamese(client, event):
    with translation.override("vi"):
        url = reverse("events:detail", kwargs={"slug": event.slug})
    assert url.startswith("/vi/events/")
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "vi"
    assert "Đưa sản phẩm OCOP vào siêu thị" in text(response.content)


@pytest.mark.parametrize("count", [1, 3])
def test_programme_query_count_is_constant(client, event, count, django_assert_num_queries):
    add_participants(event, count)
    # event, sessions, blocks, producers, distributors
    with django_assert_num_queries(5):
        response = client.get(en("events:detail", slug=event.slug))
    assert len(response.context["programme"].producers) == count
    assert len(response.context["programme"].distributors) == count


@pytest.mark.parametrize("count", [1, 3])
def test_programme_query_count_for_a_participant(client, event, count, django_assert_num_queries):
    add_participants(event, count)
    member = ProducerMemberFactory(producer=event.participations.filter(kind="producer").first().producer)
    client.force_login(member.user)
    # + session, user, and the user's own registration
    with django_assert_num_queries(8):
        response = client.get(en("events:detail", slug=event.slug))
    assert response.context["mine"].producer == member.producer


def test_list_shows_upcoming_and_past_events(client, event):
    today = timezone.localdate()
    past = EventFactory(name="Sóc Trăng 2020", starts_on=today - dt.timedelta(days=400), status="finished")
    MouFactory.create_batch(3, event=past)
    ParticipationFactory.create_batch(2, event=past)
    ParticipationFactory(event=past, kind="distributor")
    EventFactory(name="Bản nháp", status=EventStatus.DRAFT)
    EventFactory(name="Đã hủy", status=EventStatus.CANCELLED)
    ParticipationFactory(event=event)
    response = client.get(en("events:list"))
    page = text(response.content)
    upcoming, past_part = page.split("Past events", 1)
    assert "Hội nghị kết nối cung cầu sản phẩm OCOP" in upcoming
    assert "1 producer" in upcoming
    assert "Đã hủy" in upcoming
    assert "Cancelled" in upcoming
    assert "Sóc Trăng 2020" in past_part
    assert "2 producers 1 distributor 3 MoUs signed" in past_part  # counted once each
    assert "Bản nháp" not in page


@pytest.mark.parametrize("count", [1, 3])
def test_list_query_count_is_constant(client, count, django_assert_num_queries):
    for n in range(count):
        ParticipationFactory(event=EventFactory())
        EventFactory(starts_on=timezone.localdate() - dt.timedelta(days=100 + n))
    with django_assert_num_queries(2):
        response = client.get(en("events:list"))
    assert len(response.context["upcoming"]) == count
    assert len(response.context["past"]) == count


# --- Set-up in the admin ----------------------------------------------------------------------------


class _FormValues(HTMLParser):
    """What a browser would submit from the form with the given id (no button pressed)."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.values = form_id, False, []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.values.append((a["name"], a.get("value", "on" if a.get("type") == "checkbox" else "")))
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.values.append((self._select, a.get("value", "")))
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self.values.append((self._textarea, ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            name, value = self.values[-1]
            self.values[-1] = (name, value + data.lstrip("\n") if not value else value + data)


def form_data(html: str, form_id: str) -> dict[str, list[str]]:
    parser = _FormValues(form_id)
    parser.feed(html)
    data: dict[str, list[str]] = {}
    for name, value in parser.values:
        data.setdefault(name, []).append(value)
    return data


def test_changing_blocks_in_the_event_form_rebuilds_their_slots_and_tables(client, event):
    block = event.meeting_blocks.get()
    assert (block.slots.count(), block.tables.count()) == (5, 12)
    client.force_login(OrganiserFactory())
    url = en("admin:events_event_change", object_id=event.pk)
    page = client.get(url)
    data = form_data(page.content.decode(), "event_form")
    assert data["sessions-0-room"] == [str(event.rooms.get(name="Hội trường A").pk)]
    data["meeting_blocks-0-slot_minutes"] = ["30"]
    data["meeting_blocks-0-table_count"] = ["8"]
    # and a new block the same day
    # (one date-and-time box a field in the blocks' table: the admin's split widget was too wide)
    assert 'type="datetime-local" name="meeting_blocks-0-starts_at"' in page.content.decode()
    day = event.ends_on.isoformat()
    data["meeting_blocks-TOTAL_FORMS"] = ["2"]
    data.update(
        {
            "meeting_blocks-1-title": ["Gặp gỡ B2B buổi sáng"],
            "meeting_blocks-1-room": [str(block.room_id)],
            "meeting_blocks-1-starts_at": [f"{day}T08:00"],
            "meeting_blocks-1-ends_at": [f"{day}T09:00"],
            "meeting_blocks-1-slot_minutes": ["15"],
            "meeting_blocks-1-break_minutes": ["5"],
            "meeting_blocks-1-table_count": ["3"],
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    block.refresh_from_db()
    # 14:00–16:00 in 30-minute meetings with 5-minute breaks: 14:00, 14:35, 15:10
    assert [timezone.localtime(s.starts_at).strftime("%H:%M") for s in block.slots.order_by("index")] == [
        "14:00",
        "14:35",
        "15:10",
    ]
    assert block.tables.count() == 8
    morning = event.meeting_blocks.get(title="Gặp gỡ B2B buổi sáng")
    assert (morning.slots.count(), morning.tables.count()) == (3, 3)


def test_a_session_room_must_be_one_of_the_events_rooms(client, event):
    foreign_room = RoomFactory(name="Phòng của sự kiện khác")
    client.force_login(OrganiserFactory())
    url = en("admin:events_event_change", object_id=event.pk)
    data = form_data(client.get(url).content.decode(), "event_form")
    assert "Phòng của sự kiện khác" not in client.get(url).content.decode()
    data["sessions-0-room"] = [str(foreign_room.pk)]
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Select a valid choice." in text(response.content)


def test_deadlines_must_come_in_order_before_the_event(client, event):
    client.force_login(OrganiserFactory())
    url = en("admin:events_event_change", object_id=event.pk)
    data = form_data(client.get(url).content.decode(), "event_form")
    data.update(
        {
            "registration_deadline_0": ["20/10/2030"],
            "registration_deadline_1": ["17:00"],
            "request_deadline_0": ["15/10/2030"],
            "request_deadline_1": ["17:00"],
            "catalogue_send_at_0": ["30/10/2030"],
            "catalogue_send_at_1": ["08:00"],
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    page = text(response.content)
    assert "Meeting requests close after registration: registered participants ask for meetings." in page
    assert "The catalogue must be sent before the event starts." in page
    event.refresh_from_db()
    assert event.registration_deadline is None
