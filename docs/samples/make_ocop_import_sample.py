"""Write docs/samples/ocop-import-sample.xlsx: the organisers' bulk-import template, filled
with a few example producers, products and OCOP certificates (see docs/import.md).

Run from the project root:  .venv/bin/python docs/samples/make_ocop_import_sample.py
tests/producers/test_import_export.py imports the file it writes and checks it is clean.
"""

import datetime as dt
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = Path(__file__).with_name("ocop-import-sample.xlsx")

# (producer columns..., product columns..., certificate columns...) in PRODUCT_COLUMNS order.
PRODUCERS = {
    "2200123456": (
        "Hợp tác xã Nông nghiệp Hành tím Vĩnh Châu",
        "cooperative",
        "Sóc Trăng",  # a former province: read as Cần Thơ, which it joined in 2025
        "Khóm Biển Trên, phường Vĩnh Phước",
        "0299 3 861 234",
        "Trần Thị Lan",
        "htx.hanhtim@example.vn",
    ),
    "2200987654": (
        "Hộ kinh doanh Bánh pía Mỹ Xuyên",
        "household",
        "Cần Thơ",
        "Số 12, ấp Hòa Phú, xã Mỹ Xuyên",
        "0912 345 678",
        "Lâm Văn Phát",
        "",
    ),
    "1801234567-001": (
        "Chi nhánh Công ty Cổ phần Trà Phương Nam",
        "enterprise",
        "can-tho",
        "Khu công nghiệp Trà Nóc 2, quận Ô Môn",
        "0292 3 555 010",
        "Nguyễn Minh Tâm",
        "kinhdoanh@example.vn",
    ),
    "1400456789": (
        "Tổ hợp tác Dệt chiếu Định Yên",
        "cooperative_group",
        "Đồng Tháp",
        "Ấp An Phú, xã Định Yên",
        "0277 3 867 555",
        "Phạm Thị Bé",
        "",
    ),
}

PRODUCTS = [
    # tax code, name, gtin, group, subgroup, description, packaging, price min, price max,
    # minimum order, monthly capacity, unit, shelf life (days), storage, status,
    # stars, score, decision, level, issued on, verification
    (
        "2200123456",
        "Hành tím Vĩnh Châu sấy giòn",
        "8930000000019",
        "food",
        "food-processed",
        "Hành tím Vĩnh Châu thái lát, sấy giòn, không chất bảo quản.",
        "Hũ 200 g",
        35_000,
        45_000,
        100,
        2_000,
        "pack",
        365,
        "ambient",
        "published",
        4,
        78,
        "1520/QĐ-UBND",
        "province",
        dt.date(2024, 6, 12),
        "verified",
    ),
    (
        "2200123456",
        "Hành tím Vĩnh Châu tươi",
        "",
        "food",
        "food-fresh",
        "Hành tím tươi loại 1, thu hoạch tháng 2–4.",
        "Túi lưới 5 kg",
        60_000,
        90_000,
        50,
        20_000,
        "kg",
        60,
        "ambient",
        "published",
        3,
        64,
        "275/QĐ-UBND",
        "district",
        dt.date(2025, 3, 20),
        "verified",
    ),
    (
        "2200987654",
        "Bánh pía sầu riêng trứng muối",
        "8930000000026",
        "food",
        "food-processed",
        "Bánh pía nhân sầu riêng, đậu xanh và trứng muối, làm thủ công.",
        "Hộp 4 bánh × 125 g",
        55_000,
        70_000,
        20,
        3_000,
        "box",
        60,
        "ambient",
        "published",
        4,
        82,
        "98/QĐ-UBND",
        "province",
        dt.date(2025, 9, 5),
        "pending",
    ),
    (
        "1801234567-001",
        "Trà mãng cầu túi lọc",
        "8930000000033",
        "beverages",
        "beverages-soft",
        "Trà thảo mộc từ lá và quả mãng cầu xiêm.",
        "Hộp 20 túi × 2 g",
        48_000,
        48_000,
        200,
        10_000,
        "box",
        540,
        "ambient",
        "draft",
        3,
        66,
        "2011/QĐ-UBND",
        "province",
        dt.date(2025, 10, 1),
        "pending",
    ),
    (
        "1400456789",
        "Chiếu cói Định Yên in hoa",
        "",
        "handicrafts",
        "handicrafts-crafts",
        "Chiếu cói dệt tay, in hoa văn truyền thống.",
        "Cuộn 1,6 m × 2 m",
        250_000,
        450_000,
        10,
        800,
        "piece",
        None,
        "ambient",
        "published",
        3,
        58,
        "301/QĐ-UBND",
        "district",
        dt.date(2025, 5, 5),
        "verified",
    ),
]


def rows() -> list[list]:
    result = []
    for product in PRODUCTS:
        tax_code, *rest = product
        result.append([tax_code, *PRODUCERS[tax_code], *rest])
    return result


def write(path: Path = OUTPUT) -> Path:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_portal.settings")
    import django

    django.setup()
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from producers.resources import PRODUCT_COLUMNS

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "products"
    sheet.append(list(PRODUCT_COLUMNS))
    for row in rows():
        if len(row) != len(PRODUCT_COLUMNS):
            raise ValueError(f"{len(row)} values for {len(PRODUCT_COLUMNS)} columns: {row}")
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    date_column = PRODUCT_COLUMNS.index("ocop_issued_on") + 1
    for (cell,) in sheet.iter_rows(min_row=2, min_col=date_column, max_col=date_column):
        cell.number_format = "DD/MM/YYYY"
    for column in ("producer_tax_code", "gtin"):  # text, so leading zeros survive
        index = PRODUCT_COLUMNS.index(column) + 1
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            cell.number_format = "@"
    sheet.freeze_panes = "A2"
    for letter_cells in sheet.columns:
        width = max(len(str(c.value or "")) for c in letter_cells)
        sheet.column_dimensions[letter_cells[0].column_letter].width = min(max(width + 2, 10), 48)
    workbook.properties.creator = "OCOP portal"
    workbook.save(path)
    return path


if __name__ == "__main__":
    print(write())
