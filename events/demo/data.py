"""Content of the demo: the Sóc Trăng conference of 27 October 2020 and an upcoming one.

The event, its themes, the distributors and the figures (52 producers, 99 OCOP products:
24 at 4★ and 75 at 3★; 14 + 8 + 34 MoUs) follow the real conference. The producers, their
people, addresses, tax codes, phones and barcodes are invented for the demo, placed in real
localities of the former Sóc Trăng province (pre-2025 districts and communes).
"""

import datetime as dt
from typing import NamedTuple

# Printed by the command; for a local demo database only.
DEMO_PASSWORD = "ocop-demo-2020"  # noqa: S105 (documented demo password)

REFERENCE_EVENT = {
    "slug": "hoi-nghi-ket-noi-cung-cau-ocop-soc-trang-2020",
    "name": (
        "Hội nghị Kết nối cung cầu, liên kết sản xuất, tiêu thụ sản phẩm OCOP và đặc sản "
        "vùng miền tỉnh Sóc Trăng năm 2020"
    ),
    "day": dt.date(2020, 10, 27),
    "venue": "Trung tâm Văn hóa và Hội nghị tỉnh Sóc Trăng",
    "address": "Đường Trần Hưng Đạo, Phường 2, TP. Sóc Trăng, tỉnh Sóc Trăng",
    "province": "soc-trang",
    "organiser_name": "Sở Công Thương tỉnh Sóc Trăng",
    "description": (
        "Hơn 150 doanh nghiệp, hợp tác xã, cơ sở sản xuất, kinh doanh của hơn 20 tỉnh, thành "
        "tham gia; tỉnh Sóc Trăng giới thiệu 99 sản phẩm OCOP của 52 chủ thể (24 sản phẩm 4 sao, "
        "75 sản phẩm 3 sao; 8 sản phẩm được đề xuất đánh giá 5 sao), chủ yếu là thực phẩm, đồ "
        "uống và thảo dược. Đại diện các hệ thống phân phối Saigon Co.op, Central Retail (Big C), "
        "MM Mega Market, BRG Retail, Bách Hóa Xanh, VinaGreenCo, doanh nghiệp xuất khẩu trái cây "
        "và các siêu thị địa phương trực tiếp nếm thử, làm việc với nhà sản xuất. Trước hội nghị, "
        "ban tổ chức gửi các nhà phân phối danh mục sản phẩm của các đơn vị tham gia."
    ),
}

REFERENCE_ROOMS = [("Hội trường chính", 400), ("Khu giao thương B2B", 120)]

# (title, room, start, end, speakers)
REFERENCE_SESSIONS = [
    (
        "Thực trạng và giải pháp đưa sản phẩm OCOP vào hệ thống phân phối hiện đại",
        "Hội trường chính",
        dt.time(8, 30),
        dt.time(10, 0),
        "Đại diện Sở Công Thương tỉnh Sóc Trăng\nĐại diện Saigon Co.op\nĐại diện Central Retail Việt Nam\n"
        "Đại diện MM Mega Market Việt Nam",
    ),
    (
        "Liên kết sản xuất – tiêu thụ nông sản, đặc sản vùng miền",
        "Hội trường chính",
        dt.time(10, 15),
        dt.time(11, 30),
        "Đại diện Sở Nông nghiệp và Phát triển nông thôn tỉnh Sóc Trăng\nĐại diện BRG Retail\n"
        "Đại diện Bách Hóa Xanh\nĐại diện các hợp tác xã sản xuất lúa gạo, hành tím",
    ),
]
REFERENCE_BLOCK = (
    "Gặp gỡ giao thương B2B giữa nhà phân phối và chủ thể OCOP",
    dt.time(13, 30),
    dt.time(16, 30),
    12,
)

UPCOMING_EVENT = {
    "slug": "hoi-nghi-ket-noi-cung-cau-ocop-can-tho",
    "name": "Hội nghị kết nối cung cầu sản phẩm OCOP thành phố Cần Thơ năm {year}",
    "venue": "Trung tâm Hội chợ Triển lãm Quốc tế Cần Thơ",
    "address": "Đường Lê Hồng Phong, phường Bình Thủy, thành phố Cần Thơ",
    "province": "can-tho",
    "organiser_name": "Sở Công Thương thành phố Cần Thơ",
    "description": (
        "Kết nối các chủ thể OCOP của thành phố Cần Thơ (gồm địa bàn các tỉnh Sóc Trăng, Hậu Giang "
        "trước sắp xếp) với các hệ thống siêu thị, chuỗi cửa hàng, sàn thương mại điện tử và doanh "
        "nghiệp xuất khẩu; gặp gỡ giao thương B2B theo lịch hẹn."
    ),
    "days_ahead": 45,
}
UPCOMING_ROOMS = [("Hội trường A", 300), ("Phòng hội thảo B", 80), ("Khu giao thương B2B", 150)]
UPCOMING_SESSIONS = [
    (
        "Xu hướng tiêu dùng sản phẩm OCOP và yêu cầu của hệ thống bán lẻ hiện đại",
        "Hội trường A",
        0,
        dt.time(8, 30),
        dt.time(10, 0),
        "Đại diện Sở Công Thương thành phố Cần Thơ\nĐại diện Saigon Co.op\nĐại diện Bách Hóa Xanh",
    ),
    (
        "Truy xuất nguồn gốc, mã vạch và thương mại điện tử cho sản phẩm OCOP",
        "Phòng hội thảo B",
        0,
        dt.time(10, 15),
        dt.time(11, 30),
        "Đại diện GS1 Việt Nam\nĐại diện các sàn thương mại điện tử",
    ),
]
# (title, day offset, start, end, tables)
UPCOMING_BLOCKS = [
    ("Gặp gỡ B2B – buổi chiều ngày thứ nhất", 0, dt.time(13, 30), dt.time(16, 30), 15),
    ("Gặp gỡ B2B – buổi sáng ngày thứ hai", 1, dt.time(8, 0), dt.time(11, 0), 15),
]


class Need(NamedTuple):
    title: str
    subgroups: tuple[str, ...]
    min_stars: int
    certifications: tuple[str, ...]
    volume: int
    unit: str
    provinces: tuple[str, ...] = ("soc-trang", "can-tho")
    chilled: bool = False
    frozen: bool = False
    notes: str = ""


class Dist(NamedTuple):
    slug: str
    name: str
    channel: str
    province: str
    description: str
    served: tuple[str, ...]
    seats: int
    representatives: tuple[str, ...]
    needs: tuple[Need, ...]


_SOUTH = ("ho-chi-minh", "can-tho", "dong-nai", "tay-ninh", "vinh-long", "dong-thap", "an-giang", "ca-mau")
_ALL = ("*",)

DISTRIBUTORS = [
    Dist(
        slug="saigon-co-op",
        name="Saigon Co.op",
        channel="supermarket-chain",
        province="ho-chi-minh",
        description=(
            "Liên hiệp Hợp tác xã Thương mại TP. Hồ Chí Minh: hệ thống Co.opmart, Co.opXtra, Co.op Food."
        ),
        served=_ALL,
        seats=3,
        representatives=("Nguyễn Thị Thu Hà", "Trần Minh Khoa", "Lê Hoàng Yến"),
        needs=(
            Need(
                title="Đặc sản khô, bánh kẹo OCOP cho quầy đặc sản vùng miền",
                subgroups=("food-processed",),
                min_stars=3,
                certifications=("self-declaration", "barcode", "food-safety"),
                volume=800,
                unit="pack",
                notes="Bao bì, nhãn mác đúng quy định; hạn sử dụng còn ít nhất 2/3 khi giao hàng.",
            ),
            Need(
                title="Gạo đặc sản ST24, ST25",
                subgroups=("food-raw",),
                min_stars=4,
                certifications=("vietgap", "barcode", "traceability"),
                volume=20_000,
                unit="kg",
                notes="Sản lượng ổn định hằng tháng, chất lượng đồng đều giữa các lô.",
            ),
        ),
    ),
    Dist(
        slug="central-retail-viet-nam",
        name="Central Retail Việt Nam (Big C)",
        channel="supermarket-chain",
        province="ho-chi-minh",
        description="Tập đoàn bán lẻ vận hành các đại siêu thị GO!, Big C và siêu thị Tops Market.",
        served=_ALL,
        seats=2,
        representatives=("Phạm Quốc Bảo", "Võ Thị Ngọc Trâm"),
        needs=(
            Need(
                title="Nông sản tươi, trái cây đặc sản miền Tây",
                subgroups=("food-fresh",),
                min_stars=3,
                certifications=("vietgap", "traceability"),
                volume=5_000,
                unit="kg",
                chilled=True,
            ),
        ),
    ),
    Dist(
        slug="mm-mega-market-viet-nam",
        name="MM Mega Market Việt Nam",
        channel="wholesale",
        province="ho-chi-minh",
        description="Hệ thống trung tâm bán sỉ phục vụ nhà hàng, khách sạn, cửa hàng và hộ kinh doanh.",
        served=_ALL,
        seats=2,
        representatives=("Huỳnh Thanh Tùng", "Đặng Thị Mỹ Linh"),
        needs=(
            Need(
                title="Thủy hải sản khô và đông lạnh",
                subgroups=("food-processed", "food-raw"),
                min_stars=3,
                certifications=("haccp", "barcode"),
                volume=2_000,
                unit="kg",
                chilled=True,
                frozen=True,
            ),
            Need(
                title="Gia vị, nước mắm cho khách hàng nhà hàng",
                subgroups=("food-condiments",),
                min_stars=3,
                certifications=("self-declaration", "barcode"),
                volume=3_000,
                unit="bottle",
            ),
        ),
    ),
    Dist(
        slug="brg-retail",
        name="BRG Retail",
        channel="supermarket-chain",
        province="ha-noi",
        description="Hệ thống siêu thị BRG Mart, Hapro Food và cửa hàng tiện ích tại Hà Nội.",
        served=("ha-noi", "hai-phong", "quang-ninh", "bac-ninh"),
        seats=2,
        representatives=("Nguyễn Đức Anh", "Bùi Thị Hồng Nhung"),
        needs=(
            Need(
                title="Sản phẩm OCOP miền Tây cho quầy đặc sản vùng miền",
                subgroups=("food-processed", "food-condiments", "beverages-soft"),
                min_stars=3,
                certifications=("barcode", "self-declaration"),
                volume=1_000,
                unit="box",
                provinces=("soc-trang", "can-tho", "ca-mau", "an-giang"),
            ),
        ),
    ),
    Dist(
        slug="bach-hoa-xanh",
        name="Bách Hóa Xanh",
        channel="convenience-chain",
        province="ho-chi-minh",
        description="Chuỗi cửa hàng bách hóa, thực phẩm tươi sống của Thế Giới Di Động.",
        served=_SOUTH,
        seats=3,
        representatives=("Lý Thị Kim Ngân", "Trương Văn Phúc", "Ngô Thanh Hằng"),
        needs=(
            Need(
                title="Gia vị, hành tím, nước mắm",
                subgroups=("food-condiments", "food-fresh"),
                min_stars=3,
                certifications=("self-declaration", "barcode"),
                volume=4_000,
                unit="kg",
            ),
            Need(
                title="Bánh kẹo, đặc sản làm quà",
                subgroups=("food-processed",),
                min_stars=3,
                certifications=("food-safety", "barcode"),
                volume=1_500,
                unit="pack",
            ),
        ),
    ),
    Dist(
        slug="vinagreenco",
        name="VinaGreenCo",
        channel="wholesale",
        province="ho-chi-minh",
        description="Doanh nghiệp phân phối nông sản an toàn, đặc sản vùng miền.",
        served=_SOUTH,
        seats=2,
        representatives=("Đỗ Minh Tâm", "Phan Thị Bích Vân"),
        needs=(
            Need(
                title="Nông sản an toàn, hữu cơ",
                subgroups=("food-raw", "food-fresh"),
                min_stars=3,
                certifications=("vietgap",),
                volume=3_000,
                unit="kg",
                notes="Ưu tiên sản phẩm hữu cơ, có truy xuất nguồn gốc.",
            ),
        ),
    ),
    Dist(
        slug="trai-cay-chanh-thu",
        name="Công ty TNHH XNK Trái cây Chánh Thu",
        channel="export",
        province="ben-tre",
        description="Doanh nghiệp thu mua, đóng gói và xuất khẩu trái cây tươi.",
        served=("ben-tre", "soc-trang", "tien-giang", "vinh-long"),
        seats=2,
        representatives=("Huỳnh Văn Lợi", "Nguyễn Thị Cẩm Tú"),
        needs=(
            Need(
                title="Bưởi, sầu riêng đạt chuẩn xuất khẩu",
                subgroups=("food-fresh",),
                min_stars=3,
                certifications=("globalgap", "vietgap", "traceability"),
                volume=30_000,
                unit="kg",
                provinces=("soc-trang", "ben-tre", "tien-giang"),
                chilled=True,
                notes="Vùng trồng có mã số; dư lượng thuốc bảo vệ thực vật theo thị trường nhập khẩu.",
            ),
        ),
    ),
    Dist(
        slug="sieu-thi-tu-son",
        name="Siêu thị Tú Sơn",
        channel="supermarket-chain",
        province="soc-trang",
        description="Siêu thị địa phương tại TP. Sóc Trăng, có quầy đặc sản và quà biếu.",
        served=("soc-trang",),
        seats=2,
        representatives=("Tăng Thị Mỹ Hạnh", "Lâm Quốc Việt"),
        needs=(
            Need(
                title="Đặc sản Sóc Trăng cho quầy quà biếu",
                subgroups=("food-processed", "food-condiments", "herbal-other", "handicrafts-decoration"),
                min_stars=3,
                certifications=("self-declaration",),
                volume=300,
                unit="box",
                provinces=("soc-trang",),
            ),
        ),
    ),
]

# Partner provinces of the 14 province–province MoUs (names as in 2020).
MOU_PROVINCES = [
    "TP. Hà Nội",
    "TP. Hồ Chí Minh",
    "TP. Cần Thơ",
    "tỉnh Hậu Giang",
    "tỉnh Bạc Liêu",
    "tỉnh Cà Mau",
    "tỉnh Kiên Giang",
    "tỉnh An Giang",
    "tỉnh Đồng Tháp",
    "tỉnh Vĩnh Long",
    "tỉnh Trà Vinh",
    "tỉnh Bến Tre",
    "tỉnh Tiền Giang",
    "tỉnh Long An",
]
BUSINESS_MOU_COUNT = 34


class Kind(NamedTuple):
    """A kind of product: where it is filed, how it is sold, kept and drawn."""

    subgroup: str
    unit: str
    storage: str
    shelf_life: int | None
    price: tuple[int, int]
    capacity: int
    packaging: str
    certifications: tuple[str, ...]
    shape: str
    blurb: str


KINDS = {
    "banh-pia": Kind(
        subgroup="food-processed",
        unit="box",
        storage="ambient",
        shelf_life=90,
        price=(65_000, 120_000),
        capacity=6_000,
        packaging="Hộp 4 bánh, 500 g",
        certifications=("food-safety", "self-declaration", "barcode"),
        shape="round",
        blurb="Vỏ bánh nhiều lớp mỏng, nhân sên kỹ, nướng theo công thức bánh pía Sóc Trăng.",
    ),
    "lap-xuong": Kind(
        subgroup="food-processed",
        unit="pack",
        storage="chilled",
        shelf_life=90,
        price=(140_000, 230_000),
        capacity=3_000,
        packaging="Gói 500 g hút chân không",
        certifications=("food-safety", "self-declaration", "barcode"),
        shape="bag",
        blurb="Thịt heo chọn lọc, phơi nắng và sấy than, không dùng hàn the, phẩm màu.",
    ),
    "banh-cam": Kind(
        subgroup="food-processed",
        unit="box",
        storage="chilled",
        shelf_life=5,
        price=(35_000, 50_000),
        capacity=1_500,
        packaging="Hộp 10 bánh",
        certifications=("food-safety", "self-declaration"),
        shape="round",
        blurb="Vỏ nếp chiên giòn phủ đường, nhân đậu xanh dừa, làm trong ngày.",
    ),
    "banh-in": Kind(
        subgroup="food-processed",
        unit="pack",
        storage="ambient",
        shelf_life=15,
        price=(30_000, 45_000),
        capacity=2_000,
        packaging="Túi 10 bánh, 400 g",
        certifications=("food-safety", "self-declaration", "barcode"),
        shape="round",
        blurb="Bột nếp rang, đường và nhân ép khuôn, thơm mùi lá dứa.",
    ),
    "banh-phong-tom": Kind(
        subgroup="food-processed",
        unit="pack",
        storage="ambient",
        shelf_life=365,
        price=(45_000, 85_000),
        capacity=5_000,
        packaging="Túi 500 g",
        certifications=("food-safety", "self-declaration", "barcode"),
        shape="bag",
        blurb="Tôm tươi xay nhuyễn trộn bột năng, phơi khô; chiên nở giòn.",
    ),
    "gao": Kind(
        subgroup="food-raw",
        unit="kg",
        storage="ambient",
        shelf_life=365,
        price=(28_000, 45_000),
        capacity=60_000,
        packaging="Túi 5 kg hút chân không",
        certifications=("vietgap", "traceability", "barcode", "self-declaration"),
        shape="bag",
        blurb="Hạt dài, trắng trong, cơm dẻo và thơm, giữ được độ mềm khi để nguội.",
    ),
    "hanh-tim": Kind(
        subgroup="food-fresh",
        unit="kg",
        storage="ambient",
        shelf_life=120,
        price=(25_000, 45_000),
        capacity=80_000,
        packaging="Túi lưới 1 kg, 5 kg",
        certifications=("vietgap", "traceability"),
        shape="round",
        blurb="Củ nhỏ, vỏ tím đỏ, thơm nồng, trồng trên đất giồng cát ven biển.",
    ),
    "hanh-phi": Kind(
        subgroup="food-condiments",
        unit="box",
        storage="ambient",
        shelf_life=180,
        price=(30_000, 55_000),
        capacity=4_000,
        packaging="Hũ 200 g",
        certifications=("food-safety", "self-declaration", "barcode"),
        shape="jar",
        blurb="Hành tím thái lát, phi giòn vàng trong dầu thực vật, không chất bảo quản.",
    ),
    "cu-cai": Kind(
        subgroup="food-processed",
        unit="pack",
        storage="ambient",
        shelf_life=180,
        price=(25_000, 40_000),
        capacity=5_000,
        packaging="Túi 500 g",
        certifications=("food-safety", "self-declaration", "barcode"),
        shape="bag",
        blurb="Củ cải trắng trồng tại Vĩnh Châu, phơi và muối theo cách truyền thống.",
    ),
    "tom-kho": Kind(
        subgroup="food-processed",
        unit="pack",
        storage="ambient",
        shelf_life=180,
        price=(220_000, 380_000),
        capacity=1_200,
        packaging="Hộp 250 g",
        certifications=("food-safety", "self-declaration", "barcode"),
        shape="box",
        blurb="Tôm đất tươi luộc, phơi nắng tự nhiên, thịt chắc, ngọt.",
    ),
    "kho-ca": Kind(
        subgroup="food-processed",
        unit="pack",
        storage="chilled",
        shelf_life=90,
        price=(120_000, 220_000),
        capacity=1_500,
        packaging="Túi 500 g hút chân không",
        certifications=("food-safety", "self-declaration", "barcode"),
        shape="bag",
        blurb="Cá tươi làm sạch, ướp muối vừa, phơi một nắng.",
    ),
    "mam": Kind(
        subgroup="food-processed",
        unit="box",
        storage="ambient",
        shelf_life=180,
        price=(60_000, 110_000),
        capacity=2_000,
        packaging="Hũ 500 g",
        certifications=("food-safety", "self-declaration", "barcode"),
        shape="jar",
        blurb="Ủ chượp trong lu từ 6 tháng, thính gạo rang, vị đậm đà miền Tây.",
    ),
    "nuoc-mam": Kind(
        subgroup="food-condiments",
        unit="bottle",
        storage="ambient",
        shelf_life=720,
        price=(55_000, 120_000),
        capacity=8_000,
        packaging="Chai thủy tinh 500 ml",
        certifications=("food-safety", "self-declaration", "barcode", "labelling"),
        shape="bottle",
        blurb="Ủ chượp cá cơm và muối biển trong thùng gỗ, lọc lấy nước nhĩ.",
    ),
    "tuong-ot": Kind(
        subgroup="food-condiments",
        unit="bottle",
        storage="ambient",
        shelf_life=365,
        price=(18_000, 32_000),
        capacity=10_000,
        packaging="Chai 250 g",
        certifications=("food-safety", "self-declaration", "barcode"),
        shape="bottle",
        blurb="Ớt tươi xay cùng tỏi, hành tím, lên men nhẹ, cay thơm.",
    ),
    "gia-vi": Kind(
        subgroup="food-condiments",
        unit="box",
        storage="ambient",
        shelf_life=365,
        price=(20_000, 40_000),
        capacity=6_000,
        packaging="Hũ 150 g",
        certifications=("food-safety", "self-declaration", "barcode"),
        shape="jar",
        blurb="Nguyên liệu địa phương rang, sấy và xay mịn.",
    ),
    "mat-ong": Kind(
        subgroup="food-raw",
        unit="bottle",
        storage="ambient",
        shelf_life=730,
        price=(150_000, 260_000),
        capacity=1_500,
        packaging="Chai 500 ml",
        certifications=("food-safety", "self-declaration", "barcode", "traceability"),
        shape="bottle",
        blurb="Mật ong nguyên chất, độ ẩm thấp, không pha đường.",
    ),
    "com-dep": Kind(
        subgroup="food-processed",
        unit="pack",
        storage="ambient",
        shelf_life=60,
        price=(30_000, 50_000),
        capacity=2_000,
        packaging="Túi 300 g",
        certifications=("food-safety", "self-declaration"),
        shape="bag",
        blurb="Nếp non rang trên chảo gang, giã dẹp theo cách làm của đồng bào Khmer.",
    ),
    "tra-thao-moc": Kind(
        subgroup="herbal-other",
        unit="box",
        storage="ambient",
        shelf_life=540,
        price=(60_000, 120_000),
        capacity=3_000,
        packaging="Hộp 20 túi lọc",
        certifications=("food-safety", "self-declaration", "barcode"),
        shape="box",
        blurb="Nguyên liệu sấy lạnh giữ màu và hương, pha nóng hoặc uống đá.",
    ),
    "tinh-dau": Kind(
        subgroup="herbal-other",
        unit="bottle",
        storage="ambient",
        shelf_life=730,
        price=(90_000, 180_000),
        capacity=800,
        packaging="Chai 50 ml",
        certifications=("self-declaration", "barcode"),
        shape="bottle",
        blurb="Chưng cất hơi nước từ lá tươi, dùng xông, massage, đuổi muỗi.",
    ),
    "keo": Kind(
        subgroup="food-processed",
        unit="pack",
        storage="ambient",
        shelf_life=180,
        price=(25_000, 45_000),
        capacity=3_000,
        packaging="Túi 300 g",
        certifications=("food-safety", "self-declaration", "barcode"),
        shape="bag",
        blurb="Nấu thủ công trên bếp củi, không chất bảo quản.",
    ),
    "buoi": Kind(
        subgroup="food-fresh",
        unit="kg",
        storage="ambient",
        shelf_life=30,
        price=(30_000, 60_000),
        capacity=40_000,
        packaging="Thùng 10 kg",
        certifications=("vietgap", "traceability"),
        shape="round",
        blurb="Trái to, vỏ mỏng, múi mọng nước, vị ngọt thanh.",
    ),
    "sau-rieng": Kind(
        subgroup="food-fresh",
        unit="kg",
        storage="ambient",
        shelf_life=7,
        price=(70_000, 140_000),
        capacity=30_000,
        packaging="Thùng 15 kg",
        certifications=("vietgap", "traceability"),
        shape="round",
        blurb="Cơm vàng, ráo, béo ngọt; trái được cắt đúng độ chín.",
    ),
    "say": Kind(
        subgroup="food-processed",
        unit="pack",
        storage="ambient",
        shelf_life=365,
        price=(40_000, 95_000),
        capacity=3_000,
        packaging="Túi 250 g",
        certifications=("food-safety", "self-declaration", "barcode"),
        shape="bag",
        blurb="Trái cây chín cây sấy ở nhiệt độ thấp, giữ vị ngọt tự nhiên.",
    ),
    "luc-binh": Kind(
        subgroup="handicrafts-crafts",
        unit="piece",
        storage="ambient",
        shelf_life=None,
        price=(80_000, 350_000),
        capacity=1_500,
        packaging="Bọc giấy, thùng carton",
        certifications=(),
        shape="basket",
        blurb="Sợi phơi khô, đan tay theo mẫu của khách hàng, xử lý chống mốc.",
    ),
    "luu-niem": Kind(
        subgroup="handicrafts-decoration",
        unit="piece",
        storage="ambient",
        shelf_life=None,
        price=(250_000, 1_200_000),
        capacity=200,
        packaging="Hộp gỗ có kính",
        certifications=(),
        shape="boat",
        blurb="Làm thủ công từ gỗ và sơn màu theo họa tiết truyền thống Khmer.",
    ),
    "ruou": Kind(
        subgroup="beverages-alcoholic",
        unit="bottle",
        storage="ambient",
        shelf_life=None,
        price=(90_000, 180_000),
        capacity=2_000,
        packaging="Chai 500 ml",
        certifications=("food-safety", "self-declaration", "barcode", "labelling"),
        shape="bottle",
        blurb="Nấu từ nếp địa phương với men lá gia truyền, ủ trong chum sành.",
    ),
    "nuoc-ep": Kind(
        subgroup="beverages-soft",
        unit="bottle",
        storage="chilled",
        shelf_life=30,
        price=(15_000, 30_000),
        capacity=12_000,
        packaging="Chai 330 ml",
        certifications=("food-safety", "self-declaration", "barcode"),
        shape="bottle",
        blurb="Ép từ trái tươi, thanh trùng, không chất bảo quản.",
    ),
    "my-pham": Kind(
        subgroup="herbal-cosmetics",
        unit="bottle",
        storage="ambient",
        shelf_life=540,
        price=(40_000, 150_000),
        capacity=2_000,
        packaging="Chai 300 ml",
        certifications=("self-declaration", "barcode"),
        shape="bottle",
        blurb="Thành phần thiên nhiên, không paraben, đã công bố mỹ phẩm.",
    ),
    "bun": Kind(
        subgroup="food-processed",
        unit="pack",
        storage="ambient",
        shelf_life=365,
        price=(25_000, 45_000),
        capacity=8_000,
        packaging="Túi 500 g",
        certifications=("food-safety", "self-declaration", "barcode"),
        shape="bag",
        blurb="Làm từ gạo địa phương, phơi nắng, sợi dai, không hàn the.",
    ),
    "banh-trang": Kind(
        subgroup="food-processed",
        unit="pack",
        storage="ambient",
        shelf_life=180,
        price=(20_000, 40_000),
        capacity=6_000,
        packaging="Túi 20 bánh",
        certifications=("food-safety", "self-declaration", "barcode"),
        shape="round",
        blurb="Tráng tay trên nồi hơi, phơi trên giàn tre.",
    ),
    "dong-lanh": Kind(
        subgroup="food-processed",
        unit="kg",
        storage="frozen",
        shelf_life=180,
        price=(160_000, 380_000),
        capacity=4_000,
        packaging="Khay 500 g hút chân không",
        certifications=("food-safety", "self-declaration", "barcode", "haccp"),
        shape="box",
        blurb="Sơ chế, cấp đông nhanh ở -40 °C, bảo quản -18 °C.",
    ),
    "trung": Kind(
        subgroup="food-processed",
        unit="box",
        storage="ambient",
        shelf_life=30,
        price=(45_000, 65_000),
        capacity=4_000,
        packaging="Hộp 10 trứng",
        certifications=("food-safety", "self-declaration", "barcode"),
        shape="box",
        blurb="Trứng vịt chạy đồng, muối tro trấu 25 ngày, lòng đỏ son.",
    ),
    "mut": Kind(
        subgroup="food-processed",
        unit="box",
        storage="ambient",
        shelf_life=180,
        price=(60_000, 120_000),
        capacity=2_000,
        packaging="Hộp 500 g",
        certifications=("food-safety", "self-declaration", "barcode"),
        shape="box",
        blurb="Sên đường thủ công, dẻo, không phẩm màu.",
    ),
    "nam": Kind(
        subgroup="food-fresh",
        unit="kg",
        storage="chilled",
        shelf_life=4,
        price=(60_000, 90_000),
        capacity=3_000,
        packaging="Khay 300 g bọc màng",
        certifications=("vietgap",),
        shape="round",
        blurb="Trồng trên rơm sạch trong nhà màng, hái buổi sáng.",
    ),
    "cha": Kind(
        subgroup="food-processed",
        unit="kg",
        storage="chilled",
        shelf_life=20,
        price=(170_000, 240_000),
        capacity=2_000,
        packaging="Cây 500 g gói lá chuối",
        certifications=("food-safety", "self-declaration", "barcode"),
        shape="round",
        blurb="Thịt nạc giã tay, gói lá chuối, luộc chín.",
    ),
}


class Item(NamedTuple):
    """A product; ``validity`` "expiring" (within 30 days) or "expired" shows the warnings."""

    name: str
    kind: str
    stars: int
    note: str = ""
    validity: str = "valid"


class Maker(NamedTuple):
    kind: str
    legal_name: str
    district: str
    address: str
    contact: str
    story: str
    items: tuple[Item, ...]


DISTRICTS = {
    "tp": "TP. Sóc Trăng",
    "vc": "thị xã Vĩnh Châu",
    "mx": "huyện Mỹ Xuyên",
    "lp": "huyện Long Phú",
    "ks": "huyện Kế Sách",
    "mt": "huyện Mỹ Tú",
    "ct": "huyện Châu Thành",
    "td": "huyện Trần Đề",
    "nn": "thị xã Ngã Năm",
    "tt": "huyện Thạnh Trị",
    "cld": "huyện Cù Lao Dung",
}

E, C, G, H = "enterprise", "cooperative", "cooperative_group", "household"

PRODUCERS = [
    Maker(
        E,
        "Công ty TNHH Thực phẩm Tân Phước Hưng",
        "tp",
        "Số 86 đường Trần Hưng Đạo, Phường 2",
        "Quách Mỹ Linh",
        "Từ lò bánh gia đình của người Hoa mở năm 1986, công ty giữ công thức bánh pía ba thế hệ "
        "và đưa bánh vào các hệ thống siêu thị.",
        (
            Item("Bánh pía sầu riêng trứng muối", "banh-pia", 4, "Nhân sầu riêng Ri6 và trứng muối vịt."),
            Item("Bánh pía kim sa đậu xanh", "banh-pia", 4, "Nhân kim sa chảy, đậu xanh đãi vỏ."),
            Item(
                "Bánh pía chay khoai môn", "banh-pia", 3, "Không mỡ heo, phù hợp người ăn chay.", "expiring"
            ),
        ),
    ),
    Maker(
        E,
        "Công ty TNHH Lạp xưởng Kim Long Phát",
        "tp",
        "Số 215 đường Phú Lợi, Phường 2",
        "Trịnh Văn Phát",
        "Cơ sở lạp xưởng lâu năm ở trung tâm thành phố, chuyển sang nhà xưởng đạt chuẩn HACCP năm 2018.",
        (
            Item(
                "Lạp xưởng tươi tôm Sóc Trăng",
                "lap-xuong",
                4,
                "Phối tôm đất và thịt nạc, ăn ngay sau khi chiên.",
            ),
            Item("Lạp xưởng heo mai quế lộ", "lap-xuong", 4, "Ướp rượu mai quế lộ, phơi khô."),
        ),
    ),
    Maker(
        H,
        "Hộ kinh doanh Bánh cam Thu Hương",
        "tp",
        "Số 14 đường Hai Bà Trưng, Phường 1",
        "Lưu Thị Thu Hương",
        "Gánh bánh cam của gia đình bán ở chợ Sóc Trăng từ những năm 1990, nay giao cho các quán "
        "cà phê và cửa hàng quà biếu.",
        (Item("Bánh cam nhân đậu xanh dừa", "banh-cam", 3, "Đặt trước một ngày, giao trong thành phố."),),
    ),
    Maker(
        E,
        "Công ty Cổ phần Thực phẩm Minh Châu Sóc Trăng",
        "ct",
        "Lô B4 Khu công nghiệp An Nghiệp, xã An Hiệp",
        "Nguyễn Minh Châu",
        "Nhà máy chế biến gia vị và nước mắm, thu mua hành tím, ớt của nông dân Vĩnh Châu, Trần Đề "
        "theo hợp đồng bao tiêu.",
        (
            Item("Nước mắm cá cơm 40 độ đạm", "nuoc-mam", 4, "Độ đạm 40°N, màu cánh gián."),
            Item("Tương ớt hành tím", "tuong-ot", 3, "Thêm hành tím Vĩnh Châu cho vị thơm đặc trưng."),
            Item("Bột hành tím sấy", "gia-vi", 3, "Dùng nêm canh, ướp thịt, làm nước chấm."),
        ),
    ),
    Maker(
        H,
        "Hộ kinh doanh Bánh phồng tôm Ngọc Hân",
        "tp",
        "Số 52 đường Lê Hồng Phong, Phường 3",
        "Dương Ngọc Hân",
        "Ba chị em cùng làm bánh phồng tôm theo cách của mẹ, phơi bánh trên sân thượng nhà.",
        (
            Item("Bánh phồng tôm Sóc Trăng", "banh-phong-tom", 3, "Tỷ lệ tôm 30%."),
            Item("Bánh phồng tôm hành tím", "banh-phong-tom", 3, "Thêm hành tím phi."),
        ),
    ),
    Maker(
        H,
        "Hộ kinh doanh Bánh pía Bảo Ngọc",
        "ct",
        "Ấp Vũng Thơm, xã Phú Tâm",
        "Tăng Bảo Ngọc",
        "Lò bánh nhỏ ở Vũng Thơm, cái nôi của bánh pía Sóc Trăng; mỗi ngày làm khoảng 2.000 cái.",
        (
            Item("Bánh pía môn sầu riêng", "banh-pia", 3, "Khoai môn nghiền với sầu riêng."),
            Item("Bánh pía mini lá dứa", "banh-pia", 3, "Bánh nhỏ 50 g, nhân đậu xanh lá dứa."),
        ),
    ),
    Maker(
        E,
        "Công ty TNHH Thực phẩm Hưng Thịnh Phát",
        "ct",
        "Ấp Phú Hòa, xã Phú Tâm",
        "Lâm Hưng Thịnh",
        "Doanh nghiệp làm bánh pía quy mô công nghiệp, xuất hàng đi các tỉnh miền Tây và TP. Hồ Chí Minh.",
        (
            Item("Bánh pía đậu xanh sầu riêng trứng muối", "banh-pia", 4, "Loại 4 bánh 600 g."),
            Item("Bánh pía thập cẩm lạp xưởng", "banh-pia", 4, "Nhân hạt dưa, mứt bí, lạp xưởng."),
        ),
    ),
    Maker(
        C,
        "Hợp tác xã Nông nghiệp Thuận Hòa",
        "ct",
        "Ấp Phước Thuận, xã Thuận Hòa",
        "Sơn Văn Tùng",
        "Hợp tác xã 65 thành viên, vừa trồng lúa vừa trồng nấm rơm trên rơm sau thu hoạch.",
        (
            Item("Gạo ST24 Thuận Hòa", "gao", 3, "Canh tác theo quy trình VietGAP."),
            Item("Nấm rơm tươi Thuận Hòa", "nam", 3, "Giao trong ngày cho chợ đầu mối, siêu thị."),
        ),
    ),
    Maker(
        E,
        "Công ty Cổ phần Nông nghiệp Lúa Tôm Mỹ Xuyên",
        "mx",
        "Ấp Hòa Lời, xã Hòa Tú 1",
        "Hồ Văn Sang",
        "Liên kết hơn 500 hộ canh tác mô hình lúa – tôm: một vụ tôm mùa khô, một vụ lúa mùa mưa, "
        "không dùng phân thuốc hóa học.",
        (
            Item("Gạo ST25 lúa – tôm", "gao", 4, "Lúa trồng trên ruộng nuôi tôm, không phân bón hóa học."),
            Item("Gạo ST24 Mỹ Xuyên", "gao", 4, "Hạt dài, thơm mùi lá dứa."),
            Item("Gạo lứt đỏ ST25", "gao", 3, "Giữ lớp cám, giàu chất xơ."),
        ),
    ),
    Maker(
        C,
        "Hợp tác xã Nông nghiệp Gia Hòa",
        "mx",
        "Ấp Hòa Nhờ, xã Gia Hòa 1",
        "Trần Văn Út",
        "Hợp tác xã làm dịch vụ giống, máy gặt và sấy lúa cho thành viên, bán gạo dưới nhãn hiệu chung.",
        (Item("Gạo thơm ST25 Gia Hòa", "gao", 4, "Sấy ở nhiệt độ thấp, xay trong ngày."),),
    ),
    Maker(
        H,
        "Hộ kinh doanh Bánh ín Tư Liên",
        "mx",
        "Khóm 3, thị trấn Mỹ Xuyên",
        "Thạch Thị Liên",
        "Gia đình người Khmer làm bánh ín cho các dịp lễ Chol Chnam Thmay, Ok Om Bok, nay bán quanh năm.",
        (
            Item("Bánh ín nhân đậu xanh", "banh-in", 4, "Khuôn gỗ hoa văn truyền thống."),
            Item("Bánh ín nhân dừa", "banh-in", 3, "Dừa nạo sên đường thốt nốt."),
        ),
    ),
    Maker(
        H,
        "Hộ kinh doanh Lạp xưởng Thanh Xuân",
        "mx",
        "Khóm 1, thị trấn Mỹ Xuyên",
        "Mã Thanh Xuân",
        "Làm lạp xưởng theo mùa Tết từ năm 2005, mở rộng sản xuất quanh năm từ khi có sản phẩm OCOP.",
        (
            Item("Lạp xưởng tôm Thanh Xuân", "lap-xuong", 3, "Tôm biển Vĩnh Châu."),
            Item("Lạp xưởng bò", "lap-xuong", 3, "Thịt bò và mỡ heo, ít ngọt."),
        ),
    ),
    Maker(
        C,
        "Hợp tác xã Nông nghiệp Hành tím Vĩnh Hải",
        "vc",
        "Ấp Âu Thọ B, xã Vĩnh Hải",
        "Lâm Văn Sóc",
        "Hợp tác xã giữ giống hành tím địa phương, có vùng trồng 120 ha đạt VietGAP và kho tồn "
        "trữ thông gió.",
        (
            Item("Hành tím Vĩnh Châu", "hanh-tim", 4, "Chỉ dẫn địa lý hành tím Vĩnh Châu."),
            Item("Hành phi Vĩnh Châu", "hanh-phi", 3, "Giòn lâu, không bị đắng."),
        ),
    ),
    Maker(
        C,
        "Hợp tác xã Nông nghiệp Lạc Hòa",
        "vc",
        "Ấp Cà Săng, xã Lạc Hòa",
        "Kim Thị Sa Rết",
        "Phần lớn thành viên là đồng bào Khmer, luân canh hành tím và củ cải trắng trên đất giồng.",
        (
            Item("Hành tím Lạc Hòa loại đặc biệt", "hanh-tim", 4, "Củ đều, đường kính trên 2,5 cm."),
            Item("Củ cải trắng muối Lạc Hòa", "cu-cai", 3, "Giòn, mặn vừa."),
        ),
    ),
    Maker(
        H,
        "Hộ kinh doanh Củ cải muối Vĩnh Hiệp",
        "vc",
        "Ấp Tân Thời, xã Vĩnh Hiệp",
        "Lý Văn Tài",
        "Mỗi mùa củ cải, cơ sở thu mua của khoảng 40 hộ trong ấp để phơi, muối và đóng gói.",
        (
            Item("Củ cải muối ngũ vị", "cu-cai", 3, "Ướp đường, tỏi, ớt, ngũ vị hương."),
            Item("Củ cải khô Vĩnh Châu", "cu-cai", 3, "Phơi khô, dùng nấu canh, kho cá.", "expired"),
        ),
    ),
    Maker(
        E,
        "Công ty TNHH Thủy sản Biển Vĩnh Châu",
        "vc",
        "Khóm Biển Dưới, phường Vĩnh Phước",
        "Châu Văn Biển",
        "Doanh nghiệp thu mua tôm, cá của ngư dân ven biển Vĩnh Châu, sơ chế tại xưởng đạt HACCP.",
        (
            Item("Tôm khô Vĩnh Châu", "tom-kho", 4, "Tôm đất loại 1, không phẩm màu."),
            Item("Nước mắm cá cơm truyền thống", "nuoc-mam", 3, "Độ đạm 30°N."),
        ),
    ),
    Maker(
        G,
        "Tổ hợp tác Muối ớt hành tím Vĩnh Tân",
        "vc",
        "Ấp Trà Sết, xã Vĩnh Tân",
        "Trần Thị Hồng",
        "Tổ hợp tác 12 phụ nữ trong ấp, tận dụng hành tím loại nhỏ để làm gia vị.",
        (
            Item("Muối ớt hành tím", "gia-vi", 3, "Chấm trái cây, hải sản."),
            Item("Muối tôm hành phi", "gia-vi", 3, "Tôm khô xay, hành phi, ớt."),
        ),
    ),
    Maker(
        H,
        "Hộ kinh doanh Mắm cá lóc Bảy Lan",
        "lp",
        "Ấp Phú Đức, thị trấn Long Phú",
        "Nguyễn Thị Lan",
        "Bà Bảy Lan làm mắm hơn 30 năm, mùa nước nổi mua cá đồng của bà con trong xã.",
        (
            Item("Mắm cá lóc", "mam", 3, "Cá lóc đồng, ủ thính 6 tháng."),
            Item("Mắm cá sặc", "mam", 3, "Ăn sống trộn đu đủ hoặc chưng thịt."),
        ),
    ),
    Maker(
        C,
        "Hợp tác xã Lục bình Đại Ngãi",
        "lp",
        "Ấp Ngãi Hội 1, thị trấn Đại Ngãi",
        "Võ Thị Mỹ",
        "Tạo việc làm cho hơn 80 phụ nữ nông thôn, nhận đơn hàng đan lục bình của doanh nghiệp xuất khẩu.",
        (
            Item("Giỏ lục bình đan tay", "luc-binh", 3, "Bộ 3 giỏ có quai."),
            Item("Hộp đựng đồ lục bình", "luc-binh", 3, "Khung sắt sơn tĩnh điện."),
        ),
    ),
    Maker(
        C,
        "Hợp tác xã Nông nghiệp Song Phụng",
        "lp",
        "Ấp Phụng Sơn, xã Song Phụng",
        "Danh Văn Hoàng",
        "Hợp tác xã có lò sấy và máy xay riêng, bán gạo và bún khô làm từ gạo của thành viên.",
        (
            Item("Gạo ST25 Song Phụng", "gao", 3, "Đóng túi 2 kg và 5 kg."),
            Item("Bún gạo khô Song Phụng", "bun", 3, "Luộc 5 phút, sợi không nát."),
        ),
    ),
    Maker(
        G,
        "Tổ hợp tác Khô cá Tân Hưng",
        "lp",
        "Ấp Tân Quy, xã Tân Hưng",
        "Huỳnh Văn Nhỏ",
        "Tổ hợp tác làm khô cá đồng mùa nước nổi, phơi trên giàn lưới cách mặt đất.",
        (
            Item("Khô cá lóc một nắng", "kho-ca", 3, "Cá lóc đồng 3–4 con/kg."),
            Item("Khô cá sặc rằn", "kho-ca", 3, "Chiên giòn, ăn với cơm hoặc gỏi xoài."),
        ),
    ),
    Maker(
        C,
        "Hợp tác xã Trái cây Phong Nẫm",
        "ks",
        "Ấp Phong Phú, xã Phong Nẫm",
        "Lê Văn Nẫm",
        "Vùng bưởi năm roi ven sông Hậu, có mã số vùng trồng và nhà sơ chế đóng gói.",
        (
            Item("Bưởi năm roi Kế Sách", "buoi", 4, "Không hạt, tép ráo."),
            Item("Bưởi da xanh Phong Nẫm", "buoi", 3, "Ruột hồng, vỏ mỏng."),
        ),
    ),
    Maker(
        C,
        "Hợp tác xã Sầu riêng An Lạc Thôn",
        "ks",
        "Ấp An Phú, xã An Lạc Thôn",
        "Phạm Văn Lạc",
        "Thành viên canh tác sầu riêng trên đất bãi bồi, ứng dụng tưới tự động và nhật ký điện tử.",
        (
            Item("Sầu riêng Ri6 Kế Sách", "sau-rieng", 4, "Cơm vàng đậm, hạt lép."),
            Item("Sầu riêng Monthong An Lạc Thôn", "sau-rieng", 3, "Trái 3–5 kg, cơm dày."),
        ),
    ),
    Maker(
        E,
        "Công ty TNHH Nông sản Sấy Kế Sách",
        "ks",
        "Ấp Ba Rinh, xã Ba Trinh",
        "Đoàn Thị Ngọc Hà",
        "Xưởng sấy lạnh và sấy thăng hoa, thu mua trái cây loại 2 của nông dân để giảm hao hụt.",
        (
            Item("Chuối sấy dẻo", "say", 3, "Chuối xiêm chín cây."),
            Item("Mít sấy giòn", "say", 3, "Sấy chân không, không dầu."),
            Item("Sầu riêng sấy thăng hoa", "say", 4, "Giữ nguyên mùi vị sầu riêng tươi."),
        ),
    ),
    Maker(
        H,
        "Hộ kinh doanh Mật ong Tám Nhơn",
        "ks",
        "Ấp Mỹ Hội, xã Nhơn Mỹ",
        "Trương Văn Tám",
        "Nuôi 300 thùng ong trong vườn dừa và vườn cây ăn trái ven sông.",
        (Item("Mật ong hoa dừa Nhơn Mỹ", "mat-ong", 3, "Màu vàng nhạt, vị thanh."),),
    ),
    Maker(
        C,
        "Hợp tác xã Cốm dẹp Mỹ Hương",
        "mt",
        "Ấp Phước Bình, xã Mỹ Hương",
        "Thạch Sô Phol",
        "Hợp tác xã của đồng bào Khmer, giữ nghề làm cốm dẹp phục vụ lễ cúng trăng Ok Om Bok.",
        (
            Item("Cốm dẹp lá dứa", "com-dep", 3, "Màu xanh tự nhiên từ lá dứa."),
            Item("Cốm dẹp nước cốt dừa", "com-dep", 3, "Trộn dừa nạo, đường thốt nốt."),
        ),
    ),
    Maker(
        E,
        "Công ty TNHH Thảo dược Phước An",
        "mt",
        "Ấp Cầu Đồn, thị trấn Huỳnh Hữu Nghĩa",
        "Quan Thị Phước",
        "Trồng khổ qua rừng, mãng cầu xiêm và sen theo hướng hữu cơ, chế biến trà túi lọc.",
        (
            Item("Trà khổ qua rừng", "tra-thao-moc", 4, "Trái và dây khổ qua rừng sấy lạnh."),
            Item("Trà mãng cầu xiêm", "tra-thao-moc", 3, "Lá và trái mãng cầu xiêm."),
        ),
    ),
    Maker(
        H,
        "Hộ kinh doanh Kẹo Long Hưng",
        "mt",
        "Ấp Tân Lập, xã Long Hưng",
        "Lê Thị Kim Cúc",
        "Bếp kẹo gia đình, làm theo đơn đặt của các cửa hàng quà quê.",
        (
            Item("Kẹo đậu phộng mè", "keo", 3, "Đậu phộng rang, mè đen."),
            Item("Kẹo dừa lá dứa", "keo", 3, "Nước cốt dừa và lá dứa tươi."),
        ),
    ),
    Maker(
        G,
        "Tổ hợp tác Nuôi ong Mỹ Phước",
        "mt",
        "Ấp Phước An, xã Mỹ Phước",
        "Triệu Văn Hậu",
        "Nuôi ong dưới tán rừng tràm Mỹ Phước, khai thác theo mùa hoa tràm.",
        (
            Item("Mật ong hoa tràm Mỹ Phước", "mat-ong", 4, "Màu hổ phách, thơm mùi tràm."),
            Item("Tinh dầu tràm Mỹ Phước", "tinh-dau", 3, "Chưng cất từ lá tràm gió."),
        ),
    ),
    Maker(
        E,
        "Công ty TNHH Thủy sản Trần Đề Xanh",
        "td",
        "Ấp Cảng Cá, thị trấn Trần Đề",
        "Ngô Quốc Cường",
        "Nằm cạnh cảng cá Trần Đề, công ty mua cá, tôm ngay khi tàu cập bến.",
        (
            Item("Tôm khô Trần Đề", "tom-kho", 4, "Tôm biển phơi nắng gió."),
            Item("Khô cá kèo", "kho-ca", 3, "Cá kèo nuôi quảng canh."),
            Item("Chả cá thu đông lạnh", "dong-lanh", 3, "Cá thu biển, quết tay."),
        ),
    ),
    Maker(
        C,
        "Hợp tác xã Nông nghiệp Đại Ân 2",
        "td",
        "Ấp Tú Điềm, xã Đại Ân 2",
        "Sơn Thị Sa Ry",
        "Hợp tác xã trồng hành tím, ớt và dưa hấu trên đất giồng, bán cho các công ty chế biến.",
        (Item("Hành tím Đại Ân", "hanh-tim", 3, "Thu hoạch tháng 1 đến tháng 3."),),
    ),
    Maker(
        H,
        "Hộ kinh doanh Mắm Tài Văn",
        "td",
        "Ấp Sô La 1, xã Tài Văn",
        "Kim Văn Phước",
        "Làm mắm ba khía và mắm cá rô từ nguồn ba khía rừng ven biển và cá đồng.",
        (
            Item("Ba khía muối", "mam", 3, "Trộn tỏi, ớt, chanh trước khi ăn."),
            Item("Mắm cá rô đồng", "mam", 3, "Cá rô đồng ủ thính."),
        ),
    ),
    Maker(
        C,
        "Hợp tác xã Nông nghiệp Tân Long",
        "nn",
        "Ấp Tân Trung, xã Tân Long",
        "Phan Văn Long",
        "Cánh đồng lớn 300 ha, liên kết với doanh nghiệp bao tiêu; một phần diện tích chuyển sang "
        "canh tác hữu cơ.",
        (
            Item("Gạo thơm ST24 Ngã Năm", "gao", 3, "Túi 5 kg."),
            Item("Gạo ST25 hữu cơ Tân Long", "gao", 4, "Ruộng hữu cơ chứng nhận."),
        ),
    ),
    Maker(
        H,
        "Hộ kinh doanh Khô cá Hai Thảo",
        "nn",
        "Khóm 2, Phường 1",
        "Lê Thị Thảo",
        "Cơ sở làm khô ở chợ nổi Ngã Năm, mua cá đồng của ghe thương hồ.",
        (
            Item("Khô cá lóc Ngã Năm", "kho-ca", 3, "Cá lóc đồng, phơi một nắng."),
            Item("Khô cá rô đồng", "kho-ca", 3, "Cá rô làm sạch, xẻ bướm.", "expiring"),
        ),
    ),
    Maker(
        E,
        "Công ty TNHH Thực phẩm Sạch Mỹ Quới",
        "nn",
        "Ấp Mỹ Đông, xã Mỹ Quới",
        "Võ Hoàng Nam",
        "Xưởng giò chả đạt chuẩn an toàn thực phẩm, cung cấp cho bếp ăn trường học và siêu thị.",
        (Item("Chả lụa Mỹ Quới", "cha", 3, "Thịt heo nóng, không hàn the."),),
    ),
    Maker(
        H,
        "Hộ kinh doanh Rượu nếp Phú Lộc",
        "tt",
        "Khóm 3, thị trấn Phú Lộc",
        "Tô Văn Hiền",
        "Ba đời nấu rượu nếp bằng men lá tự làm, chưng cất trên nồi đồng.",
        (
            Item("Rượu nếp than Phú Lộc", "ruou", 3, "Nếp than, 29% vol."),
            Item("Rượu nếp trắng 40 độ", "ruou", 3, "Nếp sáp, 40% vol."),
        ),
    ),
    Maker(
        C,
        "Hợp tác xã Nông nghiệp Thạnh Tân",
        "tt",
        "Ấp Tân Định, xã Thạnh Tân",
        "Đinh Văn Thắng",
        "Hợp tác xã trồng lúa ST và làm bún gạo lứt cho người ăn kiêng.",
        (
            Item("Gạo ST24 Thạnh Tân", "gao", 3, "Túi 5 kg."),
            Item("Bún gạo lứt Thạnh Tân", "bun", 3, "Gạo lứt đỏ, không chất tạo dai."),
        ),
    ),
    Maker(
        G,
        "Tổ hợp tác Bánh tráng Lâm Tân",
        "tt",
        "Ấp Tân Lộc, xã Lâm Tân",
        "Nguyễn Thị Bé Tư",
        "Tổ hợp tác gồm 9 lò bánh tráng, chung nhãn hiệu và bao bì.",
        (
            Item("Bánh tráng sữa Lâm Tân", "banh-trang", 3, "Nước cốt dừa, mè đen."),
            Item("Bánh tráng cuốn Lâm Tân", "banh-trang", 3, "Mỏng, dẻo, cuốn không cần nhúng nước."),
        ),
    ),
    Maker(
        C,
        "Hợp tác xã Khô cá dứa Cù Lao Dung",
        "cld",
        "Ấp Phước Hòa, xã An Thạnh 3",
        "Trần Văn Dứa",
        "Cá dứa nuôi ở vùng nước lợ cửa sông Hậu, làm khô một nắng theo quy trình chung của hợp tác xã.",
        (
            Item("Khô cá dứa một nắng Cù Lao Dung", "kho-ca", 4, "Cá dứa nước lợ, thịt trắng, béo."),
            Item("Tôm khô Cù Lao Dung", "tom-kho", 3, "Tôm sú, tôm thẻ phơi khô."),
        ),
    ),
    Maker(
        H,
        "Hộ kinh doanh Nước mía Cù Lao Dung",
        "cld",
        "Ấp Đại Nghĩa Thắng, xã Đại Ân 1",
        "Lý Thị Mía",
        "Tận dụng vùng mía lớn nhất tỉnh, ép và thanh trùng nước mía ngay tại ruộng.",
        (Item("Nước mía đóng chai Cù Lao Dung", "nuoc-ep", 3, "Mía tím ép lạnh, thêm tắc."),),
    ),
    Maker(
        C,
        "Hợp tác xã Trái cây An Thạnh Đông",
        "cld",
        "Ấp Bình Linh, xã An Thạnh Đông",
        "Nguyễn Văn Đông",
        "Vườn bưởi, sầu riêng trên cù lao, vận chuyển bằng ghe ra đất liền.",
        (
            Item("Bưởi năm roi Cù Lao Dung", "buoi", 3, "Trồng trên đất phù sa cù lao."),
            Item("Nước ép bưởi", "nuoc-ep", 3, "Bưởi năm roi, không đường."),
        ),
    ),
    Maker(
        E,
        "Công ty TNHH Mỹ phẩm Thiên nhiên Sóc Trăng",
        "tp",
        "Số 30 đường Tôn Đức Thắng, Phường 5",
        "Khưu Thị Diệu",
        "Sản xuất mỹ phẩm từ sả, bồ kết, dừa của nông dân trong tỉnh.",
        (
            Item("Xà bông sả chanh thiên nhiên", "my-pham", 3, "Bánh 100 g, làm lạnh thủ công."),
            Item("Dầu gội bồ kết hương nhu", "my-pham", 3, "Giảm gàu, ngăn rụng tóc."),
        ),
    ),
    Maker(
        H,
        "Hộ kinh doanh Mô hình ghe ngo Sóc Trăng",
        "tp",
        "Số 9 đường Văn Ngọc Chính, Phường 5",
        "Thạch Ngọc Sang",
        "Nghệ nhân làm ghe ngo mô hình, quà lưu niệm của lễ hội đua ghe ngo Sóc Trăng.",
        (Item("Mô hình ghe ngo Khmer", "luu-niem", 3, "Dài 60 cm, sơn hoa văn đầu rồng."),),
    ),
    Maker(
        G,
        "Tổ hợp tác Đan đát Thạnh Phú",
        "mx",
        "Ấp Rạch Sên, xã Thạnh Phú",
        "Tiêu Văn Sên",
        "Nghề đan tre trúc truyền thống của ấp, nay đan thêm lục bình theo đơn hàng.",
        (Item("Rổ tre đan thủ công", "luc-binh", 3, "Bộ 5 rổ nhiều cỡ."),),
    ),
    Maker(
        H,
        "Hộ kinh doanh Bánh pía Lâm Hòa",
        "tp",
        "Số 61 đường Mạc Đĩnh Chi, Phường 4",
        "Lâm Thị Hòa",
        "Lò bánh gia đình, nổi tiếng với bánh pía trứng muối làm bằng tay.",
        (
            Item("Bánh pía đậu xanh trứng muối Lâm Hòa", "banh-pia", 4, "Trứng muối ủ rượu."),
            Item("Bánh pía sầu riêng không trứng", "banh-pia", 3, "Nhân sầu riêng nguyên chất."),
        ),
    ),
    Maker(
        E,
        "Công ty TNHH Nước giải khát Sông Hậu",
        "ks",
        "Ấp An Khương, thị trấn Kế Sách",
        "Bùi Văn Hậu",
        "Dây chuyền thanh trùng và chiết rót chai nhựa, làm nước ép từ trái cây của tỉnh.",
        (
            Item("Nước ép mãng cầu xiêm", "nuoc-ep", 3, "Mãng cầu xiêm chín cây."),
            Item("Nước bí đao la hán quả", "nuoc-ep", 3, "Ít ngọt.", "expired"),
        ),
    ),
    Maker(
        G,
        "Tổ hợp tác Trứng vịt muối Châu Khánh",
        "lp",
        "Ấp Trung Hòa, xã Châu Khánh",
        "Lương Văn Khánh",
        "Các hộ nuôi vịt chạy đồng liên kết muối trứng, đóng hộp dưới một nhãn hiệu.",
        (Item("Trứng vịt muối tro Châu Khánh", "trung", 3, "Lòng đỏ son, dùng làm nhân bánh pía."),),
    ),
    Maker(
        H,
        "Hộ kinh doanh Mứt Thanh Trúc",
        "tp",
        "Số 120 đường Nguyễn Văn Linh, Phường 2",
        "Hứa Thanh Trúc",
        "Làm mứt Tết theo đơn đặt hàng, từ 2019 làm quanh năm và bán qua mạng.",
        (
            Item("Mứt dừa non", "mut", 3, "Dừa non, nhiều màu tự nhiên."),
            Item("Mứt gừng", "mut", 3, "Gừng sẻ, cay nhẹ.", "expiring"),
        ),
    ),
    Maker(
        C,
        "Hợp tác xã Thủy sản Viên An",
        "td",
        "Ấp Khoan Tang, xã Viên An",
        "Lâm Thị Viên",
        "Nuôi tôm sú quảng canh cải tiến, cấp đông tại xưởng của hợp tác xã.",
        (Item("Tôm sú đông lạnh Viên An", "dong-lanh", 3, "Tôm sú nguyên con, cỡ 30 con/kg."),),
    ),
    Maker(
        H,
        "Hộ kinh doanh Chả cá thác lác Kế Sách",
        "ks",
        "Ấp An Ninh, xã Đại Hải",
        "Châu Thị Thu",
        "Mua cá thác lác từ các hộ nuôi trong xã, quết chả và cấp đông mỗi ngày.",
        (Item("Chả cá thác lác", "dong-lanh", 3, "Quết dẻo, chiên hoặc nấu canh."),),
    ),
    Maker(
        C,
        "Hợp tác xã Nông nghiệp Vĩnh Quới",
        "nn",
        "Ấp Vĩnh Đông, xã Vĩnh Quới",
        "Trần Quốc Vĩnh",
        "Hợp tác xã chuyên nếp và gạo đặc sản, có máy xay xát và đóng gói.",
        (
            Item("Gạo nếp Vĩnh Quới", "gao", 3, "Nếp dẻo, làm bánh, nấu xôi."),
            Item("Gạo ST25 Vĩnh Quới", "gao", 3, "Túi 5 kg, hút chân không.", "expiring"),
        ),
    ),
    Maker(
        E,
        "Công ty TNHH Gạo Đặc sản Long Phú",
        "lp",
        "Ấp Phú Đức, thị trấn Long Phú",
        "Trần Minh Trí",
        "Nhà máy xay xát và đánh bóng gạo, liên kết với hợp tác xã trong huyện.",
        (
            Item("Gạo ST25 Long Phú", "gao", 4, "Đạt VietGAP, đóng túi 2 kg, 5 kg."),
            Item("Gạo ST24 Long Phú", "gao", 3, "Cơm dẻo thơm."),
            Item("Gạo lứt tím than", "gao", 3, "Gạo lứt màu tím, dùng ăn kiêng.", "expired"),
        ),
    ),
]

# Producers taking part in the upcoming event (approved, then awaiting approval).
UPCOMING_PRODUCERS = (
    "Công ty TNHH Thực phẩm Tân Phước Hưng",
    "Công ty TNHH Lạp xưởng Kim Long Phát",
    "Công ty Cổ phần Thực phẩm Minh Châu Sóc Trăng",
    "Công ty TNHH Thực phẩm Hưng Thịnh Phát",
    "Công ty Cổ phần Nông nghiệp Lúa Tôm Mỹ Xuyên",
    "Hợp tác xã Nông nghiệp Hành tím Vĩnh Hải",
    "Công ty TNHH Thủy sản Biển Vĩnh Châu",
    "Hợp tác xã Trái cây Phong Nẫm",
    "Hợp tác xã Sầu riêng An Lạc Thôn",
    "Hợp tác xã Cốm dẹp Mỹ Hương",
    "Hộ kinh doanh Kẹo Long Hưng",
    "Tổ hợp tác Nuôi ong Mỹ Phước",
    "Hộ kinh doanh Mắm Tài Văn",
    "Hộ kinh doanh Khô cá Hai Thảo",
    "Hợp tác xã Khô cá dứa Cù Lao Dung",
    "Công ty TNHH Mỹ phẩm Thiên nhiên Sóc Trăng",
    "Tổ hợp tác Đan đát Thạnh Phú",
    "Hợp tác xã Nông nghiệp Vĩnh Quới",
)
UPCOMING_PENDING_PRODUCERS = (
    "Hộ kinh doanh Bánh pía Bảo Ngọc",
    "Hợp tác xã Nông nghiệp Song Phụng",
    "Hợp tác xã Nông nghiệp Thạnh Tân",
)
UPCOMING_DISTRIBUTORS = (
    "saigon-co-op",
    "central-retail-viet-nam",
    "bach-hoa-xanh",
    "vinagreenco",
    "sieu-thi-tu-son",
)
UPCOMING_PENDING_DISTRIBUTORS = ("trai-cay-chanh-thu",)

# (username, role, first name, last name, e-mail)
ACCOUNTS = [
    ("organiser", "organiser", "Ngọc Anh", "Trần", "organiser@example.com"),
    ("producer", "producer", "Mỹ Linh", "Quách", "producer@example.com"),
    ("buyer", "buyer", "Thu Hà", "Nguyễn", "buyer@example.com"),
    ("colleague", "buyer", "Quốc Bảo", "Phạm", "colleague@example.com"),
]
# The colleague's list, shared with the demo buyer (products by their name).
TEAM_SHORTLIST = "Quầy đặc sản Tết 2027"
TEAM_SHORTLIST_SIZE = 4
# Meeting requests of the demo buyers' company at the upcoming event: with the producers of
# the team list's first items (not the demo producer's), asked by a buyer (username, status,
# priority, message); and from the demo producer, not answered yet (priority, message).
TEAM_REQUESTS = (
    (
        "colleague",
        "accepted",
        1,
        "Chúng tôi muốn đưa sản phẩm của quý cơ sở vào quầy đặc sản Tết, xin gặp để bàn giá sỉ.",
    ),
    ("buyer", "pending", 2, "Xin gặp để tìm hiểu quy cách đóng gói và khả năng cung ứng hàng tháng."),
)
DEMO_PRODUCER_REQUEST = (2, "Cơ sở chúng tôi mong được giới thiệu bánh pía sầu riêng cho hệ thống Co.op.")
DEMO_PRODUCER_INDEX = 0
DEMO_BUYER_DISTRIBUTOR = "saigon-co-op"
