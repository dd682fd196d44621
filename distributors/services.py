"""Writes for buyers: memberships, sourcing needs, shortlists, product views.

Keyword-only, validated, in a transaction; e-mails are enqueued after commit.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from events.models import Event
from matchmaking.engine.text import fold
from matchmaking.scoring.tasks import request_rescore_for_need
from producers.models import CertificationKind, Product, ProductGroup, ProductSubGroup, Province
from producers.selectors import product_qs_visible

from .enums import BuyerStatus
from .models import Buyer, Channel, Distributor, Shortlist, ShortlistItem, SourcingNeed
from .selectors import shortlist_seen


def _notify_buyer_decision(buyer_id: int) -> None:
    from .tasks import notify_buyer_decision_task

    transaction.on_commit(lambda: notify_buyer_decision_task.delay(buyer_id=buyer_id))


def _notify_shared(shortlist_id: int) -> None:
    from .tasks import notify_shortlist_shared_task

    transaction.on_commit(lambda: notify_shortlist_shared_task.delay(shortlist_id=shortlist_id))


def _notify_handed_over(**ids) -> None:
    from .tasks import notify_shortlist_handed_over_task

    transaction.on_commit(lambda: notify_shortlist_handed_over_task.delay(**ids))


def _unique_slug(name: str) -> str:
    base = (slugify(fold(name)) or "distributor")[:240]
    slug, n = base, 1
    while Distributor.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_no_open_membership(user) -> None:
    if Buyer.objects.filter(user=user, status__in=(BuyerStatus.PENDING, BuyerStatus.APPROVED)).exists():
        raise ValidationError(_("You are already a buyer of a distributor on the portal."), code="member")


@transaction.atomic
def buyer_join(*, user, distributor: Distributor, title: str = "") -> Buyer:
    """A user asks to become a buyer of a verified distributor.

    Side effects: writes a pending Buyer membership for an organiser to approve."""
    _check_no_open_membership(user)
    if not distributor.is_verified:
        raise ValidationError(_("Choose a distributor from the list."), code="unverified")
    buyer = Buyer(user=user, distributor=distributor, title=title.strip(), status=BuyerStatus.PENDING)
    buyer.full_clean()
    try:
        with transaction.atomic():
            buyer.save()
    except IntegrityError as exc:
        raise ValidationError(
            _("You have already asked to join this distributor."), code="duplicate"
        ) from exc
    return buyer


@transaction.atomic
def buyer_propose_distributor(
    *,
    user,
    name: str,
    channel: Channel,
    head_office_province: Province,
    website: str = "",
    title: str = "",
) -> Buyer:
    """A user proposes a distributor the portal does not know and becomes its buyer.

    Side effects: writes an unverified Distributor and a pending Buyer membership."""
    _check_no_open_membership(user)
    name = " ".join(name.split())
    if Distributor.objects.filter(name__iexact=name, is_verified=True).exists():
        raise ValidationError(
            _("%(name)s is already on the portal: choose it from the list.") % {"name": name}, code="exists"
        )
    distributor = Distributor(
        name=name,
        slug=_unique_slug(name),
        channel=channel,
        head_office_province=head_office_province,
        website=website,
        is_verified=False,
    )
    distributor.full_clean()
    distributor.save()
    buyer = Buyer(user=user, distributor=distributor, title=title.strip(), status=BuyerStatus.PENDING)
    buyer.full_clean()
    buyer.save()
    return buyer


@transaction.atomic
def buyer_approve(*, buyer: Buyer, by) -> bool:
    """An organiser approves a membership; its distributor becomes verified with it.

    Side effects: updates the Buyer (and Distributor), e-mails the buyer after commit.
    Returns False when it was already approved (nothing changes, no e-mail)."""
    changed = (
        Buyer.objects.filter(pk=buyer.pk)
        .exclude(status=BuyerStatus.APPROVED)
        .update(status=BuyerStatus.APPROVED, decided_by=by, decided_at=timezone.now())
    )
    if changed:
        Distributor.objects.filter(pk=buyer.distributor_id, is_verified=False).update(is_verified=True)
        _notify_buyer_decision(buyer.pk)
    buyer.refresh_from_db()
    return bool(changed)


@transaction.atomic
def buyer_reject(*, buyer: Buyer, by) -> bool:
    """An organiser rejects a membership (or withdraws an approval).

    Side effects: updates the Buyer, e-mails the buyer after commit. Returns False when it
    was already rejected."""
    changed = (
        Buyer.objects.filter(pk=buyer.pk)
        .exclude(status=BuyerStatus.REJECTED)
        .update(status=BuyerStatus.REJECTED, decided_by=by, decided_at=timezone.now())
    )
    if changed:
        _notify_buyer_decision(buyer.pk)
    buyer.refresh_from_db()
    return bool(changed)


# --- Sourcing needs ---------------------------------------------------------------------------

NEED_FIELDS = (
    "title",
    "min_stars",
    "min_monthly_volume",
    "volume_unit",
    "accepts_ambient",
    "accepts_chilled",
    "accepts_frozen",
    "notes",
    "is_active",
    "email_new_products",
)


def _set_need(
    need: SourcingNeed,
    *,
    groups: Iterable[ProductGroup],
    subgroups: Iterable[ProductSubGroup],
    required_certifications: Iterable[CertificationKind],
    preferred_provinces: Iterable[Province],
    fields: dict,
) -> SourcingNeed:
    for name, value in fields.items():
        if name not in NEED_FIELDS:
            raise TypeError(f"{name} is not a field of a sourcing need")
        setattr(need, name, value)
    groups, subgroups = list(groups), list(subgroups)
    stray = [s for s in subgroups if s.group_id not in {g.pk for g in groups}]
    if groups and stray:
        raise ValidationError(
            {"subgroups": _("%(subgroup)s is not in the groups you chose.") % {"subgroup": stray[0]}}
        )
    need.full_clean()
    need.save()
    need.groups.set(groups)
    need.subgroups.set(subgroups)
    need.required_certifications.set(list(required_certifications))
    need.preferred_provinces.set(list(preferred_provinces))
    return need


@transaction.atomic
def sourcing_need_create(
    *,
    buyer: Buyer,
    groups: Iterable[ProductGroup] = (),
    subgroups: Iterable[ProductSubGroup] = (),
    required_certifications: Iterable[CertificationKind] = (),
    preferred_provinces: Iterable[Province] = (),
    **fields,
) -> SourcingNeed:
    """Side effects: writes a SourcingNeed of the buyer's distributor and its choices."""
    need = SourcingNeed(distributor=buyer.distributor, created_by=buyer)
    need = _set_need(
        need,
        groups=groups,
        subgroups=subgroups,
        required_certifications=required_certifications,
        preferred_provinces=preferred_provinces,
        fields=fields,
    )
    request_rescore_for_need(need.pk)
    return need


@transaction.atomic
def sourcing_need_update(
    *,
    need: SourcingNeed,
    groups: Iterable[ProductGroup] = (),
    subgroups: Iterable[ProductSubGroup] = (),
    required_certifications: Iterable[CertificationKind] = (),
    preferred_provinces: Iterable[Province] = (),
    **fields,
) -> SourcingNeed:
    """Side effects: rewrites the need and its choices (its distributor never changes)."""
    need = _set_need(
        need,
        groups=groups,
        subgroups=subgroups,
        required_certifications=required_certifications,
        preferred_provinces=preferred_provinces,
        fields=fields,
    )
    request_rescore_for_need(need.pk)
    return need


@transaction.atomic
def sourcing_need_delete(*, need: SourcingNeed) -> None:
    """Side effects: deletes the need (and its match scores, by cascade)."""
    need.delete()


# --- Shortlists -------------------------------------------------------------------------------


def _save_shortlist(shortlist: Shortlist) -> Shortlist:
    shortlist.name = " ".join(shortlist.name.split())
    shortlist.full_clean()
    try:
        with transaction.atomic():
            shortlist.save()
    except IntegrityError as exc:
        raise ValidationError({"name": _("You already have a shortlist with this name.")}) from exc
    return shortlist


@transaction.atomic
def shortlist_create(
    *, buyer: Buyer, name: str, event: Event | None = None, shared: bool = False
) -> Shortlist:
    """Side effects: writes a Shortlist of the buyer; a shared one is e-mailed to the
    owner's colleagues after commit."""
    shortlist = _save_shortlist(Shortlist(buyer=buyer, name=name, event=event, shared=shared))
    if shared:
        _notify_shared(shortlist.pk)
    return shortlist


@transaction.atomic
def shortlist_update(
    *, shortlist: Shortlist, name: str, event: Event | None = None, shared: bool = False
) -> Shortlist:
    """Side effects: renames the shortlist, changes its event and whether the owner's
    colleagues share it; when it becomes shared, they are told by e-mail after commit."""
    newly_shared = shared and not shortlist.shared
    shortlist.name, shortlist.event, shortlist.shared = name, event, shared
    shortlist = _save_shortlist(shortlist)
    if newly_shared:
        _notify_shared(shortlist.pk)
    return shortlist


@transaction.atomic
def shortlist_hand_over(*, shortlist: Shortlist, to: Buyer, by: Buyer) -> Shortlist:
    """Give a list to another buyer of the company, with its products, notes and who added
    them. Its owner gives it to an approved colleague; or, when the owner no longer buys for
    the company (their membership is not approved), a colleague who sees the shared list
    takes it over (``to`` is ``by``).

    Side effects: changes the list's owner (the list's row is locked meanwhile); a colleague
    handed the list is told by e-mail after commit."""
    shortlist = Shortlist.objects.select_for_update().select_related("buyer__user").get(pk=shortlist.pk)
    owner = shortlist.buyer
    if not to.is_approved or to.distributor_id != owner.distributor_id or to.pk == owner.pk:
        raise ValidationError(_("Choose an approved colleague of your company."), code="recipient")
    taking_over = by.pk == to.pk and shortlist.shared and not owner.is_approved
    if by.pk != owner.pk and not taking_over:
        raise ValidationError(_("Only the list's owner can hand it over."), code="not_owner")
    shortlist.buyer = to
    try:
        _save_shortlist(shortlist)
    except ValidationError as error:
        raise ValidationError(
            _("%(name)s already has a shortlist named “%(list)s”: rename one of them first.")
            % {"name": to.user, "list": shortlist.name},
            code="name_taken",
        ) from error
    if by.pk != to.pk:
        _notify_handed_over(shortlist_id=shortlist.pk, to_id=to.pk, by_id=by.pk)
    return shortlist


@transaction.atomic
def shortlist_delete(*, shortlist: Shortlist) -> None:
    """Side effects: deletes the shortlist and its items."""
    shortlist.delete()


@transaction.atomic
def shortlist_add_product(
    *, shortlist: Shortlist, product: Product, note: str = "", added_by: Buyer | None = None
) -> tuple[ShortlistItem, bool]:
    """Add a visible product to a shortlist; adding it again only updates the note.
    ``added_by`` (the owner when not given) must be the owner or, on a shared list, a
    colleague.

    Side effects: writes a ShortlistItem. Returns (item, created)."""
    added_by = added_by or shortlist.buyer
    if not shortlist_seen(shortlist=shortlist, buyer=added_by):
        raise ValidationError(_("This shortlist is not shared with you."), code="not_shared")
    if not product_qs_visible().filter(pk=product.pk).exists():
        raise ValidationError(_("This product is not available."), code="unavailable")
    item, created = ShortlistItem.objects.get_or_create(
        shortlist=shortlist, product=product, defaults={"note": note, "added_by": added_by}
    )
    if not created and note and note != item.note:
        item.note = note
        item.save(update_fields=["note"])
    return item, created


@transaction.atomic
def shortlist_item_note(*, shortlist: Shortlist, product_id: int, note: str) -> bool:
    """Side effects: sets (or, empty, clears) the note of the product on the list. Returns
    False when the product is not on it."""
    item = ShortlistItem.objects.filter(shortlist=shortlist, product_id=product_id)
    return bool(item.update(note=" ".join(note.split())))


@transaction.atomic
def shortlist_remove_product(*, shortlist: Shortlist, product_id: int) -> bool:
    """Side effects: deletes the item. Returns False when the product was not on the list."""
    deleted, _details = ShortlistItem.objects.filter(shortlist=shortlist, product_id=product_id).delete()
    return bool(deleted)


# --- Product pages ----------------------------------------------------------------------------


def product_register_view(*, product: Product, viewer_is_producer_member: bool) -> None:
    """Count a view of a product page, unless one of its own producer's members looks.

    Side effects: increments Product.view_count in the database (F(): no lost update)."""
    if viewer_is_producer_member:
        return
    Product.objects.filter(pk=product.pk).update(view_count=F("view_count") + 1)
