"""E-mails of the products newly in the catalogue that meet a distributor's sourcing needs.

Once a day (``distributors.send_new_product_notices``, settings.CELERY_BEAT_SCHEDULE):

1. ``new_product_notices_record`` writes a ``NewProductNotice`` for each product listed in
   the last ``LOOKBACK`` (``Product.listed_at``: published with its certificate verified) that
   meets an active need (``need_match_q``, as the packets and the scorer read a need) and was
   listed after the need was made. One row per need and product, ever: a product withdrawn
   and listed again is not announced twice. The buyers' pages list them too
   (``need_new_products``), so they are written for needs that ask for no e-mail as well.
2. ``new_product_notices_send`` e-mails each distributor's approved buyers, one message per
   person in their language, with the notices not sent yet of the needs asking for e-mails,
   grouped by need; the rows are claimed (``select_for_update(skip_locked)``) and stamped
   ``sent_at`` (and ``emailed`` when a message named them) in the transaction that sends, so
   two workers at once never mail twice, and a failed send leaves them for the next day. A
   product no longer in the catalogue by then is left out of the message.

The database is the truth: a day the task did not run is caught up the next day, as long as
it is within ``LOOKBACK``. The claim is per distributor, not per buyer: if the mail server
fails between two colleagues' messages, the next morning's run sends that company's message
again, also to the colleague who had it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass
from smtplib import SMTPException

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from ocop_portal.absolute_urls import absolute_url
from ocop_portal.templatetags.portal import vnd_range as format_price_range
from producers.models import Product
from producers.selectors import product_qs_visible

from .enums import BuyerStatus
from .models import Buyer, NewProductNotice, SourcingNeed
from .selectors import need_match_q

logger = logging.getLogger(__name__)

LOOKBACK = dt.timedelta(days=14)
# Products named in one message for one need; the rest are counted, with the catalogue link.
MAX_LISTED = 10


def _needs_recorded() -> list[SourcingNeed]:
    """Active needs of distributors with an approved buyer: their new products show on the
    buyers' pages whether or not the need asks for e-mails."""
    with_buyers = Buyer.objects.filter(status=BuyerStatus.APPROVED).values("distributor_id")
    needs = SourcingNeed.objects.filter(is_active=True, distributor_id__in=with_buyers).values("pk")
    return list(_needs_with_choices(needs).order_by("pk"))


def new_product_notices_record(*, now: dt.datetime | None = None) -> int:
    """Side effects: writes the missing notices of products listed in the last ``LOOKBACK``.
    Returns how many it found. One query for the listed products, then (when there are any)
    the active needs with their choices, and one query per need."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    listed = product_qs_visible().filter(listed_at__gt=now - LOOKBACK, listed_at__lte=now)
    if not listed.exists():
        return 0
    rows = []
    for need in _needs_recorded():
        told = NewProductNotice.objects.filter(need=need).values("product_id")
        matching = listed.filter(need_match_q(need, today), listed_at__gt=need.created_at)
        matching = matching.exclude(pk__in=told)
        rows += [NewProductNotice(need=need, product_id=pk) for pk in matching.values_list("pk", flat=True)]
    # A run at the same time may have written some of them: the unique constraint keeps one.
    NewProductNotice.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def new_product_notices_send() -> int:
    """Side effects: e-mails the unsent notices, a message per buyer of each distributor, and
    stamps them. Returns how many messages went out. A distributor whose mail fails keeps
    its notices for the next run; the others are sent."""
    distributors = (
        NewProductNotice.objects.filter(sent_at__isnull=True)
        .values_list("need__distributor_id", flat=True)
        .distinct()
        .order_by("need__distributor_id")
    )
    sent = 0
    for distributor_id in list(distributors):
        try:
            sent += _send_for(distributor_id)
        except SMTPException:
            logger.exception(
                "new products e-mail for distributor %s failed; tried again tomorrow", distributor_id
            )
    return sent


@dataclass(frozen=True)
class ListedProduct:
    """One product as a message names it."""

    name: str
    producer: str
    province: str
    stars: int
    price: str
    url: str


@dataclass(frozen=True)
class NeedNews:
    """What one message says of one need."""

    title: str
    products: list[ListedProduct]
    more: int
    new_url: str
    need_url: str


def _needs_with_choices(ids) -> QuerySet[SourcingNeed]:
    """The needs with the choices ``need_match_q`` reads."""
    return SourcingNeed.objects.filter(pk__in=ids).prefetch_related(
        "groups", "subgroups", "required_certifications"
    )


def _send_for(distributor_id: int) -> int:
    with transaction.atomic():
        notices = list(
            NewProductNotice.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(need__distributor_id=distributor_id, sent_at__isnull=True)
            .order_by("need_id", "pk")
        )
        if not notices:
            return 0
        by_need: dict[int, list[int]] = defaultdict(list)
        for notice in notices:
            by_need[notice.need_id].append(notice.product_id)
        # A need paused or no longer asking since: its notices are stamped, not sent.
        asking = SourcingNeed.objects.filter(pk__in=by_need, is_active=True, email_new_products=True)
        needs = list(asking.order_by("pk"))
        products = {
            product.pk: product
            for product in product_qs_visible()
            .filter(pk__in={pk for ids in by_need.values() for pk in ids})
            .select_related("producer__province__merged_into", "certificate")
        }
        buyers = (
            Buyer.objects.filter(
                distributor_id=distributor_id,
                status=BuyerStatus.APPROVED,
                user__is_active=True,
                email_new_products=True,
            )
            .exclude(user__email="")
            .select_related("user")
            .order_by("created_at", "pk")
        )
        messages = []
        for buyer in buyers:
            with translation.override(buyer.user.language or settings.LANGUAGE_CODE):
                news = _news(needs, by_need, products)
                if news:
                    messages.append(_message(buyer, news))
        count = get_connection().send_messages(messages) if messages else 0
        asked = {need.pk for need in needs}
        told = {n.pk for n in notices if messages and n.need_id in asked and n.product_id in products}
        claimed = NewProductNotice.objects.filter(pk__in=[notice.pk for notice in notices])
        claimed.filter(pk__in=told).update(sent_at=timezone.now(), emailed=True)
        claimed.exclude(pk__in=told).update(sent_at=timezone.now())
    return count or 0


def _news(
    needs: list[SourcingNeed], by_need: dict[int, list[int]], products: dict[int, Product]
) -> list[NeedNews]:
    """The needs with products still in the catalogue, in the active language."""
    news = []
    for need in needs:
        listed = [products[pk] for pk in by_need[need.pk] if pk in products]
        if not listed:
            continue
        listed.sort(key=lambda product: (-product.certificate.stars, product.name, product.pk))
        news.append(
            NeedNews(
                title=need.title,
                products=[_listed(product) for product in listed[:MAX_LISTED]],
                more=max(len(listed) - MAX_LISTED, 0),
                new_url=absolute_url(reverse("distributors:need_new_products", kwargs={"pk": need.pk})),
                need_url=absolute_url(reverse("distributors:need_update", kwargs={"pk": need.pk})),
            )
        )
    return news


def _listed(product: Product) -> ListedProduct:
    return ListedProduct(
        name=product.name,
        producer=product.producer.legal_name,
        province=product.producer.province.display_name,
        stars=product.certificate.stars,
        price=format_price_range(product.price_min, product.price_max),
        url=absolute_url(reverse("distributors:product_detail", kwargs={"slug": product.slug})),
    )


def unsubscribe_token(buyer: Buyer) -> str:
    """The signed token of a buyer's link that stops these e-mails (it does not expire)."""
    return signing.dumps(buyer.pk, salt=_UNSUBSCRIBE_SALT)


def buyer_for_unsubscribe_token(token: str) -> Buyer | None:
    try:
        pk = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Buyer.objects.select_related("user", "distributor").filter(pk=pk).first()


def new_products_emails_set(*, buyer: Buyer, on: bool) -> None:
    """Side effects: the buyer gets the morning e-mail of new products, or no longer."""
    Buyer.objects.filter(pk=buyer.pk).update(email_new_products=on)
    buyer.email_new_products = on


_UNSUBSCRIBE_SALT = "distributors.new_products.unsubscribe"


def _message(buyer: Buyer, news: list[NeedNews]) -> EmailMessage:
    unsubscribe = absolute_url(
        reverse("distributors:new_products_unsubscribe", kwargs={"token": unsubscribe_token(buyer)})
    )
    context = {
        "user": buyer.user,
        "news": news,
        "count": sum(len(item.products) + item.more for item in news),
        "needs_url": absolute_url(reverse("distributors:need_list")),
        "unsubscribe_url": unsubscribe,
    }
    subject = render_to_string("distributors/emails/new_products_subject.txt", context).strip()
    body = render_to_string("distributors/emails/new_products.txt", context)
    # One click in the mail client stops them (RFC 8058), as large mailbox providers ask of
    # mail sent every day.
    headers = {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return EmailMessage(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [buyer.user.email],
        headers=headers,
    )
