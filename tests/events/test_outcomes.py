"""The organisers' outcome dashboard: figures, server-drawn charts, Excel exports."""

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from import_export.formats.base_formats import XLSX
from openpyxl import load_workbook

from events.models import Mou
from events.resources import MOU_COLUMNS, MouResource
from matchmaking.models import Meeting, MeetingFeedback
from tests.factories import (
    DistributorFactory,
    EventFactory,
    MeetingRequestFactory,
    MouFactory,
    ParticipationFactory,
    ProducerFactory,
    ProductFactory,
    ProvinceFactory,
    ScheduleRunFactory,
)
from tests.factories.events import MeetingBlockWithSlotsFactory
from tests.pages import en, text

pytestmark = pytest.mark.django_db


def reference_mous(event) -> None:
    """What the Sóc Trăng conference of 27/10/2020 signed."""
    MouFactory.create_batch(14, event=event, kind="province_province", party_b="Sở Công Thương Bến Tre")
    MouFactory.create_batch(8, event=event, kind="province_distributor")
    MouFactory.create_batch(34, event=event, kind="business_business")


@pytest.fixture
def event():
    """Four producers approved (three from Sóc Trăng, one from Cần Thơ), one pending; two
    distributors approved, one declined; five requests; a published schedule of four
    meetings (two held, one no-show, one cancelled) with ratings; a draft run ignored."""
    event = EventFactory(name="Hội nghị Sóc Trăng 2020", starts_on=dt.date(2020, 10, 27), status="finished")
    soc_trang, can_tho = ProvinceFactory(), ProvinceFactory(code="can-tho")
    producers = [ProducerFactory(province=soc_trang) for _ in range(3)] + [ProducerFactory(province=can_tho)]
    for producer in producers:
        ParticipationFactory(event=event, producer=producer)
    ParticipationFactory(event=event, status="pending")
    distributors = [DistributorFactory(name="Saigon Co.op"), DistributorFactory(name='=HYPERLINK("x")')]
    for distributor in distributors:
        ParticipationFactory(event=event, kind="distributor", distributor=distributor, seats=2)
    ParticipationFactory(event=event, kind="distributor", status="declined")
    for status in ("accepted", "accepted", "accepted", "pending", "declined"):
        MeetingRequestFactory(
            event=event, status=status, producer=producers[0], distributor=DistributorFactory()
        )
    block = MeetingBlockWithSlotsFactory(event=event, table_count=4)
    slots, tables = list(block.slots.order_by("starts_at")), list(block.tables.order_by("number"))
    run = ScheduleRunFactory(event=event, status="published", version=1, published_at=timezone.now())
    ScheduleRunFactory(event=event, status="draft")
    request = MeetingRequestFactory(
        event=event,
        producer=producers[0],
        distributor=distributors[0],
        product=ProductFactory(producer=producers[0]),
    )
    meetings = [
        Meeting.objects.create(
            run=run,
            slot=slots[i],
            table=tables[i],
            producer=producers[i],
            distributor=distributors[i % 2],
            status=status,
            request=request if i == 0 else None,
        )
        for i, status in enumerate(("held", "held", "no_show", "cancelled"))
    ]
    MeetingFeedback.objects.create(meeting=meetings[0], side="producer", rating="cooperation_likely")
    MeetingFeedback.objects.create(meeting=meetings[0], side="buyer", rating="informative")
    MeetingFeedback.objects.create(meeting=meetings[1], side="buyer", rating="cooperation_likely")
    MeetingFeedback.objects.create(meeting=meetings[0], side="producer", months_after=3, outcome="order")
    reference_mous(event)
    return event


def test_outcomes_show_the_events_figures(organiser_client, event):
    response = organiser_client.get(en("events:outcomes", slug=event.slug))
    assert response.status_code == 200
    page = text(response.content)
    assert "Producers 4 1 pending · 0 declined" in page
    assert "Distributors 2 0 pending · 1 declined" in page
    assert "Meetings held 2 3 placed · 6 requested" in page
    assert "MoUs signed 56 14 province – province 8 province – distributor 34 business – business" in page
    assert "Published schedule: version 1" in page
    assert "Requests still pending: 2 · declined: 1 · cancelled: 0" in page
    assert "Cần Thơ (formerly Sóc Trăng) 3 0" in page  # named as every page names it
    assert "Cần Thơ 1 0" in page
    assert "Thành phố Hồ Chí Minh 0 2" in page
    assert "An order 1" in page


def test_outcome_charts_are_inline_svg_without_script(organiser_client, event):
    html = organiser_client.get(en("events:outcomes", slug=event.slug)).content.decode()
    assert html.count('<svg class="bar-chart"') == 4
    assert html.count("<script") == 1  # the base layout's one-line "js" class, nothing else
    # Nothing loaded from elsewhere (the page's CSRF token is random text: not searched).
    addresses = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert addresses
    assert not [a for a in addresses if "cdn" in a.lower() or a.startswith(("http:", "https:", "//"))]
    mous = html[html.index('id="chart-mous-title"') :]
    mous = mous[: mous.index("</svg>")]
    assert "MoUs signed: Province – province: 14; Province – distributor: 8; Business – business: 34" in mous
    # Widths relative to the largest value (34), written with a dot whatever the language.
    assert re.findall(r'class="chart-bar s0"[^>]*width="([0-9.]+)%"', mous) == ["41.18", "23.53", "100.00"]
    with translation.override("vi"):
        url = reverse("events:outcomes", kwargs={"slug": event.slug})
    html_vi = organiser_client.get(url).content.decode()
    assert 'width="41.18%"' in html_vi


def test_outcomes_without_a_schedule_or_ratings(organiser_client):
    event = EventFactory()
    page = text(organiser_client.get(en("events:outcomes", slug=event.slug)).content)
    assert "No schedule has been published for this event yet." in page
    assert "No rating has been given yet" in page
    assert "MoUs signed 0" in page


@pytest.mark.parametrize("count", [1, 3])
def test_outcomes_query_count_is_constant(organiser_client, count, django_assert_num_queries):
    event = EventFactory()
    block = MeetingBlockWithSlotsFactory(event=event)
    run = ScheduleRunFactory(event=event, status="published", version=1)
    for slot, table in zip(block.slots.all()[:count], block.tables.all()[:count], strict=True):
        meeting = Meeting.objects.create(
            run=run, slot=slot, table=table, producer=ProducerFactory(), distributor=DistributorFactory()
        )
        MeetingFeedback.objects.create(meeting=meeting, side="buyer", rating="informative")
        MouFactory(event=event)
        ParticipationFactory(event=event)
    # session, user, event, then the nine of event_outcomes
    with django_assert_num_queries(12):
        response = organiser_client.get(en("events:outcomes", slug=event.slug))
    assert response.context["outcomes"].meetings["placed"] == count


def test_meetings_export(organiser_client, event):
    response = organiser_client.get(en("events:export_meetings", slug=event.slug))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == f'attachment; filename="meetings-{event.slug}.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Date", "Starts", "Ends")
    assert len(rows) == 5  # the header and four meetings (the cancelled one says so)
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Date"] == dt.datetime(2020, 10, 27)
    assert (first["Starts"], first["Ends"], first["Table"], first["Seat"]) == ("14:00", "14:20", "Table 1", 1)
    assert first["Distributor"] == "Saigon Co.op"
    assert first["Status"] == "Held"
    assert first["Requested product"].startswith("Bánh pía")
    assert (first["Rating by the producer"], first["Rating by the buyer"]) == (
        "Cooperation likely",
        "Informative",
    )
    second = dict(zip(rows[0], rows[2], strict=True))
    assert second["Distributor"] == '\'=HYPERLINK("x")'  # a spreadsheet shows it, never runs it
    assert [r[12] for r in rows[1:]] == ["Held", "Held", "No-show", "Cancelled"]
    assert [r[9] for r in rows[1:]] == ["Cần Thơ (formerly Sóc Trăng)"] * 3 + ["Cần Thơ"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_meetings_export_without_a_published_schedule(organiser_client):
    event = EventFactory()
    sheet = load_workbook(
        io.BytesIO(organiser_client.get(en("events:export_meetings", slug=event.slug)).content)
    ).active
    assert sheet["A2"].value == "No schedule has been published for this event yet."


def test_mou_export_escapes_formulas_and_imports_back_unchanged(organiser_client):
    event = EventFactory()
    producer = ProducerFactory(legal_name="+HTX Cộng")
    MouFactory(
        event=event, party_a="=1+1", party_b="@Saigon Co.op", notes="-10% chiết khấu", producer=producer
    )
    MouFactory(event=event, kind="province_province", party_b="Sở Công Thương Hậu Giang", title="Hợp tác")
    MouFactory(event=EventFactory())  # another event's: not in this file
    response = organiser_client.get(en("events:export_mous", slug=event.slug))
    assert response["Content-Disposition"] == f'attachment; filename="mous-{event.slug}.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == MOU_COLUMNS
    assert len(rows) == 3
    cells = {row[MOU_COLUMNS.index("party_a")]: dict(zip(MOU_COLUMNS, row, strict=True)) for row in rows[1:]}
    business = cells["'=1+1"]
    assert (business["party_b"], business["notes"]) == ("'@Saigon Co.op", "'-10% chiết khấu")
    assert business["producer_tax_code"] == producer.tax_code
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    before = list(Mou.objects.order_by("pk").values())
    result = MouResource().import_data(
        XLSX().create_dataset(response.content), use_transactions=True, rollback_on_validation_errors=True
    )
    assert not result.has_validation_errors(), [r.error_dict for r in result.invalid_rows]
    assert result.totals["skip"] == 2
    assert list(Mou.objects.order_by("pk").values()) == before
