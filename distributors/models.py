from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ocop_portal.fields import HttpsURLField, optional_user
from producers.enums import Unit
from producers.models import BilingualNameMixin, CertificationKind, ProductGroup, ProductSubGroup, Province

from .enums import BuyerStatus


class Channel(BilingualNameMixin):
    """A buyer channel (supermarket chain, OCOP showroom...). ``scale`` says how much more
    volume it needs than a showroom (1.0); the matchmaking engine uses it."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    scale = models.FloatField(_("volume scale"), default=1.0)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("buyer channel")
        verbose_name_plural = _("buyer channels")
        ordering = ("position", "name")
        constraints = [models.CheckConstraint(condition=Q(scale__gt=0), name="channel_scale_positive")]


class Distributor(models.Model):
    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    channel = models.ForeignKey(
        Channel, verbose_name=_("channel"), on_delete=models.PROTECT, related_name="distributors"
    )
    head_office_province = models.ForeignKey(
        Province,
        verbose_name=_("head-office province"),
        on_delete=models.PROTECT,
        related_name="distributor_head_offices",
    )
    provinces_served = models.ManyToManyField(
        Province, verbose_name=_("provinces served"), blank=True, related_name="distributors_serving"
    )
    website = HttpsURLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    is_verified = models.BooleanField(
        _("verified by an organiser"),
        default=False,
        help_text=_("Distributors proposed by buyers stay unverified until an organiser checks them."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("distributor")
        verbose_name_plural = _("distributors")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Buyer(models.Model):
    """A user's membership of a distributor; only approved buyers may contact producers."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="buyer_memberships",
    )
    distributor = models.ForeignKey(
        Distributor, verbose_name=_("distributor"), on_delete=models.CASCADE, related_name="buyers"
    )
    title = models.CharField(_("job title"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=BuyerStatus.choices, default=BuyerStatus.PENDING
    )
    decided_by = optional_user(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # This buyer's own choice of the morning e-mail of new products (distributors.new_products);
    # each need also has its own, for all its distributor's buyers.
    email_new_products = models.BooleanField(_("gets the e-mail of new products"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("buyer")
        verbose_name_plural = _("buyers")
        ordering = ("-created_at",)
        constraints = [
            models.UniqueConstraint(fields=("user", "distributor"), name="buyer_unique_membership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.distributor}"

    @property
    def is_approved(self) -> bool:
        return self.status == BuyerStatus.APPROVED


class SourcingNeed(models.Model):
    distributor = models.ForeignKey(
        Distributor,
        verbose_name=_("distributor"),
        on_delete=models.CASCADE,
        related_name="sourcing_needs",
    )
    created_by = models.ForeignKey(
        Buyer,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sourcing_needs",
    )
    title = models.CharField(_("title"), max_length=200)
    groups = models.ManyToManyField(
        ProductGroup, verbose_name=_("product groups"), blank=True, related_name="+"
    )
    subgroups = models.ManyToManyField(
        ProductSubGroup, verbose_name=_("product sub-groups"), blank=True, related_name="+"
    )
    min_stars = models.PositiveSmallIntegerField(
        _("minimum stars"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    required_certifications = models.ManyToManyField(
        CertificationKind, verbose_name=_("required certifications"), blank=True, related_name="+"
    )
    min_monthly_volume = models.PositiveIntegerField(_("minimum monthly volume"), null=True, blank=True)
    volume_unit = models.CharField(_("volume unit"), max_length=10, choices=Unit.choices, default=Unit.KG)
    preferred_provinces = models.ManyToManyField(
        Province, verbose_name=_("preferred provinces"), blank=True, related_name="+"
    )
    accepts_ambient = models.BooleanField(_("handles ambient goods"), default=True)
    accepts_chilled = models.BooleanField(_("handles chilled goods"), default=False)
    accepts_frozen = models.BooleanField(_("handles frozen goods"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # The distributor's buyers get an e-mail of the products newly in the catalogue that meet
    # the need (distributors.new_products).
    email_new_products = models.BooleanField(_("e-mail new matching products"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("sourcing need")
        verbose_name_plural = _("sourcing needs")
        ordering = ("distributor", "-created_at")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_stars__gte=1, min_stars__lte=5), name="need_min_stars_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(accepts_ambient=True) | Q(accepts_chilled=True) | Q(accepts_frozen=True),
                name="need_handles_some_storage",
                violation_error_message=_("Choose at least one kind of storage you can handle."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.distributor} · {self.title}"

    @property
    def storage_handled(self) -> frozenset[str]:
        return frozenset(
            kind
            for kind, accepted in (
                ("ambient", self.accepts_ambient),
                ("chilled", self.accepts_chilled),
                ("frozen", self.accepts_frozen),
            )
            if accepted
        )


class Shortlist(models.Model):
    """A buyer's named list of products, for an event or not; exportable to Excel and PDF.

    A shared list is the purchasing team's too: the other buyers of the same distributor see
    it, export it and add or remove products; only its owner renames, shares or deletes it."""

    buyer = models.ForeignKey(
        Buyer, verbose_name=_("buyer"), on_delete=models.CASCADE, related_name="shortlists"
    )
    name = models.CharField(_("name"), max_length=120)
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shortlists",
    )
    shared = models.BooleanField(
        _("shared with my colleagues"),
        default=False,
        help_text=_(
            "Your company's other buyers on the portal see this list and can add or remove "
            "products. Only you can rename, stop sharing or delete it."
        ),
    )
    products = models.ManyToManyField(
        "producers.Product", through="ShortlistItem", verbose_name=_("products"), related_name="shortlists"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("shortlist")
        verbose_name_plural = _("shortlists")
        ordering = ("-created_at",)
        constraints = [
            models.UniqueConstraint(
                fields=("buyer", "name"),
                name="shortlist_unique_name",
                violation_error_message=_("You already have a shortlist with this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ShortlistItem(models.Model):
    shortlist = models.ForeignKey(Shortlist, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(
        "producers.Product",
        verbose_name=_("product"),
        on_delete=models.CASCADE,
        related_name="shortlist_items",
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    added_by = models.ForeignKey(
        Buyer,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("shortlisted product")
        verbose_name_plural = _("shortlisted products")
        ordering = ("-added_at",)
        constraints = [
            models.UniqueConstraint(fields=("shortlist", "product"), name="shortlist_item_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.shortlist} · {self.product}"


class NewProductNotice(models.Model):
    """A product newly in the catalogue that meets a sourcing need: written once per need and
    product (the unique constraint), e-mailed to the distributor's buyers at most once
    (``sent_at``, stamped in the transaction that claimed the row)."""

    need = models.ForeignKey(
        SourcingNeed, verbose_name=_("sourcing need"), on_delete=models.CASCADE, related_name="notices"
    )
    product = models.ForeignKey(
        "producers.Product", verbose_name=_("product"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # When the morning run dealt with it, and whether a message named it (not when the need
    # asks for no e-mail, the product was withdrawn meanwhile or nobody could be written to).
    sent_at = models.DateTimeField(_("handled"), null=True, blank=True)
    emailed = models.BooleanField(_("e-mailed"), default=False)

    class Meta:
        verbose_name = _("new product notice")
        verbose_name_plural = _("new product notices")
        ordering = ("-created_at",)
        constraints = [
            models.UniqueConstraint(fields=("need", "product"), name="new_product_notice_unique"),
        ]
        indexes = [
            models.Index(
                fields=("need",), condition=Q(sent_at__isnull=True), name="new_product_notice_unsent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.need} · {self.product}"
