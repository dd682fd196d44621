"""Fill a database with national-scale data for benchmarks, with bulk inserts.

Names are built from word lists with Vietnamese diacritics, so that accent-insensitive search
has realistic work to do. Every product shares one placeholder photo (written once to media
storage), so catalogue pages run the same queries as with real photos without writing 25,000
files. Unique fields never collide with existing rows or with an earlier run: tax codes and
barcodes are checked against what the database holds, and slugs end with the seed and a run
offset (the table's highest id when the run starts).
"""

import datetime as dt
import io
import random
import time
from dataclasses import dataclass
from typing import TextIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw

from distributors.models import Channel, Distributor, SourcingNeed
from matchmaking.engine.text import fold

from . import ocop
from .enums import IssuingLevel, ProducerKind, ProductStatus, VerificationStatus
from .models import (
    Certification,
    CertificationKind,
    OcopCertificate,
    Producer,
    Product,
    ProductImage,
    ProductSubGroup,
    Province,
)
from .validators import gtin13_check_digit

PLACEHOLDER_IMAGE = "products/scale-data-placeholder.jpg"

# subgroup -> (weight among products, unit, storage, (lowest, highest price), shelf life (days), packaging)
PROFILES = {
    "food-processed": (34, "pack", "ambient", (25_000, 250_000), 180, "Túi 500 g"),
    "food-raw": (12, "kg", "ambient", (20_000, 300_000), 365, "Túi 5 kg"),
    "food-fresh": (9, "kg", "ambient", (15_000, 150_000), 14, "Thùng 10 kg"),
    "food-condiments": (8, "bottle", "ambient", (15_000, 150_000), 540, "Chai 500 ml"),
    "food-tea": (6, "box", "ambient", (50_000, 600_000), 540, "Hộp 200 g"),
    "food-coffee-cocoa": (4, "pack", "ambient", (80_000, 500_000), 365, "Túi 500 g"),
    "beverages-alcoholic": (4, "bottle", "ambient", (60_000, 400_000), None, "Chai 500 ml"),
    "beverages-soft": (5, "bottle", "chilled", (10_000, 60_000), 180, "Chai 330 ml"),
    "herbal-medicine": (5, "box", "ambient", (60_000, 800_000), 720, "Hộp 100 g"),
    "herbal-cosmetics": (3, "bottle", "ambient", (40_000, 300_000), 540, "Chai 300 ml"),
    "herbal-other": (4, "box", "ambient", (40_000, 300_000), 720, "Hộp 20 túi lọc"),
    "handicrafts-textiles": (2, "piece", "ambient", (150_000, 2_000_000), None, "Túi giấy"),
    "handicrafts-crafts": (3, "piece", "ambient", (50_000, 1_500_000), None, "Thùng carton"),
    "handicrafts-decoration": (2, "piece", "ambient", (200_000, 5_000_000), None, "Hộp gỗ"),
    "ornamental-flowers": (1, "piece", "ambient", (100_000, 1_500_000), 30, "Chậu"),
    "ornamental-plants": (1, "piece", "ambient", (200_000, 5_000_000), None, "Chậu"),
}
# subgroup -> {product name: its variants}
WORDS = {
    "food-processed": {
        "Bánh pía": "sầu riêng, đậu xanh, khoai môn, trứng muối, lá dứa, kim sa",
        "Bánh": "phồng tôm, tráng phơi sương, đa, cáy, gai, ít lá gai, cốm, ín, dừa nướng, tráng sữa",
        "Kẹo": "dừa, lạc, dồi, cu đơ, mè xửng, chuối, gương, đậu phộng",
        "Mứt": "gừng, dừa non, me, sen, mãng cầu, bí, khế",
        "Khô": "cá lóc, cá sặc, cá dứa, mực, bò, gà lá chanh, cá kèo",
        "Tôm khô": "đất, biển, sú, nõn",
        "Mắm": "tôm chua, cá linh, ruốc, nêm, cá lóc, ba khía, cá sặc",
        "Lạp xưởng": "tươi, tôm, mai quế lộ, bò, cá thác lác",
        "Chả": "cá thác lác, cá thu, cá mối, lụa, quế, bò",
        "Hạt điều": "rang muối, rang tỏi ớt, vỡ đôi",
        "Miến": "dong, gạo, khoai lang",
        "Bún": "khô, gạo lứt, tươi sấy",
        "Trái cây sấy": "mít, chuối, xoài, thanh long, khoai lang",
        "Trứng vịt muối": "tro, lòng đỏ",
    },
    "food-raw": {
        "Gạo": "ST25, ST24, lứt đỏ, nếp cái hoa vàng, tám thơm, séng cù, nàng thơm, Điện Biên",
        "Mật ong": "hoa cà phê, hoa nhãn, hoa tràm, rừng, bạc hà, hoa xuyến chi",
        "Đậu": "xanh, đen xanh lòng, phộng, nành",
        "Tôm": "sú, thẻ chân trắng, càng xanh",
    },
    "food-fresh": {
        "Bưởi": "năm roi, da xanh, Diễn, Phúc Trạch, Đoan Hùng",
        "Xoài": "cát Hòa Lộc, cát chu, tứ quý, keo",
        "Sầu riêng": "Ri6, Monthong, Dona",
        "Nhãn": "lồng, xuồng cơm vàng, Ido",
        "Cam": "sành, Cao Phong, Vinh, xoàn",
        "Hành tím": "Vĩnh Châu, Lý Sơn",
        "Vải thiều": "Lục Ngạn, Thanh Hà",
        "Nấm": "rơm, bào ngư, linh chi, đông cô",
    },
    "food-condiments": {
        "Nước mắm": "cá cơm, nhĩ, cá cơm 40 độ đạm, truyền thống, Phú Quốc",
        "Tương ớt": "tỏi, hành tím, chua ngọt",
        "Muối": "tôm, ớt, tiêu xanh, hầm, mắc khén",
        "Tiêu": "đen, sọ, xanh, đỏ",
        "Hạt": "mắc khén, dổi",
    },
    "food-tea": {
        "Trà": "Shan tuyết, móc câu, búp, ô long, xanh, sen Tây Hồ, nõn tôm",
    },
    "food-coffee-cocoa": {
        "Cà phê": "Robusta rang xay, Arabica, phin truyền thống, hòa tan",
        "Ca cao": "bột nguyên chất",
    },
    "beverages-alcoholic": {
        "Rượu": "nếp cái hoa vàng, Bàu Đá, ngô men lá, sim, chuối hột, Làng Vân, nếp than, mơ",
    },
    "beverages-soft": {
        "Nước ép": "mãng cầu, bưởi, cam, chanh dây, dứa",
        "Nước uống": "đông trùng hạ thảo, yến sào, nha đam, sâm bí đao",
        "Sữa": "dê, bò tươi, chua, đậu nành",
    },
    "herbal-medicine": {
        "Cao": "atisô, cà gai leo, xạ đen, dây thìa canh, chè vằng",
        "Viên": "nghệ mật ong, tỏi đen, đinh lăng",
        "Tinh bột": "nghệ, sắn dây",
    },
    "herbal-cosmetics": {
        "Xà bông": "sả chanh, nghệ, cà phê, than tre",
        "Dầu gội": "bồ kết, bưởi, thảo dược",
    },
    "herbal-other": {
        "Trà thảo mộc": "atisô, hoa cúc, khổ qua rừng, gạo lứt, tim sen, đinh lăng",
        "Tinh dầu": "tràm, sả chanh, quế, bạc hà, hồi, bưởi",
    },
    "handicrafts-textiles": {
        "Khăn": "thổ cẩm, lụa tơ tằm, rằn",
        "Áo": "bà ba, thổ cẩm, dài lụa",
        "Lụa": "Vạn Phúc, tơ tằm, Tân Châu",
    },
    "handicrafts-crafts": {
        "Giỏ": "lục bình, tre, mây, cói",
        "Thảm": "cói, lục bình",
        "Nón lá": "bài thơ, ba tầm",
        "Chiếu": "cói, hoa",
    },
    "handicrafts-decoration": {
        "Tranh": "Đông Hồ, gạo, thêu tay, sơn mài",
        "Gốm": "Bát Tràng, Bàu Trúc, Phù Lãng",
        "Mô hình": "ghe ngo",
    },
    "ornamental-flowers": {
        "Lan": "hồ điệp, rừng",
    },
    "ornamental-plants": {
        "Cây": "mai vàng, sứ",
    },
}
CHILLED, FROZEN = {"Lạp xưởng", "Khô", "Sữa", "Nấm"}, {"Chả", "Tôm"}
# Most names have no qualifier: the empty strings weigh the draw.
QUALIFIERS = (
    "",
    "",
    "",
    "",
    "đặc biệt",
    "hảo hạng",
    "truyền thống",
    "hữu cơ",
    "gia truyền",
    "thượng hạng",
    "cao cấp",
)
BRANDS = (
    "Phú Thịnh, Hưng Phát, An Khang, Minh Châu, Tân Lộc, Thành Đạt, Phước Lộc, Kim Ngân, Hoàng Gia, Bảo An, "
    "Vạn Phúc, Thiên Phú, Hòa Bình, Mỹ Lộc, Đại Phát, Trường Thịnh, Ngọc Lan, Sơn Hà, Tâm Đức, Nhật Quang, "
    "Quê Hương, Đồng Xanh, Sen Vàng, Mekong, Tây Bắc, Cao Nguyên, Hương Quê, Lộc Xuân, Hải Đăng, Ánh Dương"
)
SURNAMES = "Nguyễn, Trần, Lê, Phạm, Hoàng, Huỳnh, Phan, Vũ, Võ, Đặng, Bùi, Đỗ, Hồ, Ngô, Dương, Lý, Thạch, Lâm"
MIDDLE = "Văn, Thị, Minh, Thanh, Ngọc, Quốc, Hữu, Thu, Kim, Đức"
GIVEN = "An, Bình, Cường, Dũng, Hà, Hải, Hạnh, Hòa, Hùng, Lan, Linh, Long, Mai, Nam, Phúc, Sơn, Tâm, Thảo, Tú"
PLACES = "Tân Phú, An Hòa, Phú Mỹ, Bình Minh, Long Thạnh, Hòa Lợi, Thạnh Mỹ, Vĩnh Lộc, Đông Hưng, Tiên Phong"
TRAITS = (
    "Nguyên liệu tuyển chọn tại vùng trồng của hợp tác xã.",
    "Sản xuất theo quy trình khép kín, đạt chuẩn an toàn thực phẩm.",
    "Không chất bảo quản, không phẩm màu.",
    "Bao bì có tem truy xuất nguồn gốc.",
    "Công thức gia truyền nhiều thế hệ.",
    "Phù hợp làm quà biếu dịp lễ, Tết.",
    "Đóng gói hút chân không, dễ vận chuyển.",
    "Sản lượng ổn định quanh năm.",
    "Được khách hàng tại các hội chợ OCOP đánh giá cao.",
)
KIND_WEIGHTS = {
    ProducerKind.ENTERPRISE: 25,
    ProducerKind.COOPERATIVE: 35,
    ProducerKind.COOPERATIVE_GROUP: 10,
    ProducerKind.HOUSEHOLD: 30,
}
KIND_PREFIXES = {
    ProducerKind.ENTERPRISE: ("Công ty TNHH", "Công ty Cổ phần", "Doanh nghiệp tư nhân"),
    ProducerKind.COOPERATIVE: ("Hợp tác xã", "Hợp tác xã Nông nghiệp", "Hợp tác xã Dịch vụ"),
    ProducerKind.COOPERATIVE_GROUP: ("Tổ hợp tác",),
    ProducerKind.HOUSEHOLD: ("Hộ kinh doanh", "Cơ sở"),
}
CHANNEL_NAMES = {
    "supermarket-chain": "Chuỗi siêu thị",
    "convenience-chain": "Chuỗi cửa hàng tiện lợi",
    "wholesale": "Công ty Phân phối",
    "e-commerce": "Sàn thương mại điện tử",
    "export": "Công ty Xuất nhập khẩu",
    "ocop-showroom": "Điểm giới thiệu sản phẩm OCOP",
    "highway-rest-stop": "Trạm dừng nghỉ",
    "horeca": "Khách sạn",
}


def _split(words: str) -> list[str]:
    return [w.strip() for w in words.split(",")]


@dataclass(frozen=True)
class ScaleResult:
    producers: int
    products: int
    certificates: int
    certifications: int
    images: int
    distributors: int
    needs: int
    seconds: float


def scale_data_generate(
    *,
    producers: int,
    products: int,
    distributors: int,
    seed: int,
    batch_size: int = 2000,
    images: bool = True,
    stdout: TextIO | None = None,
) -> ScaleResult:
    """Generate data for benchmarks in one transaction. Side effects: bulk-inserts producers,
    products, OCOP certificates, certifications, product images (all pointing at one
    placeholder file, written to media storage if missing), distributors, sourcing needs."""
    if products and not producers:
        raise ValueError("Products need producers: pass --producers as well.")
    started = time.perf_counter()
    generator = _Generator(seed=seed, batch_size=batch_size, stdout=stdout)
    with transaction.atomic():
        made = generator.producers(producers)
        counts = generator.products(products, made, with_images=images)
        dist_count, need_count = generator.distributors(distributors)
    return ScaleResult(len(made), *counts, dist_count, need_count, time.perf_counter() - started)


class _Generator:
    def __init__(self, *, seed: int, batch_size: int, stdout: TextIO | None) -> None:
        self.seed, self.batch_size, self.stdout = seed, batch_size, stdout
        self.rng = random.Random(seed)  # noqa: S311 (benchmark data)
        self.today, self.now = timezone.localdate(), timezone.now()
        self.provinces = list(Province.objects.filter(is_current=True))
        self.subgroups = {s.code: s for s in ProductSubGroup.objects.filter(code__in=PROFILES)}
        self.kinds = list(CertificationKind.objects.all())
        self.channels = list(Channel.objects.all())
        if not (self.provinces and self.subgroups and self.channels):
            raise ValueError("Reference data is missing: run `manage.py migrate` first.")
        self.words = {code: [(base, _split(v)) for base, v in words.items()] for code, words in WORDS.items()}
        self.catalogue = [(code, spec) for code, spec in PROFILES.items() if code in self.subgroups]
        self.brands, self.places, self.traits = _split(BRANDS), _split(PLACES), TRAITS
        self.names = (_split(SURNAMES), _split(MIDDLE), _split(GIVEN))

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message + "\n")

    def insert(self, model: type[Model], rows: list) -> list:
        return model.objects.bulk_create(rows, batch_size=self.batch_size)

    def link(self, descriptor, pairs: list[tuple[int, int]]) -> None:
        """Bulk-insert rows of a many-to-many table: (source id, target id) pairs."""
        through, field = descriptor.through, descriptor.field
        source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        self.insert(through, [through(**{source: a, target: b}) for a, b in pairs])

    def offset(self, model: type[Model]) -> int:
        """Slugs of this run end with ``-s<seed>-<offset + i>``; the offset is above every id,
        hence above every suffix of an earlier run whose rows still exist."""
        return (model.objects.aggregate(top=Max("id"))["top"] or 0) + 1

    def person(self) -> str:
        surnames, middle, given = self.names
        return f"{self.rng.choice(surnames)} {self.rng.choice(middle)} {self.rng.choice(given)}"

    def unique_digits(self, taken: set[str], make) -> str:
        while (value := make()) in taken:
            pass
        taken.add(value)
        return value

    def producers(self, count: int) -> list[Producer]:
        rng, offset = self.rng, self.offset(Producer)
        taken = set(Producer.objects.values_list("tax_code", flat=True))
        kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
        rows = []
        for i in range(count):
            kind, province = rng.choices(kinds, weights)[0], rng.choice(self.provinces)
            prefix = rng.choice(KIND_PREFIXES[kind])
            if kind == ProducerKind.HOUSEHOLD:  # named after its owner
                name = f"{prefix} {self.person()}"
            else:
                trade = rng.choice(
                    ["Nông sản", "Thực phẩm", "Đặc sản", "Chế biến Nông sản", "Thương mại", ""]
                )
                name = " ".join(w for w in (prefix, trade, rng.choice(self.brands), province.name) if w)
            tax_code = self.unique_digits(taken, lambda: str(rng.randrange(10**9, 10**10)))
            commune, phone = rng.choice(self.places), f"{rng.randrange(10**6):06d}"
            hamlet = "Ấp" if province.region in ("mekong_delta", "southeast") else "Thôn"
            rows.append(
                Producer(
                    kind=kind,
                    legal_name=name,
                    slug=f"{slugify(fold(name))[:200]}-s{self.seed}-{offset + i}",
                    tax_code=tax_code,
                    province=province,
                    address=f"{hamlet} {rng.choice(self.places)}, xã {commune}, {province.name}",
                    phone=f"0{rng.choice('3789')}{rng.randint(10, 99)} {phone[:3]} {phone[3:]}",
                    email="" if kind == ProducerKind.HOUSEHOLD else f"lienhe.{tax_code}@example.com",
                    contact_person=self.person(),
                    story=f"{rng.choice(self.traits)} {rng.choice(self.traits)}",
                )
            )
        made = self.insert(Producer, rows)
        self.say(f"{len(made)} producers")
        return made

    def products(
        self, count: int, producers: list[Producer], *, with_images: bool
    ) -> tuple[int, int, int, int]:
        rng, offset = self.rng, self.offset(Product)
        owners = list(range(len(producers))) if count >= len(producers) else []
        owners += [rng.randrange(len(producers)) for _ in range(count - len(owners))]
        taken = set(Product.objects.exclude(gtin="").values_list("gtin", flat=True))
        codes, weights = zip(*((code, spec[0]) for code, spec in self.catalogue), strict=True)
        rows = []
        for i, owner in enumerate(owners):
            producer = producers[owner]
            code = rng.choices(codes, weights)[0]
            _, unit, storage, (low, high), shelf_life, packaging = PROFILES[code]
            base, variants = rng.choice(self.words[code])
            parts = [base, rng.choice(variants), rng.choice(QUALIFIERS)]
            if rng.random() < 0.5:
                parts.append(producer.province.name if rng.random() < 0.5 else rng.choice(self.brands))
            name = " ".join(part for part in parts if part)
            description = f"{name}. {rng.choice(self.traits)} {rng.choice(self.traits)}"
            price_min = round(rng.uniform(low, high), -3)
            gtin = ""
            if rng.random() < 0.85:
                gtin = self.unique_digits(taken, lambda: _gtin(f"893{rng.randrange(10**9):09d}"))
            capacity = rng.choice((200, 500, 1_000, 2_000, 5_000, 10_000, 50_000))
            subgroup = self.subgroups[code]
            rows.append(
                Product(
                    producer=producer,
                    group_id=subgroup.group_id,
                    subgroup=subgroup,
                    name=name,
                    slug=f"{slugify(fold(name))[:180]}-s{self.seed}-{offset + i}",
                    description=description,
                    packaging=packaging,
                    price_min=int(price_min),
                    price_max=int(price_min * rng.choice((1, 1.2, 1.5))),
                    min_order_quantity=max(10, capacity // 100),
                    monthly_capacity=capacity,
                    unit=unit,
                    shelf_life_days=shelf_life,
                    storage="frozen" if base in FROZEN else "chilled" if base in CHILLED else storage,
                    gtin=gtin,
                    status=ProductStatus.PUBLISHED if rng.random() < 0.95 else ProductStatus.DRAFT,
                    search_text=fold(
                        " | ".join(
                            (name, producer.legal_name, producer.province.name, packaging, description)
                        )
                    ),
                )
            )
        # The certificates are drawn before the products are written (in the same order as
        # when they were drawn after), so that each published product with a verified one is
        # written in the catalogue since now (listed_at, as product_publish and
        # certificate_verify note it): updating the rows afterwards would leave a second
        # version of each (an UPDATE of every row doubled the table at 100,000 products).
        drawn = [self.certificate(p) for p in rows]
        for product, certificate in zip(rows, drawn, strict=True):
            verified = certificate.verification == VerificationStatus.VERIFIED
            if verified and product.status == ProductStatus.PUBLISHED:
                product.listed_at = self.now
        made = self.insert(Product, rows)
        self.say(f"{len(made)} products")
        for product, certificate in zip(made, drawn, strict=True):
            certificate.product = product  # now that it has its id
        certificates = self.insert(OcopCertificate, drawn)
        certifications = self.insert(
            Certification,
            [
                Certification(
                    product=p, kind=kind, number=f"CN-{p.pk}-{kind.code}", issuer="Tổ chức chứng nhận"
                )
                for p in made
                for kind in rng.sample(self.kinds, rng.choice((0, 1, 1, 2, 2, 3)))
            ],
        )
        pictures = []
        if with_images and made:
            _write_placeholder()
            pictures = self.insert(
                ProductImage, [ProductImage(product=p, image=PLACEHOLDER_IMAGE, alt=p.name) for p in made]
            )
        self.say(
            f"{len(certificates)} certificates, {len(certifications)} certifications, {len(pictures)} images"
        )
        return len(made), len(certificates), len(certifications), len(pictures)

    def certificate(self, product: Product) -> OcopCertificate:
        """Mostly valid and verified; a few expiring within 30 days, expired or unverified."""
        rng = self.rng
        stars = rng.choices((3, 4, 5), (60, 32, 8))[0]
        low, high = ocop.STAR_BANDS[stars]
        earliest = ocop.earliest_valid_issue_date(self.today)
        state = rng.random()
        if state < 0.05:
            issued_on = earliest - dt.timedelta(days=rng.randint(1, 700))
        elif state < 0.10:
            issued_on = earliest + dt.timedelta(days=rng.randint(0, 29))
        else:
            issued_on = self.today - dt.timedelta(days=rng.randint(0, (self.today - earliest).days - 31))
        verified = rng.random() < 0.95
        central = stars == 5
        return OcopCertificate(
            product=product,
            stars=stars,
            score=rng.randint(low, high),
            decision_number=f"{rng.randint(100, 4999)}/" + ("QĐ-BNN-VPĐP" if central else "QĐ-UBND"),
            issuing_level=IssuingLevel.CENTRAL if central else IssuingLevel.PROVINCE,
            issued_on=issued_on,
            verification=VerificationStatus.VERIFIED if verified else VerificationStatus.PENDING,
            verified_at=self.now if verified else None,
        )

    def distributors(self, count: int) -> tuple[int, int]:
        rng, offset = self.rng, self.offset(Distributor)
        rows = []
        for i in range(count):
            channel = rng.choice(self.channels)
            name = f"{CHANNEL_NAMES.get(channel.code, channel.name)} {rng.choice(self.brands)}"
            rows.append(
                Distributor(
                    name=name,
                    slug=f"{slugify(fold(name))}-s{self.seed}-{offset + i}",
                    channel=channel,
                    head_office_province=rng.choice(self.provinces),
                    description=f"{channel.name}: {rng.choice(self.traits)}",
                    is_verified=rng.random() < 0.9,
                )
            )
        made = self.insert(Distributor, rows)
        self.link(
            Distributor.provinces_served,
            [(d.pk, p.pk) for d in made for p in rng.sample(self.provinces, rng.randint(1, 6))],
        )
        needs, links = [], []
        for distributor in made:
            for _ in range(rng.randint(1, 3)):
                code = rng.choice(self.catalogue)[0]
                subgroup = self.subgroups[code]
                unit = PROFILES[code][1]
                needs.append(
                    SourcingNeed(
                        distributor=distributor,
                        title=f"{subgroup.name} cho {distributor.channel.name.lower()}",
                        min_stars=rng.choices((3, 4, 5), (70, 25, 5))[0],
                        min_monthly_volume=int(
                            rng.choice((100, 300, 500, 1_000)) * distributor.channel.scale
                        ),
                        volume_unit=unit,
                        accepts_chilled=rng.random() < 0.4,
                        accepts_frozen=rng.random() < 0.2,
                    )
                )
                links.append(
                    (
                        subgroup,
                        rng.sample(self.kinds, rng.randint(0, 3)),
                        rng.sample(self.provinces, rng.randint(0, 3)),
                    )
                )
        needs = self.insert(SourcingNeed, needs)
        pairs = list(zip(needs, links, strict=True))
        self.link(SourcingNeed.groups, [(n.pk, s.group_id) for n, (s, _, _) in pairs])
        self.link(SourcingNeed.subgroups, [(n.pk, s.pk) for n, (s, _, _) in pairs])
        self.link(SourcingNeed.required_certifications, [(n.pk, k.pk) for n, (_, ks, _) in pairs for k in ks])
        self.link(SourcingNeed.preferred_provinces, [(n.pk, p.pk) for n, (_, _, ps) in pairs for p in ps])
        self.say(f"{len(made)} distributors, {len(needs)} sourcing needs")
        return len(made), len(needs)


def _gtin(first12: str) -> str:
    return first12 + str(gtin13_check_digit(first12))


def _write_placeholder() -> None:
    """The one photo every generated product points at (kept if it already exists)."""
    if default_storage.exists(PLACEHOLDER_IMAGE):
        return
    image = Image.new("RGB", (800, 600), (214, 120, 38))
    ImageDraw.Draw(image).rounded_rectangle([200, 150, 600, 450], radius=40, fill=(240, 200, 150))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    default_storage.save(PLACEHOLDER_IMAGE, ContentFile(buffer.getvalue()))
