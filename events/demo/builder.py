"""Build the demo database: the Sóc Trăng conference of 2020, an upcoming event, accounts.

Every row is looked up by a natural key (a slug, a tax code, a username, a title within its
event...) and created only when missing, so running the loader again changes nothing. Dates
that must stay live (certificate issue dates, the upcoming event) are computed from the day
the rows are first created; existing rows are never moved.
"""

import datetime as dt
import itertools
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import TextIO

from allauth.account.models import EmailAddress
from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from distributors.enums import BuyerStatus
from distributors.models import (
    Buyer,
    Channel,
    Distributor,
    NewProductNotice,
    Shortlist,
    ShortlistItem,
    SourcingNeed,
)
from distributors.new_products import new_product_notices_record
from events.enums import EventStatus, MouKind, ParticipantKind, ParticipationStatus
from events.models import Event, MeetingBlock, Mou, Participation, Room, Session
from events.services import block_generate_slots
from matchmaking.engine.text import fold
from matchmaking.enums import RequestSide, RequestStatus
from matchmaking.models import MeetingRequest
from matchmaking.scoring.services import match_scores_refresh_all
from producers import ocop
from producers.enums import IssuingLevel, MemberRole, ProductStatus, VerificationStatus
from producers.models import (
    Certification,
    CertificationKind,
    OcopCertificate,
    Producer,
    ProducerMember,
    Product,
    ProductImage,
    ProductSubGroup,
    Province,
)
from producers.selectors import product_qs_visible
from producers.services import product_search_text
from producers.validators import gtin13_check_digit

from . import data
from .images import product_photo

# Bigger producers sell more each month.
CAPACITY_SCALE = {"enterprise": 2.0, "cooperative": 1.5, "cooperative_group": 0.8, "household": 0.5}
# Days before the load date of the batches of (re)certification decisions that are still valid.
VALID_BATCHES = (75, 190, 320, 455, 610, 790)
# Kinds of product whose food-safety certificate comes from the agriculture department.
AGRICULTURE_KINDS = {"gao", "hanh-tim", "kho-ca", "tom-kho", "mam", "mat-ong", "dong-lanh", "trung", "nam"}
GTIN_COMPANY_BASE = 60100


class DemoDataMissing(Exception):
    """Reference data (provinces, groups, channels...) is missing: migrations not applied."""


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    password_ok: bool  # False when the account existed before with another password
    email: str = ""


@dataclass
class DemoResult:
    reference_event: Event
    upcoming_event: Event
    producers: list[Producer]
    distributors: list[Distributor]
    accounts: list[DemoAccount]
    created: Counter = field(default_factory=Counter)
    match_scores: int = 0  # stored by the scoring run at the end of the load

    @property
    def product_count(self) -> int:
        return Product.objects.filter(producer__in=self.producers).count()


@transaction.atomic
def demo_load(*, stdout: TextIO | None = None, today: dt.date | None = None) -> DemoResult:
    """Load the demo. Side effects: writes producers, products, photos (media storage),
    certificates, distributors, events, participations, MoUs and three demo users, then
    scores every product against every sourcing need (replacing the stored match scores)."""
    return _Builder(stdout=stdout, today=today or timezone.localdate()).build()


def _aware(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=timezone.get_default_timezone())


class _Builder:
    def __init__(self, *, stdout: TextIO | None, today: dt.date) -> None:
        self.stdout = stdout
        self.today = today
        self.now = timezone.now()
        self.created: Counter = Counter()
        self.provinces = {p.code: p for p in Province.objects.all()}
        self.subgroups = {s.code: s for s in ProductSubGroup.objects.select_related("group")}
        self.cert_kinds = {k.code: k for k in CertificationKind.objects.all()}
        self.channels = {c.code: c for c in Channel.objects.all()}
        needed = {"soc-trang", "can-tho"} | {d.province for d in data.DISTRIBUTORS}
        if not needed <= self.provinces.keys() or not self.subgroups or not self.channels:
            raise DemoDataMissing("Reference data is missing: run `manage.py migrate` first.")

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message + "\n")

    def get_or_create(self, model: type[models.Model], lookup: dict, defaults: dict | None = None):
        """Like QuerySet.get_or_create, but validates what it creates and counts it."""
        obj = model.objects.filter(**lookup).first()
        if obj is not None:
            return obj, False
        obj = model(**lookup, **(defaults or {}))
        obj.full_clean()
        obj.save()
        self.created[model.__name__] += 1
        return obj, True

    def build(self) -> DemoResult:
        organiser, organiser_ok = self.user("organiser", staff=True)
        self.say("Producers, products, photos and certificates...")
        producers = [self.producer(i, spec, organiser) for i, spec in enumerate(data.PRODUCERS)]
        self.say("Distributors and sourcing needs...")
        distributors = [self.distributor(spec) for spec in data.DISTRIBUTORS]
        by_slug = {d.slug: d for d in distributors}
        accounts = [
            DemoAccount(
                "organiser", data.DEMO_PASSWORD, "organiser (staff, superuser)", organiser_ok, organiser.email
            )
        ]
        accounts += self.members(
            producers[data.DEMO_PRODUCER_INDEX], by_slug[data.DEMO_BUYER_DISTRIBUTOR], organiser
        )
        self.say("New products for the sourcing needs...")
        self.recent_listings()
        self.say("Events...")
        reference = self.reference_event(producers, distributors, organiser)
        upcoming = self.upcoming_event(producers, by_slug, organiser)
        self.team_requests(upcoming, producers[data.DEMO_PRODUCER_INDEX])
        # The rows above are written directly, not through the services that queue a re-score,
        # so the demo's suggestions (buyer and producer dashboards, best pairs) are scored here.
        self.say("Match scores...")
        scores = match_scores_refresh_all()["stored"]
        return DemoResult(reference, upcoming, producers, distributors, accounts, self.created, scores)

    # --- accounts -----------------------------------------------------------------------------

    def user(self, username: str, *, staff: bool = False) -> tuple[User, bool]:
        _, _, first, last, email = next(a for a in data.ACCOUNTS if a[0] == username)
        user = User.objects.filter(username=username).first()
        if user is not None:
            self._verified_email(user)
            return user, user.check_password(data.DEMO_PASSWORD)
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=email,
            language="vi",
            is_staff=staff,
            is_superuser=staff,
        )
        user.set_password(data.DEMO_PASSWORD)
        user.full_clean()
        user.save()
        self.created["User"] += 1
        self._verified_email(user)
        return user, True

    def _verified_email(self, user: User) -> None:
        """Demo accounts log in straight away: their e-mail address counts as confirmed."""
        self.get_or_create(
            EmailAddress, {"user": user, "email": user.email}, {"verified": True, "primary": True}
        )

    def members(self, producer: Producer, distributor: Distributor, organiser: User) -> list[DemoAccount]:
        producer_user, producer_ok = self.user("producer")
        self.get_or_create(
            ProducerMember, {"producer": producer, "user": producer_user}, {"role": MemberRole.OWNER}
        )
        buyer, buyer_ok = self.approved_buyer(
            "buyer", distributor, "Chuyên viên thu mua ngành hàng thực phẩm khô", organiser
        )
        colleague, colleague_ok = self.approved_buyer(
            "colleague", distributor, "Trưởng nhóm ngành hàng đặc sản", organiser
        )
        self.team_shortlist(colleague, buyer)
        return [
            DemoAccount(
                "producer",
                data.DEMO_PASSWORD,
                f"producer, owner of {producer}",
                producer_ok,
                producer_user.email,
            ),
            DemoAccount(
                "buyer", data.DEMO_PASSWORD, f"buyer, approved at {distributor}", buyer_ok, buyer.user.email
            ),
            DemoAccount(
                "colleague",
                data.DEMO_PASSWORD,
                f"buyer at {distributor}, shares a shortlist with the buyer",
                colleague_ok,
                colleague.user.email,
            ),
        ]

    def approved_buyer(
        self, username: str, distributor: Distributor, title: str, organiser: User
    ) -> tuple[Buyer, bool]:
        """A demo account approved as a buyer of ``distributor`` (and whether its password is
        the demo one)."""
        user, password_ok = self.user(username)
        buyer, _created = self.get_or_create(
            Buyer,
            {"user": user, "distributor": distributor},
            {"title": title, "status": BuyerStatus.APPROVED, "decided_by": organiser, "decided_at": self.now},
        )
        return buyer, password_ok

    def team_shortlist(self, owner: Buyer, colleague: Buyer) -> None:
        """A list the owner shares with the demo buyer; the last product added by the buyer."""
        shortlist, created = self.get_or_create(
            Shortlist, {"buyer": owner, "name": data.TEAM_SHORTLIST}, {"shared": True}
        )
        if not created:
            return
        chosen, producers = [], set()
        for product in product_qs_visible().filter(certificate__stars__gte=4).order_by("pk"):
            if product.producer_id not in producers and len(chosen) < data.TEAM_SHORTLIST_SIZE:
                chosen.append(product)
                producers.add(product.producer_id)
        for index, product in enumerate(chosen):
            by = colleague if index == len(chosen) - 1 else owner
            self.get_or_create(ShortlistItem, {"shortlist": shortlist, "product": product}, {"added_by": by})

    def team_requests(self, event: Event, producer: Producer) -> None:
        """The requests of data.TEAM_REQUESTS and DEMO_PRODUCER_REQUEST at ``event``, so both
        sides' pages show requests in each state. Written directly, without the services'
        e-mails."""
        shortlist = Shortlist.objects.filter(name=data.TEAM_SHORTLIST).select_related("buyer").first()
        if shortlist is None:
            return
        distributor = shortlist.buyer.distributor
        items = (
            shortlist.items.exclude(product__producer=producer)  # it asks the company itself, below
            .select_related("product__producer")
            .order_by("added_at", "pk")
        )
        for item, (username, status, priority, message) in zip(items, data.TEAM_REQUESTS, strict=False):
            self.get_or_create(
                MeetingRequest,
                {"event": event, "distributor": distributor, "producer": item.product.producer},
                {
                    "product": item.product,
                    "side": RequestSide.BUYER,
                    "requested_by": User.objects.get(username=username),
                    "status": status,
                    "priority": priority,
                    "message": message,
                    "responded_at": None if status == RequestStatus.PENDING else self.now,
                },
            )
        priority, message = data.DEMO_PRODUCER_REQUEST
        member = producer.memberships.select_related("user").order_by("pk").first()
        self.get_or_create(
            MeetingRequest,
            {"event": event, "distributor": distributor, "producer": producer},
            {
                "side": RequestSide.PRODUCER,
                "requested_by": member.user,
                "priority": priority,
                "message": message,
            },
        )

    # --- producers and products ----------------------------------------------------------------

    def free_slug(self, model: type[models.Model], base: str, **owner) -> str:
        """``base``, or ``base-2``, ``base-3``... : the first slug not used by another owner."""
        for n in itertools.count(1):
            slug = base if n == 1 else f"{base}-{n}"
            if not model.objects.filter(slug=slug).exclude(**owner).exists():
                return slug
        raise AssertionError("unreachable")

    def producer(self, index: int, spec: data.Maker, organiser: User) -> Producer:
        rng = random.Random(f"producer-{index}")  # noqa: S311 (demo data)
        tax_code = f"2200{rng.randrange(100_000, 1_000_000)}"
        digits = f"{rng.randrange(10**6):06d}"
        if spec.kind in ("household", "cooperative_group"):  # a mobile phone
            phone = f"09{rng.randint(10, 99)} {digits[:3]} {digits[3:]}"
        else:  # a landline in Sóc Trăng (area code 0299)
            phone = f"0299 3 {digits[:3]} {digits[3:]}"
        producer, _ = self.get_or_create(
            Producer,
            {"tax_code": tax_code},
            {
                "kind": spec.kind,
                "legal_name": spec.legal_name,
                "slug": self.free_slug(Producer, slugify(fold(spec.legal_name)), tax_code=tax_code),
                "province": self.provinces["soc-trang"],
                "address": f"{spec.address}, {data.DISTRICTS[spec.district]}, tỉnh Sóc Trăng",
                "phone": phone,
                "email": f"lienhe.{tax_code}@example.com" if spec.kind != "household" else "",
                "contact_person": spec.contact,
                "story": spec.story,
            },
        )
        for item_index, item in enumerate(spec.items):
            self.product(producer, index, item_index, item, organiser, rng)
        return producer

    def product(
        self,
        producer: Producer,
        index: int,
        item_index: int,
        item: data.Item,
        organiser: User,
        rng: random.Random,
    ) -> Product:
        kind = data.KINDS[item.kind]
        subgroup = self.subgroups[kind.subgroup]
        slug = self.free_slug(Product, slugify(fold(item.name)), producer=producer)
        first12 = f"893{GTIN_COMPANY_BASE + index:05d}{item_index + 1:04d}"
        gtin = first12 + str(gtin13_check_digit(first12))
        if Product.objects.filter(gtin=gtin).exclude(slug=slug).exists():
            gtin = ""
        factor = rng.uniform(0.9, 1.1)
        price_min = round(kind.price[0] * factor, -3)
        capacity = int(kind.capacity * CAPACITY_SCALE[producer.kind] * rng.uniform(0.8, 1.2))
        capacity = int(round(capacity, 1 - len(str(capacity))))
        fields = {
            "producer": producer,
            "group": subgroup.group,
            "subgroup": subgroup,
            "name": item.name,
            "description": f"{item.note} {kind.blurb}".strip(),
            "packaging": kind.packaging,
            "price_min": int(price_min),
            "price_max": int(max(price_min, round(kind.price[1] * factor, -3))),
            "min_order_quantity": max(10, capacity // 100),
            "monthly_capacity": capacity,
            "unit": kind.unit,
            "shelf_life_days": kind.shelf_life,
            "storage": kind.storage,
            "gtin": gtin,
            "status": ProductStatus.PUBLISHED,
        }
        fields["search_text"] = product_search_text(product=Product(**fields))
        product, created = self.get_or_create(Product, {"slug": slug}, fields)
        if created:
            self.certificate(product, item, organiser, rng)
            self.certifications(product, item, kind, rng)
        if not product.images.exists():
            self.photos(product, item, kind)
        return product

    def issue_date(self, item: data.Item, rng: random.Random) -> tuple[dt.date, str]:
        """The issue date and decision number of an item's certificate, from its wanted
        validity. Provinces certify in batches: one decision, one date, many products."""
        earliest = ocop.earliest_valid_issue_date(self.today)
        if item.validity == "expiring":
            issued_on = earliest + dt.timedelta(days=rng.randint(5, 25))
        elif item.validity == "expired":
            issued_on = earliest - dt.timedelta(days=rng.randint(20, 200))
        else:
            batch = rng.randrange(len(VALID_BATCHES))
            return self.today - dt.timedelta(days=VALID_BATCHES[batch]), f"{1187 + 431 * batch}/QĐ-UBND"
        return issued_on, f"{rng.randint(3800, 4600)}/QĐ-UBND"

    def certificate(self, product: Product, item: data.Item, organiser: User, rng: random.Random) -> None:
        issued_on, decision = self.issue_date(item, rng)
        low, high = ocop.STAR_BANDS[item.stars]
        certificate, _created = self.get_or_create(
            OcopCertificate,
            {"product": product},
            {
                "stars": item.stars,
                "score": rng.randint(low + 2, high - 2),
                "decision_number": decision,
                "issuing_level": IssuingLevel.PROVINCE,
                "issued_on": issued_on,
                "verification": VerificationStatus.VERIFIED,
                "verified_by": organiser,
                "verified_at": min(self.now, _aware(issued_on + dt.timedelta(days=10), dt.time(9))),
            },
        )
        # Published from the start: in the catalogue since its certificate was verified.
        Product.objects.filter(pk=product.pk, listed_at__isnull=True).update(
            listed_at=certificate.verified_at
        )

    def certifications(self, product: Product, item: data.Item, kind: data.Kind, rng: random.Random) -> None:
        codes = list(kind.certifications)
        processed = kind.subgroup in ("food-processed", "food-condiments")
        if product.producer.kind == "enterprise" and processed:
            codes += ["haccp"] if rng.random() < 0.6 else ["iso-22000"]
        if "hữu cơ" in item.name:
            codes.append("organic")
        if item.kind in ("buoi", "sau-rieng") and item.stars == 4:
            codes.append("globalgap")
        for code in dict.fromkeys(codes):
            valid_from = self.today - dt.timedelta(days=rng.randint(30, 600))
            number, issuer, years = self.certification_details(code, product, item, valid_from, rng)
            self.get_or_create(
                Certification,
                {"product": product, "kind": self.cert_kinds[code]},
                {
                    "number": number,
                    "issuer": issuer,
                    "valid_from": valid_from if years is not None else None,
                    "valid_until": valid_from + relativedelta(years=years) if years else None,
                },
            )

    def certification_details(self, code, product, item, valid_from, rng) -> tuple[str, str, int | None]:
        """Number, issuer and validity in years (None: not dated; 0: dated, no expiry)."""
        year, seq = valid_from.year, rng.randint(1, 400)
        if code == "vietgap":
            return (
                f"VietGAP-TT-{year % 100}-{rng.randint(1, 12):02d}-94-{seq:04d}",
                "Tổ chức chứng nhận QUACERT",
                3,
            )
        if code in ("haccp", "iso-22000", "globalgap", "organic"):
            issuer = {"organic": "Tổ chức chứng nhận hữu cơ (TCVN 11041)"}.get(
                code, "Tổ chức chứng nhận VinaCert"
            )
            return f"{code.upper()}-{year}-{seq:04d}", issuer, 3
        if code == "food-safety":
            office = (
                "Chi cục Quản lý chất lượng Nông lâm sản và Thủy sản tỉnh Sóc Trăng"
                if item.kind in AGRICULTURE_KINDS
                else "Sở Công Thương tỉnh Sóc Trăng"
            )
            return f"{seq:03d}/{year}/ATTP-CNĐK", office, 3
        if code == "self-declaration":
            return f"{seq:02d}/{year}/TCB", product.producer.legal_name, 0
        if code == "barcode":
            return product.gtin, "GS1 Việt Nam", 0
        if code == "traceability":
            return "", "Tem truy xuất nguồn gốc (mã QR)", None
        return "", "", None

    def photos(self, product: Product, item: data.Item, kind: data.Kind) -> None:
        count = 2 if item.stars >= 4 or len(item.name) % 3 == 0 else 1
        for position in range(count):
            content = product_photo(
                name=product.name,
                producer=product.producer.legal_name,
                group_code=product.group.code,
                shape=kind.shape,
                stars=item.stars,
                gtin=product.gtin,
                variant=position,
            )
            image = ProductImage(product=product, position=position, alt=product.name)
            image.image.save(f"{product.slug}-{position + 1}.jpg", ContentFile(content), save=True)
            self.created["ProductImage"] += 1

    # --- distributors --------------------------------------------------------------------------

    def distributor(self, spec: data.Dist) -> Distributor:
        distributor, created = self.get_or_create(
            Distributor,
            {"slug": spec.slug},
            {
                "name": spec.name,
                "channel": self.channels[spec.channel],
                "head_office_province": self.provinces[spec.province],
                "description": spec.description,
                "is_verified": True,
            },
        )
        if created:
            served = (
                [p for p in self.provinces.values() if p.is_current]
                if spec.served == ("*",)
                else [self.provinces[code] for code in spec.served]
            )
            distributor.provinces_served.add(*served)
        for need_spec in spec.needs:
            self.need(distributor, need_spec)
        return distributor

    def need(self, distributor: Distributor, spec: data.Need) -> None:
        need, created = self.get_or_create(
            SourcingNeed,
            {"distributor": distributor, "title": spec.title},
            {
                "min_stars": spec.min_stars,
                "min_monthly_volume": spec.volume,
                "volume_unit": spec.unit,
                "accepts_chilled": spec.chilled,
                "accepts_frozen": spec.frozen,
                "notes": spec.notes,
            },
        )
        if created:
            subgroups = [self.subgroups[code] for code in spec.subgroups]
            need.subgroups.add(*subgroups)
            need.groups.add(*{s.group for s in subgroups})
            need.required_certifications.add(*(self.cert_kinds[code] for code in spec.certifications))
            need.preferred_provinces.add(*(self.provinces[code] for code in spec.provinces))

    def recent_listings(self) -> None:
        """The products of the latest certification batch came into the catalogue in the last
        days, after the needs were made (60 days ago): the buyers' needs list them as new,
        and beat mails them the next morning (to files under var/mail/ on the embedded
        default). Once: a second load finds the notices and changes nothing."""
        if NewProductNotice.objects.exists():
            return
        SourcingNeed.objects.filter(created_at__gt=self.now - dt.timedelta(days=60)).update(
            created_at=self.now - dt.timedelta(days=60)
        )
        latest = self.today - dt.timedelta(days=VALID_BATCHES[0])
        recent = Product.objects.filter(certificate__issued_on=latest).order_by("pk")
        for days, product in enumerate(recent[:6], start=1):
            Product.objects.filter(pk=product.pk).update(listed_at=self.now - dt.timedelta(days=days % 3 + 1))
        self.created["NewProductNotice"] += new_product_notices_record(now=self.now)

    # --- events --------------------------------------------------------------------------------

    def rooms_and_sessions(self, event: Event, rooms, sessions) -> dict[str, Room]:
        by_name = {
            name: self.get_or_create(Room, {"event": event, "name": name}, {"capacity": capacity})[0]
            for name, capacity in rooms
        }
        for title, room, day, start, end, speakers in sessions:
            day = event.starts_on + dt.timedelta(days=day)
            self.get_or_create(
                Session,
                {"event": event, "title": title},
                {
                    "room": by_name[room],
                    "starts_at": _aware(day, start),
                    "ends_at": _aware(day, end),
                    "speakers": speakers,
                },
            )
        return by_name

    def block(self, event: Event, room: Room, title: str, day: dt.date, start, end, tables: int) -> None:
        block, created = self.get_or_create(
            MeetingBlock,
            {"event": event, "title": title},
            {
                "room": room,
                "starts_at": _aware(day, start),
                "ends_at": _aware(day, end),
                "table_count": tables,
            },
        )
        if created:
            slots, tables = block_generate_slots(block=block)
            self.created.update(Slot=slots, Table=tables)

    def participate(
        self, event: Event, party: Producer | Distributor, status: str, seats: int = 1, reps=()
    ) -> None:
        is_producer = isinstance(party, Producer)
        participation, created = self.get_or_create(
            Participation,
            {"event": event, "producer" if is_producer else "distributor": party},
            {
                "kind": ParticipantKind.PRODUCER if is_producer else ParticipantKind.DISTRIBUTOR,
                "status": status,
                "seats": seats,
                "representatives": "\n".join(reps),
            },
        )
        if created and is_producer:
            participation.products.add(*party.products.all())

    def reference_event(
        self, producers: list[Producer], distributors: list[Distributor], organiser: User
    ) -> Event:
        spec = data.REFERENCE_EVENT
        day = spec["day"]
        event, _ = self.get_or_create(
            Event,
            {"slug": spec["slug"]},
            {
                "name": spec["name"],
                "description": spec["description"],
                "starts_on": day,
                "ends_on": day,
                "venue": spec["venue"],
                "address": spec["address"],
                "province": self.provinces[spec["province"]],
                "organiser_name": spec["organiser_name"],
                "status": EventStatus.FINISHED,
                "registration_deadline": _aware(day - dt.timedelta(days=10), dt.time(17)),
                "request_deadline": _aware(day - dt.timedelta(days=4), dt.time(17)),
                "catalogue_send_at": _aware(day - dt.timedelta(days=3), dt.time(8)),
            },
        )
        event.organisers.add(organiser)
        sessions = [
            (title, room, 0, start, end, speakers)
            for title, room, start, end, speakers in data.REFERENCE_SESSIONS
        ]
        rooms = self.rooms_and_sessions(event, data.REFERENCE_ROOMS, sessions)
        title, start, end, tables = data.REFERENCE_BLOCK
        self.block(event, rooms["Khu giao thương B2B"], title, day, start, end, tables)
        for producer in producers:
            self.participate(event, producer, ParticipationStatus.APPROVED)
        for spec_d, distributor in zip(data.DISTRIBUTORS, distributors, strict=True):
            self.participate(
                event, distributor, ParticipationStatus.APPROVED, spec_d.seats, spec_d.representatives
            )
        self.mous(event, producers, distributors)
        return event

    def mous(self, event: Event, producers: list[Producer], distributors: list[Distributor]) -> None:
        day = event.starts_on

        def mou(kind, party_b, title, producer=None, distributor=None, party_a=event.organiser_name):
            self.get_or_create(
                Mou,
                {"event": event, "kind": kind, "party_a": party_a, "party_b": party_b},
                {"title": title, "producer": producer, "distributor": distributor, "signed_on": day},
            )

        for province in data.MOU_PROVINCES:
            mou(
                MouKind.PROVINCE_PROVINCE,
                f"Sở Công Thương {province}",
                "Chương trình hợp tác phát triển thương mại",
            )
        for distributor in distributors:
            title = "Đưa sản phẩm OCOP, đặc sản tỉnh Sóc Trăng vào hệ thống phân phối"
            mou(MouKind.PROVINCE_DISTRIBUTOR, distributor.name, title, distributor=distributor)
        wanted = {
            d.slug: {code for need in spec.needs for code in need.subgroups}
            for d, spec in zip(distributors, data.DISTRIBUTORS, strict=True)
        }
        pairs = []
        for producer in producers:
            products = list(producer.products.select_related("subgroup").order_by("pk"))
            for distributor in distributors:
                product = next((p for p in products if p.subgroup.code in wanted[distributor.slug]), None)
                if product is not None:
                    pairs.append((producer, distributor, product))
        rng = random.Random("business-mous")  # noqa: S311 (demo data)
        for producer, distributor, product in rng.sample(pairs, data.BUSINESS_MOU_COUNT):
            mou(
                MouKind.BUSINESS_BUSINESS,
                distributor.name,
                f"Biên bản ghi nhớ tiêu thụ sản phẩm {product.name}",
                producer=producer,
                distributor=distributor,
                party_a=producer.legal_name,
            )

    def upcoming_event(
        self, producers: list[Producer], distributors: dict[str, Distributor], organiser: User
    ) -> Event:
        spec = data.UPCOMING_EVENT
        event = Event.objects.filter(slug=spec["slug"]).first()
        if event is None:
            start = self.today + dt.timedelta(days=spec["days_ahead"])
            start += dt.timedelta(days=(3 - start.weekday()) % 7)  # a Thursday
            event, _ = self.get_or_create(
                Event,
                {"slug": spec["slug"]},
                {
                    "name": spec["name"].format(year=start.year),
                    "description": spec["description"],
                    "starts_on": start,
                    "ends_on": start + dt.timedelta(days=1),
                    "venue": spec["venue"],
                    "address": spec["address"],
                    "province": self.provinces[spec["province"]],
                    "organiser_name": spec["organiser_name"],
                    "status": EventStatus.REGISTRATION_OPEN,
                    "registration_deadline": _aware(start - dt.timedelta(days=14), dt.time(17)),
                    "request_deadline": _aware(start - dt.timedelta(days=5), dt.time(17)),
                    "catalogue_send_at": _aware(start - dt.timedelta(days=3), dt.time(8)),
                    "fill_with_recommendations": True,
                },
            )
        event.organisers.add(organiser)
        rooms = self.rooms_and_sessions(event, data.UPCOMING_ROOMS, data.UPCOMING_SESSIONS)
        for title, offset, start, end, tables in data.UPCOMING_BLOCKS:
            day = event.starts_on + dt.timedelta(days=offset)
            self.block(event, rooms["Khu giao thương B2B"], title, day, start, end, tables)
        by_name = {p.legal_name: p for p in producers}
        for names, status in (
            (data.UPCOMING_PRODUCERS, ParticipationStatus.APPROVED),
            (data.UPCOMING_PENDING_PRODUCERS, ParticipationStatus.PENDING),
        ):
            for name in names:
                self.participate(event, by_name[name], status)
        specs = {d.slug: d for d in data.DISTRIBUTORS}
        for slugs, status in (
            (data.UPCOMING_DISTRIBUTORS, ParticipationStatus.APPROVED),
            (data.UPCOMING_PENDING_DISTRIBUTORS, ParticipationStatus.PENDING),
        ):
            for slug in slugs:
                seats = specs[slug].seats
                self.participate(
                    event, distributors[slug], status, seats, specs[slug].representatives[:seats]
                )
        return event
