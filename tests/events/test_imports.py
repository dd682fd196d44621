"""Excel import and export of participants and MoUs in the admin (django-import-export): a
preview first, row errors by row number, nothing written when a row fails, importing twice
changes nothing, formulas escaped, files over 5 MB refused."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from import_export.formats.base_formats import XLSX
from openpyxl import Workbook, load_workbook

from events.models import Mou, Participation
from events.resources import MOU_COLUMNS, PARTICIPATION_COLUMNS, MouResource, ParticipationResource
from tests.factories import (
    DistributorFactory,
    EventFactory,
    OrganiserFactory,
    ParticipationFactory,
    ProducerFactory,
)
from tests.pages import en, text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def workbook_bytes(headers, rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def snapshot(model):
    return list(model.objects.order_by("pk").values())


@pytest.fixture
def organiser():
    return OrganiserFactory()


@pytest.fixture
def world():
    event = EventFactory(slug="can-tho-2030")
    producers = [
        ProducerFactory(tax_code="0301234567", legal_name="Hộ kinh doanh Bà Sáu", kind="household"),
        ProducerFactory(tax_code="2200123456", legal_name="HTX Hành tím Vĩnh Châu"),
    ]
    distributor = DistributorFactory(name="Saigon Co.op")
    return event, producers, distributor


PARTICIPANT_ROWS = [
    ["can-tho-2030", "producer", "0301234567", None, None, None, "approved"],
    ["can-tho-2030", "Producer", "2200123456", None, 1, None, None],
    ["can-tho-2030", "distributor", None, "saigon co.op", 2, "Nguyễn Văn An\nTrần Thị Bình", "approved"],
]


def import_participants(rows, *, user=None, dry_run=False):
    return ParticipationResource().import_data(
        XLSX().create_dataset(workbook_bytes(PARTICIPATION_COLUMNS, rows)),
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
        user=user,
    )


# --- Participants --------------------------------------------------------------------------------


def test_admin_participant_import_previews_then_writes(client, organiser, world):
    event, producers, distributor = world
    client.force_login(organiser)
    url = en("admin:events_participation_import")
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile("participants.xlsx", workbook_bytes(PARTICIPATION_COLUMNS, PARTICIPANT_ROWS))
    preview = client.post(url, {"import_file": upload, "format": "0", "resource": "0"})
    assert preview.status_code == 200
    assert not Participation.objects.exists()  # a preview writes nothing
    assert "0301234567" in text(preview.content)
    confirm = preview.context["confirm_form"]
    response = client.post(en("admin:events_participation_process_import"), confirm.initial)
    assert response.status_code == 302
    rows = {
        p.party.pk if p.producer_id else p.distributor.name: p
        for p in Participation.objects.select_related("producer", "distributor")
    }
    household = rows[producers[0].pk]
    assert (household.kind, household.status, household.seats, household.registered_by) == (
        "producer",
        "approved",
        1,
        organiser,
    )
    assert rows[producers[1].pk].status == "pending"  # an empty status cell: pending
    saigon = rows["Saigon Co.op"]
    assert (saigon.kind, saigon.seats, saigon.representatives) == (
        "distributor",
        2,
        "Nguyễn Văn An\nTrần Thị Bình",
    )
    assert {p.event for p in rows.values()} == {event}


def test_importing_participants_twice_changes_nothing(organiser, world):
    first = import_participants(PARTICIPANT_ROWS, user=organiser)
    assert first.totals["new"] == 3
    before = snapshot(Participation)
    again = import_participants(PARTICIPANT_ROWS, user=organiser)
    assert (again.totals["skip"], again.totals["new"], again.totals["update"]) == (3, 0, 0)
    assert snapshot(Participation) == before


def test_a_row_updates_an_existing_participant_and_empty_cells_keep_values(organiser, world):
    event, _producers, distributor = world
    existing = ParticipationFactory(
        event=event,
        kind="distributor",
        distributor=distributor,
        seats=1,
        status="approved",
        registered_by=None,
    )
    rows = [["can-tho-2030", "distributor", None, "Saigon Co.op", 3, "An\nBình\nChi", None]]
    result = import_participants(rows, user=organiser)
    assert result.totals["update"] == 1
    existing.refresh_from_db()
    assert (existing.seats, existing.representatives, existing.status) == (3, "An\nBình\nChi", "approved")
    assert existing.registered_by is None  # who registered it does not change


def test_participant_row_errors_name_the_row_and_nothing_is_written(organiser, world):
    rows = [
        ["no-such-event", "producer", "0301234567", None, None, None, None],
        ["can-tho-2030", "producer", "9999999999", None, None, None, None],
        ["can-tho-2030", "producer", "2200123456", None, 2, None, None],
        ["can-tho-2030", "distributor", None, None, 2, None, None],
        ["can-tho-2030", "distributor", None, "Big C", 2, None, "maybe"],
        ["can-tho-2030", "distributor", None, "Saigon Co.op", 2, "An\nBình", "approved"],  # fine
    ]
    result = import_participants(rows, user=organiser)
    invalid = {row.number: row.error_dict for row in result.invalid_rows}
    assert invalid == {
        1: {"event": ["There is no event “no-such-event”."]},
        2: {"producer_tax_code": ["No producer has the tax code “9999999999”."]},
        3: {"seats": ["A producer has one seat."]},
        4: {"distributor": ["A distributor's row needs the distributor's name."]},
        5: {
            "distributor": ["There is no distributor “Big C”."],
            "status": ["“maybe” is not one of: pending, approved, declined, withdrawn."],
        },
    }
    assert not Participation.objects.exists()


def test_admin_import_lists_row_errors_and_offers_no_confirmation(client, organiser, world):
    rows = [*PARTICIPANT_ROWS, ["can-tho-2030", "producer", "0301234567", "Saigon Co.op", None, None, None]]
    client.force_login(organiser)
    upload = SimpleUploadedFile("participants.xlsx", workbook_bytes(PARTICIPATION_COLUMNS, rows))
    response = client.post(en("admin:events_participation_import"), {"import_file": upload, "format": "0"})
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert [row.number for row in response.context["result"].invalid_rows] == [4]
    page = text(response.content)
    assert "Some rows failed to validate" in page
    assert "distributor Leave this empty on a producer's row." in page
    assert not Participation.objects.exists()


@pytest.mark.parametrize("name", ["events_participation_import", "events_mou_import"])
def test_admin_imports_refuse_files_over_5_mb(client, organiser, world, name):
    client.force_login(organiser)
    data = workbook_bytes(PARTICIPATION_COLUMNS, PARTICIPANT_ROWS) + b"\0" * (5 * 1024 * 1024)
    response = client.post(
        en(f"admin:{name}"), {"import_file": SimpleUploadedFile("big.xlsx", data), "format": "0"}
    )
    assert response.status_code == 200
    assert "imports are limited to 5.0\xa0MB" in response.content.decode()
    assert not Participation.objects.exists()
    assert not Mou.objects.exists()


def test_participant_export_escapes_formulas_and_imports_back_unchanged(client, organiser, world):
    event, producers, distributor = world
    ParticipationFactory(event=event, producer=producers[0], representatives="=cmd|' /C calc'!A0")
    ParticipationFactory(
        event=event, kind="distributor", distributor=distributor, seats=2, representatives="+84 912\n@An"
    )
    dataset = ParticipationResource().export()
    data = XLSX().export_data(dataset)
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (*PARTICIPATION_COLUMNS, "producer_name")
    by_kind = {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_kind["producer"]["representatives"] == "'=cmd|' /C calc'!A0"
    assert by_kind["producer"]["producer_name"] == "Hộ kinh doanh Bà Sáu"
    assert by_kind["distributor"]["representatives"] == "'+84 912\n@An"
    assert by_kind["distributor"]["distributor"] == "Saigon Co.op"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    before = snapshot(Participation)
    result = ParticipationResource().import_data(
        XLSX().create_dataset(data), use_transactions=True, rollback_on_validation_errors=True, user=organiser
    )
    assert not result.has_validation_errors(), [r.error_dict for r in result.invalid_rows]
    assert result.totals["skip"] == 2
    assert snapshot(Participation) == before
    client.force_login(organiser)
    assert client.get(en("admin:events_participation_export")).status_code == 200


def test_a_tax_code_typed_as_a_number_is_read_back(organiser, world):
    result = import_participants(
        [["can-tho-2030", "producer", 301234567, None, None, None, None]], user=organiser
    )
    assert not result.has_validation_errors(), [r.error_dict for r in result.invalid_rows]
    assert Participation.objects.get().producer.tax_code == "0301234567"


# --- MoUs ----------------------------------------------------------------------------------------------


MOU_ROWS = [
    # event, kind, title, party_a, party_b, producer_tax_code, distributor, signed_on, notes
    [
        "can-tho-2030",
        "province_province",
        "Hợp tác thương mại",
        "Sở Công Thương Cần Thơ",
        "Sở Công Thương Bến Tre",
        None,
        None,
        "27/10/2030",
        None,
    ],
    [
        "can-tho-2030",
        "Province – distributor",
        "Đưa sản phẩm OCOP vào siêu thị",
        "Sở Công Thương Cần Thơ",
        "Saigon Co.op",
        None,
        "Saigon Co.op",
        None,
        None,
    ],
    [
        "can-tho-2030",
        "business_business",
        "Tiêu thụ hành tím",
        "HTX Hành tím Vĩnh Châu",
        "Saigon Co.op",
        "2200123456",
        "Saigon Co.op",
        "2030-10-27",
        "500 kg/tháng",
    ],
]


def test_admin_mou_import_previews_then_writes_and_twice_changes_nothing(client, organiser, world):
    event, producers, distributor = world
    client.force_login(organiser)
    url = en("admin:events_mou_import")
    upload = SimpleUploadedFile("mous.xlsx", workbook_bytes(MOU_COLUMNS, MOU_ROWS))
    preview = client.post(url, {"import_file": upload, "format": "0", "resource": "0"})
    assert preview.status_code == 200
    assert not Mou.objects.exists()
    response = client.post(en("admin:events_mou_process_import"), preview.context["confirm_form"].initial)
    assert response.status_code == 302
    assert Mou.objects.count() == 3
    business = Mou.objects.get(kind="business_business")
    assert (business.producer, business.distributor, business.notes) == (
        producers[1],
        distributor,
        "500 kg/tháng",
    )
    assert str(business.signed_on) == "2030-10-27"
    retail = Mou.objects.get(kind="province_distributor")
    assert retail.signed_on == event.starts_on  # an empty date: the event's first day
    before = snapshot(Mou)
    again = MouResource().import_data(
        XLSX().create_dataset(workbook_bytes(MOU_COLUMNS, MOU_ROWS)), use_transactions=True
    )
    assert again.totals["skip"] == 3
    assert snapshot(Mou) == before


def test_mou_row_errors_name_the_row_and_nothing_is_written(organiser, world):
    rows = [
        *MOU_ROWS,
        ["can-tho-2030", "friendship", "", "A", "B", None, None, None, None],
        ["can-tho-2030", "business_business", "", "", "B", None, None, "32/13/2030", None],
    ]
    result = MouResource().import_data(
        XLSX().create_dataset(workbook_bytes(MOU_COLUMNS, rows)),
        use_transactions=True,
        rollback_on_validation_errors=True,
    )
    invalid = {row.number: row.error_dict for row in result.invalid_rows}
    assert invalid == {
        4: {
            "kind": [
                "“friendship” is not one of: province_province, province_distributor, business_business."
            ]
        },
        5: {
            "signed_on": ["“32/13/2030” is not a date: write it as dd/mm/yyyy."],
            "party_a": ["This column cannot be empty."],
        },
    }
    assert not Mou.objects.exists()
