"""Organisers' bulk import and export (django-import-export) of producers, products and
OCOP certificates, through the admin and through the resources."""

import datetime as dt
import io
from pathlib import Path

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from import_export.formats.base_formats import XLSX
from openpyxl import Workbook, load_workbook

from producers.models import OcopCertificate, Producer, Product
from producers.resources import PRODUCT_COLUMNS, ProducerResource, ProductResource
from tests.factories import ProducerFactory, ProductFactory
from tests.factories.producers import gtin13

from .helpers import en, text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Row errors are checked in English (imports outside a request speak Vietnamese)."""
    with translation.override("en"):
        yield


SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "samples" / "ocop-import-sample.xlsx"


def read_xlsx(data: bytes) -> tablib.Dataset:
    return XLSX().create_dataset(data)


def workbook_bytes(rows: list[list], headers=PRODUCT_COLUMNS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sample_rows() -> list[list]:
    sheet = load_workbook(SAMPLE).active
    return [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]


def import_products(data: bytes, user=None, dry_run=False):
    return ProductResource().import_data(
        read_xlsx(data), dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True, user=user
    )


def snapshot():
    return (
        list(Producer.objects.order_by("pk").values()),
        list(Product.objects.order_by("pk").values()),
        list(OcopCertificate.objects.order_by("pk").values()),
    )


def test_sample_file_matches_the_columns_and_imports_cleanly(organiser):
    assert read_xlsx(SAMPLE.read_bytes()).headers == list(PRODUCT_COLUMNS)
    result = import_products(SAMPLE.read_bytes(), user=organiser)
    assert not result.has_errors()
    assert not result.has_validation_errors()
    assert result.totals["new"] == 5
    assert (
        Producer.objects.filter(
            tax_code__in=["2200123456", "2200987654", "1801234567-001", "1400456789"]
        ).count()
        == 4
    )
    onion = Product.objects.get(gtin="8930000000019")
    assert onion.producer.province.name == "Cần Thơ"  # "Sóc Trăng" joined Cần Thơ in 2025
    assert onion.slug == "hanh-tim-vinh-chau-say-gion"
    assert "hanh tim vinh chau" in onion.search_text
    assert (onion.certificate.stars, onion.certificate.verification, onion.certificate.verified_by) == (
        4,
        "verified",
        organiser,
    )
    assert onion.certificate.valid_until == dt.date(2027, 6, 12)
    assert onion.listed_at is not None  # published and verified: in the catalogue from now
    draft = Product.objects.get(name="Trà mãng cầu túi lọc")
    assert draft.status == "draft"
    assert draft.listed_at is None


def test_importing_the_same_file_twice_changes_nothing(organiser):
    import_products(SAMPLE.read_bytes(), user=organiser)
    before = snapshot()
    result = import_products(SAMPLE.read_bytes(), user=organiser)
    assert result.totals["skip"] == 5
    assert result.totals["new"] == result.totals["update"] == 0
    assert snapshot() == before


def test_export_has_the_import_columns_and_reimports_unchanged(organiser):
    import_products(SAMPLE.read_bytes(), user=organiser)
    exported = XLSX().export_data(ProductResource().export())
    assert read_xlsx(exported).headers == list(PRODUCT_COLUMNS)
    before = snapshot()
    result = import_products(exported, user=organiser)
    assert result.totals["skip"] == 5
    assert snapshot() == before


def test_export_escapes_formulas_and_import_restores_them(organiser, current_province):
    producer = ProducerFactory(
        province=current_province,
        contact_person='=HYPERLINK("http://evil.example","click")',
        phone="+84 912 345 678",
    )
    ProductFactory(producer=producer, description="-10% cho đơn đầu tiên", packaging="@home")
    exported = XLSX().export_data(ProductResource().export())
    sheet = load_workbook(io.BytesIO(exported)).active
    cells = {header.value: cell.value for header, cell in zip(sheet[1], sheet[2], strict=True)}
    assert cells["producer_contact_person"] == '\'=HYPERLINK("http://evil.example","click")'
    assert cells["producer_phone"] == "'+84 912 345 678"
    assert cells["description"] == "'-10% cho đơn đầu tiên"
    assert cells["packaging"] == "'@home"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)  # no formula at all
    before = snapshot()
    result = import_products(exported, user=organiser)
    assert result.totals["skip"] == 1
    assert snapshot() == before


def test_a_failing_row_is_reported_by_number_and_nothing_is_written(organiser):
    rows = sample_rows()
    wrong_gtin = gtin13(7)[:-1] + str((int(gtin13(7)[-1]) + 3) % 10)
    rows[1][PRODUCT_COLUMNS.index("gtin")] = wrong_gtin
    rows[3][PRODUCT_COLUMNS.index("ocop_stars")] = 5  # score 66 is 3★
    rows[4][PRODUCT_COLUMNS.index("producer_province")] = "Atlantis"
    result = import_products(workbook_bytes(rows), user=organiser)
    invalid = {row.number: row.error_dict for row in result.invalid_rows}
    assert sorted(invalid) == [2, 4, 5]
    assert "check digit" in invalid[2]["gtin"][0]
    assert "gives 3★, not 5★" in invalid[4]["ocop_stars"][0]
    assert "no province “Atlantis”" in invalid[5]["producer_province"][0]
    assert not Producer.objects.filter(tax_code="2200123456").exists()
    assert not Product.objects.exists()


def test_matching_by_gtin_renames_and_by_tax_code_and_name(organiser):
    import_products(SAMPLE.read_bytes(), user=organiser)
    rows = sample_rows()
    rows[0][PRODUCT_COLUMNS.index("name")] = "Hành tím sấy giòn Vĩnh Châu (mới)"
    rows[1][PRODUCT_COLUMNS.index("price_max")] = 95_000
    result = import_products(workbook_bytes(rows), user=organiser)
    assert (result.totals["update"], result.totals["new"], result.totals["skip"]) == (2, 0, 3)
    assert Product.objects.get(gtin="8930000000019").name == "Hành tím sấy giòn Vĩnh Châu (mới)"
    assert Product.objects.get(name="Hành tím Vĩnh Châu tươi").price_max == 95_000
    assert Product.objects.count() == 5


def test_a_changed_certificate_returns_to_pending_unless_the_row_says_so(organiser):
    import_products(SAMPLE.read_bytes(), user=organiser)
    rows = sample_rows()
    rows[0][PRODUCT_COLUMNS.index("ocop_decision_number")] = "1600/QĐ-UBND"
    rows[0][PRODUCT_COLUMNS.index("ocop_verification")] = None
    import_products(workbook_bytes(rows), user=organiser)
    certificate = Product.objects.get(gtin="8930000000019").certificate
    assert (certificate.decision_number, certificate.verification, certificate.verified_by) == (
        "1600/QĐ-UBND",
        "pending",
        None,
    )


def test_tax_code_and_gtin_typed_as_numbers_are_read_back(organiser):
    rows = sample_rows()[:1]
    rows[0][PRODUCT_COLUMNS.index("producer_tax_code")] = 301234567  # 0301234567, zero lost in Excel
    rows[0][PRODUCT_COLUMNS.index("gtin")] = 8930000000019
    result = import_products(workbook_bytes(rows), user=organiser)
    assert not result.has_validation_errors(), [r.error_dict for r in result.invalid_rows]
    assert Product.objects.get().producer.tax_code == "0301234567"


def test_producer_resource_imports_and_exports_the_same_columns(organiser, current_province):
    ProducerFactory(legal_name="Hợp tác xã Rau an toàn", story="@ruộng nhà", province=current_province)
    dataset = ProducerResource().export()
    assert dataset.headers == [
        "tax_code",
        "legal_name",
        "kind",
        "province",
        "address",
        "phone",
        "contact_person",
        "email",
        "website",
        "story",
    ]
    before = snapshot()
    result = ProducerResource().import_data(read_xlsx(XLSX().export_data(dataset)), use_transactions=True)
    assert result.totals["skip"] == 1
    assert snapshot() == before
    former = ProducerFactory(province__code="soc-trang")
    dataset = ProducerResource().export(queryset=Producer.objects.filter(pk=former.pk))
    ProducerResource().import_data(dataset, use_transactions=True)
    former.refresh_from_db()
    assert former.province == current_province  # Sóc Trăng joined Cần Thơ in 2025
    dataset = tablib.Dataset(headers=dataset.headers)
    dataset.append(
        ["2211111111", "HTX Mới", "Hợp tác xã", "Cần Thơ", "Ấp 1", "0912345678", "Anh Ba", "", "", ""]
    )
    result = ProducerResource().import_data(dataset, use_transactions=True)
    assert not result.has_validation_errors(), [r.error_dict for r in result.invalid_rows]
    created = Producer.objects.get(tax_code="2211111111")
    assert (created.kind, created.slug) == ("cooperative", "htx-moi")


# --- Through the admin -------------------------------------------------------------------------


def test_admin_import_previews_then_writes(client, organiser):
    client.force_login(organiser)
    url = en("admin:producers_product_import")
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile("ocop.xlsx", SAMPLE.read_bytes())
    preview = client.post(url, {"import_file": upload, "format": "0", "resource": "0"})
    assert preview.status_code == 200
    assert not Product.objects.exists()  # a preview writes nothing
    html = text(preview.content.decode())
    assert "Hành tím Vĩnh Châu sấy giòn" in html
    confirm = preview.context["confirm_form"]
    response = client.post(en("admin:producers_product_process_import"), confirm.initial)
    assert response.status_code == 302
    assert Product.objects.count() == 5


def test_admin_import_lists_row_errors_and_offers_no_confirmation(client, organiser):
    rows = sample_rows()
    rows[2][PRODUCT_COLUMNS.index("ocop_issued_on")] = dt.date(2099, 1, 1)
    client.force_login(organiser)
    upload = SimpleUploadedFile("ocop.xlsx", workbook_bytes(rows))
    response = client.post(en("admin:producers_product_import"), {"import_file": upload, "format": "0"})
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert [row.number for row in response.context["result"].invalid_rows] == [3]
    html = text(response.content.decode())
    assert "Some rows failed to validate" in html
    assert "ocop_issued_on The issue date cannot be in the future." in html
    assert not Product.objects.exists()
    assert not Producer.objects.exists()


def test_admin_import_refuses_files_over_5_mb(client, organiser):
    client.force_login(organiser)
    upload = SimpleUploadedFile("big.xlsx", SAMPLE.read_bytes() + b"\0" * (5 * 1024 * 1024))
    response = client.post(en("admin:producers_product_import"), {"import_file": upload, "format": "0"})
    assert response.status_code == 200
    assert "imports are limited to 5.0\xa0MB" in response.content.decode()
    assert not Product.objects.exists()


def test_admin_export_page_and_producer_import_page(client, organiser):
    client.force_login(organiser)
    assert client.get(en("admin:producers_product_export")).status_code == 200
    assert client.get(en("admin:producers_producer_import")).status_code == 200
