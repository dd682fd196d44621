import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from imagekit.models import ImageSpecField
from imagekit.processors import ResizeToFill, ResizeToFit

from ocop_portal.fields import HttpsURLField, optional_user

from . import ocop
from .enums import (
    GroupDecision,
    InvitationStatus,
    IssuingLevel,
    JoinRequestStatus,
    MemberRole,
    ProducerKind,
    ProductStatus,
    Region,
    Storage,
    Unit,
    VerificationStatus,
)
from .validators import GTIN13_PATTERN, TAX_CODE_PATTERN, validate_gtin13, validate_tax_code


class BilingualNameMixin(models.Model):
    """Reference data named in Vietnamese, with an English name for /en/ pages."""

    name = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return bilingual_label(self.name, self.name_en)


def bilingual_label(name: str, name_en: str | None) -> str:
    """The name for the page's language: English on /en/ pages when there is one."""
    return name_en if name_en and (get_language() or "vi").startswith("en") else name


# --- Reference data (loaded by data migrations, editable in the admin) ----------------------


class Province(models.Model):
    """A province or centrally-run city. The 2025 merger left 34; the 63 before are kept as
    former units (``is_current=False``, ``merged_into`` set) so old records stay readable."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.CharField(_("region"), max_length=30, choices=Region.choices)
    is_current = models.BooleanField(_("current unit"), default=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="former_units",
    )

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ("-is_current", "name")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_current=True, merged_into__isnull=True) | Q(is_current=False),
                name="province_current_not_merged",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def current_unit(self) -> "Province":
        """The province of today: this one, or the one it merged into in 2025."""
        return self.merged_into or self

    @property
    def current_unit_id(self) -> int:
        """The id of ``current_unit``, without reading it."""
        return self.merged_into_id or self.pk

    @property
    def display_name(self) -> str:
        """The name a page shows: the province of today, with the former name for one merged
        in 2025 ("Cần Thơ (Sóc Trăng cũ)"), so a card agrees with the province filter.
        Reads ``merged_into``: select it with the province on lists."""
        return province_display_name(self.name, self.merged_into.name if self.merged_into_id else None)


def province_display_name(name: str, merged_into_name: str | None) -> str:
    """``Province.display_name`` from the names alone (rows read with ``values()``)."""
    if not merged_into_name:
        return name
    return _("%(current)s (formerly %(former)s)") % {"current": merged_into_name, "former": name}


class ProductGroup(BilingualNameMixin):
    """An OCOP product group (Decision 148/QĐ-TTg; the 1048 groups are kept as legacy)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    decision = models.CharField(_("decision"), max_length=8, choices=GroupDecision.choices)
    is_legacy = models.BooleanField(_("legacy"), default=False)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("product group")
        verbose_name_plural = _("product groups")
        ordering = ("is_legacy", "position", "name")


class ProductSubGroup(BilingualNameMixin):
    group = models.ForeignKey(
        ProductGroup,
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        related_name="subgroups",
    )
    code = models.SlugField(_("code"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("product sub-group")
        verbose_name_plural = _("product sub-groups")
        ordering = ("group__position", "position", "name")


class CertificationKind(BilingualNameMixin):
    """A certification or a buyer's checklist item (VietGAP, HACCP, self-declaration...)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("certification kind")
        verbose_name_plural = _("certification kinds")
        ordering = ("position", "name")


# --- Producers --------------------------------------------------------------------------------


class Producer(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=ProducerKind.choices)
    legal_name = models.CharField(_("legal name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    tax_code = models.CharField(
        _("tax code"),
        max_length=14,
        unique=True,
        validators=[validate_tax_code],
        help_text=_("10 digits, or 10 digits-3 digits for a branch."),
        error_messages={"unique": _("This tax code is already registered on the portal.")},
    )
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="producers"
    )
    address = models.CharField(_("address"), max_length=255)
    phone = models.CharField(_("phone"), max_length=20)
    email = models.EmailField(_("e-mail"), blank=True)
    website = HttpsURLField(_("website"), blank=True)
    contact_person = models.CharField(_("contact person"), max_length=120)
    story = models.TextField(_("story"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="ProducerMember",
        verbose_name=_("members"),
        related_name="producers",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("producer")
        verbose_name_plural = _("producers")
        ordering = ("legal_name",)
        constraints = [
            models.CheckConstraint(
                condition=Q(tax_code__regex=TAX_CODE_PATTERN), name="producer_tax_code_format"
            ),
        ]

    def __str__(self) -> str:
        return self.legal_name


class ProducerMember(models.Model):
    """A user who manages a producer's profile and products."""

    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="producer_memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("producer member")
        verbose_name_plural = _("producer members")
        constraints = [
            models.UniqueConstraint(fields=("producer", "user"), name="producer_member_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.producer}"


class Product(models.Model):
    producer = models.ForeignKey(
        Producer, verbose_name=_("producer"), on_delete=models.CASCADE, related_name="products"
    )
    group = models.ForeignKey(
        ProductGroup, verbose_name=_("group"), on_delete=models.PROTECT, related_name="products"
    )
    subgroup = models.ForeignKey(
        ProductSubGroup,
        verbose_name=_("sub-group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="products",
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(_("description"), blank=True)
    packaging = models.CharField(_("packaging"), max_length=200, blank=True)
    price_min = models.PositiveBigIntegerField(_("lowest price (VND)"), null=True, blank=True)
    price_max = models.PositiveBigIntegerField(_("highest price (VND)"), null=True, blank=True)
    min_order_quantity = models.PositiveIntegerField(_("minimum order"), null=True, blank=True)
    monthly_capacity = models.PositiveIntegerField(_("monthly capacity"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.KG)
    shelf_life_days = models.PositiveIntegerField(_("shelf life (days)"), null=True, blank=True)
    storage = models.CharField(_("storage"), max_length=10, choices=Storage.choices, default=Storage.AMBIENT)
    gtin = models.CharField(_("GTIN-13 barcode"), max_length=13, blank=True, validators=[validate_gtin13])
    status = models.CharField(
        _("status"), max_length=10, choices=ProductStatus.choices, default=ProductStatus.DRAFT
    )
    # Lower case, marks removed, đ→d: name, producer, province and description, kept up to
    # date by the product services; searched by its words on PostgreSQL (SearchWord) and
    # with LIKE on SQLite (distributors.selectors.search_exact_q).
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    # When buyers could last start to see it: published with its certificate verified (set by
    # product_publish and certificate_verify, whichever came second). Sourcing needs are told
    # of the products listed after they were made (distributors.new_products).
    listed_at = models.DateTimeField(_("in the catalogue since"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ("-created_at",)
        indexes = [
            models.Index(fields=("status", "-created_at"), name="product_status_created"),
            # product_listed_at, (listed_at DESC NULLS LAST, id DESC): written by migration
            # 0009 on each backend (SQLite cannot say NULLS LAST in an index, and needs not:
            # it sorts NULL lowest). The catalogue's "Newest" reads it in order; the
            # morning's new products take a range of it.
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(price_min__isnull=True)
                | Q(price_max__isnull=True)
                | Q(price_min__lte=models.F("price_max")),
                name="product_price_range_ordered",
                violation_error_message=_("The lowest price cannot be above the highest price."),
            ),
            models.CheckConstraint(
                condition=Q(gtin="") | Q(gtin__regex=GTIN13_PATTERN), name="product_gtin_format"
            ),
            models.UniqueConstraint(
                fields=("gtin",),
                condition=~Q(gtin=""),
                name="product_gtin_unique",
                violation_error_message=_("Another product already uses this barcode."),
            ),
        ]

    # How long a product stays "new" on its card once listed.
    NEW_FOR = dt.timedelta(days=7)

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.subgroup_id and self.group_id and self.subgroup.group_id != self.group_id:
            raise ValidationError(
                {"subgroup": _("This sub-group does not belong to the group you chose.")},
                code="subgroup_outside_group",
            )

    @property
    def cover(self) -> "ProductImage | None":
        """The first photo. Card queries (distributors.selectors.product_cards) annotate its
        file and description, so a page of cards reads no photo rows; else the photos."""
        if hasattr(self, "cover_image"):
            if not self.cover_image:
                return None
            return ProductImage(product=self, image=self.cover_image, alt=self.cover_alt or "")
        return next(iter(self.images.all()), None)

    @property
    def is_new(self) -> bool:
        """In the catalogue for less than NEW_FOR: its card says "New"."""
        return self.listed_at is not None and self.listed_at > timezone.now() - self.NEW_FOR

    @property
    def is_draft(self) -> bool:
        return self.status == ProductStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == ProductStatus.PUBLISHED

    @property
    def is_archived(self) -> bool:
        return self.status == ProductStatus.ARCHIVED


class SearchWord(models.Model):
    """A word of some product's ``search_text``: every run of letters and digits.

    On PostgreSQL a trigger adds the words of each product written (migration 0006), so the
    list holds every word of every product; words are never taken out. The catalogue turns a
    query word into the known words that contain it (a few, found with pg_trgm), then finds
    the products having one of those whole words (a GIN index on the words of search_text):
    no product row is read to check a match. SQLite leaves this table empty."""

    word = models.TextField(_("word"), unique=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self) -> str:
        return self.word


class ProductImage(models.Model):
    MAX_PER_PRODUCT = 8

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("image"), upload_to="products/%Y/%m/")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    alt = models.CharField(_("description of the image"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    # Thumbnails made once per photo (django-imagekit), for cards, detail pages and PDFs.
    card = ImageSpecField(
        source="image", processors=[ResizeToFill(480, 360)], format="JPEG", options={"quality": 80}
    )
    detail = ImageSpecField(
        source="image", processors=[ResizeToFit(1200, 900)], format="JPEG", options={"quality": 85}
    )
    pdf = ImageSpecField(
        source="image", processors=[ResizeToFill(240, 180)], format="JPEG", options={"quality": 60}
    )

    class Meta:
        verbose_name = _("product photo")
        verbose_name_plural = _("product photos")
        ordering = ("position", "id")
        constraints = [
            models.CheckConstraint(condition=Q(position__lt=8), name="product_image_position_range"),
        ]

    def __str__(self) -> str:
        return f"{self.product} #{self.position + 1}"


def _star_band_condition() -> Q:
    condition = Q()
    for stars, (low, high) in ocop.STAR_BANDS.items():
        condition |= Q(stars=stars, score__gte=low, score__lte=high)
    return condition


class OcopCertificate(models.Model):
    """The OCOP certificate of a product; renewal replaces its decision and issue date."""

    product = models.OneToOneField(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="certificate"
    )
    stars = models.PositiveSmallIntegerField(
        _("stars"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    decision_number = models.CharField(_("decision number"), max_length=60)
    issuing_level = models.CharField(_("issuing level"), max_length=10, choices=IssuingLevel.choices)
    issued_on = models.DateField(_("issue date"))
    scan = models.FileField(_("scan of the certificate"), upload_to="certificates/", blank=True)
    verification = models.CharField(
        _("verification"),
        max_length=10,
        choices=VerificationStatus.choices,
        default=VerificationStatus.PENDING,
    )
    verification_note = models.TextField(_("verification note"), blank=True)
    verified_by = optional_user(_("verified by"))
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    # The day the producer was warned that this certificate expires soon: one warning per
    # validity period (cleared when the certificate is renewed), whatever the task reruns.
    expiry_warned_on = models.DateField(_("expiry warning sent on"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("OCOP certificate")
        verbose_name_plural = _("OCOP certificates")
        constraints = [
            models.CheckConstraint(condition=Q(stars__gte=1, stars__lte=5), name="ocop_stars_1_to_5"),
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=100), name="ocop_score_0_to_100"),
            models.CheckConstraint(
                condition=_star_band_condition(),
                name="ocop_score_matches_stars",
                violation_error_message=_("The score does not match the star rating."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} · {self.stars}★ · {self.decision_number}"

    def clean(self) -> None:
        errors = {}
        today = timezone.localdate()
        if self.issued_on and self.issued_on > today:
            errors["issued_on"] = ValidationError(
                _("The issue date cannot be in the future."), code="issued_in_future"
            )
        if self.stars is not None and self.score is not None and 0 <= self.score <= 100:
            expected = ocop.stars_for_score(self.score)
            if expected != self.stars:
                errors["stars"] = ValidationError(
                    _("A score of %(score)s gives %(expected)s★, not %(stars)s★.")
                    % {"score": self.score, "expected": expected, "stars": self.stars},
                    code="stars_score_mismatch",
                )
        if (
            self.issuing_level == IssuingLevel.DISTRICT
            and self.issued_on
            and self.issued_on >= ocop.DISTRICT_LEVEL_ABOLISHED_ON
        ):
            errors["issuing_level"] = ValidationError(
                _("District-level certificates are no longer issued since 1 July 2025."),
                code="district_abolished",
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_pending(self) -> bool:
        return self.verification == VerificationStatus.PENDING

    @property
    def is_rejected(self) -> bool:
        return self.verification == VerificationStatus.REJECTED

    @property
    def days_left(self) -> int:
        return (self.valid_until - timezone.localdate()).days

    @property
    def valid_until(self) -> dt.date:
        return ocop.valid_until(self.issued_on)

    def is_valid_on(self, day: dt.date) -> bool:
        return self.issued_on <= day <= self.valid_until

    @property
    def is_expired(self) -> bool:
        return timezone.localdate() > self.valid_until

    @property
    def expires_soon(self) -> bool:
        days_left = (self.valid_until - timezone.localdate()).days
        return 0 <= days_left <= ocop.EXPIRY_WARNING_DAYS

    @property
    def is_ocop(self) -> bool:
        """Counts as OCOP: 3★ or more, verified, and not expired."""
        return (
            self.stars >= ocop.OCOP_MIN_STARS
            and self.verification == VerificationStatus.VERIFIED
            and not self.is_expired
        )


class Certification(models.Model):
    """Another certification of a product: VietGAP, HACCP, organic..."""

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="certifications"
    )
    kind = models.ForeignKey(
        CertificationKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("number"), max_length=80, blank=True)
    issuer = models.CharField(_("issuer"), max_length=200, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Leave empty if it does not expire.")
    )
    document = models.FileField(_("document"), upload_to="certifications/", blank=True)

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        ordering = ("kind__position",)
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="certification_validity_ordered",
                violation_error_message=_("A certification cannot end before it starts."),
            ),
            models.UniqueConstraint(fields=("product", "kind"), name="certification_unique_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.product}"

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


# --- Team: invitations and join requests --------------------------------------------------------


class ProducerInvitation(models.Model):
    """An owner's invitation of a person, by e-mail, to manage the producer with them."""

    VALID_DAYS = 14

    producer = models.ForeignKey(
        Producer, verbose_name=_("producer"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    token = models.CharField(_("token"), max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    accepted_by = optional_user(_("accepted by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("producer invitation")
        verbose_name_plural = _("producer invitations")
        ordering = ("-created_at",)
        constraints = [
            models.UniqueConstraint(
                "producer",
                Lower("email"),
                condition=Q(status=InvitationStatus.PENDING),
                name="invitation_unique_pending",
                violation_error_message=_("This person has already been invited."),
            ),
            models.CheckConstraint(
                condition=Q(status=InvitationStatus.ACCEPTED, accepted_by__isnull=False)
                | ~Q(status=InvitationStatus.ACCEPTED),
                name="invitation_accepted_has_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.producer}"

    @property
    def expires_at(self) -> dt.datetime:
        return self.created_at + dt.timedelta(days=self.VALID_DAYS)

    @property
    def is_open(self) -> bool:
        return self.status == InvitationStatus.PENDING and timezone.now() < self.expires_at


class ProducerJoinRequest(models.Model):
    """A user's request to be added to a producer already registered (same tax code)."""

    producer = models.ForeignKey(
        Producer, verbose_name=_("producer"), on_delete=models.CASCADE, related_name="join_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="producer_join_requests",
    )
    message = models.TextField(_("message"), blank=True, max_length=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=JoinRequestStatus.choices, default=JoinRequestStatus.PENDING
    )
    decided_by = optional_user(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ("-created_at",)
        constraints = [
            models.UniqueConstraint(
                fields=("producer", "user"),
                condition=Q(status=JoinRequestStatus.PENDING),
                name="join_request_unique_pending",
                violation_error_message=_("You have already asked to join this producer."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.producer} ({self.get_status_display()})"
