"""Django side of the matchmaking scores: inputs, refresh, tasks, suggestion pages."""

import datetime as dt
import io
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from matchmaking.models import MatchScore
from matchmaking.scoring import services, tasks
from matchmaking.scoring.inputs import load_inputs
from matchmaking.scoring.models import ScoringWeights
from matchmaking.scoring.selectors import buyers_for_producer, suggestions_for_buyer
from matchmaking.scoring.services import match_scores_refresh_all
from producers.models import Province
from tests.factories import (
    BuyerFactory,
    CertificationFactory,
    MatchScoreFactory,
    MeetingRequestFactory,
    OrganiserFactory,
    ParticipationFactory,
    ProducerMemberFactory,
    ProductFactory,
    ShortlistItemFactory,
    SourcingNeedFactory,
    UserFactory,
)
from tests.factories.producers import CertificationKindFactory, ProductGroupFactory

pytestmark = pytest.mark.django_db

SUGGESTED = "/{lang}/meetings/suggestions/producers/"
BUYERS = "/{lang}/meetings/suggestions/buyers/"
PAIRS = "/{lang}/meetings/events/{event}/best-pairs/"
PAIRS_XLSX = "/{lang}/meetings/events/{event}/best-pairs.xlsx"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def make_product(haccp=None, **kwargs):
    kwargs.setdefault("certificate__stars", 4)
    kwargs.setdefault("certificate__score", 80)
    product = ProductFactory(**kwargs)
    if haccp is not None:
        CertificationFactory(product=product, kind=haccp)
    return product


class World:
    """One buyer's need (food, 3★ minimum, HACCP required, 500 kg/month) and products:
    ``good`` fits, ``no_haccp`` lacks HACCP, ``expired`` has an expired OCOP certificate."""

    def __init__(self):
        self.group = ProductGroupFactory()
        self.haccp = CertificationKindFactory()
        self.buyer = BuyerFactory()
        self.need = SourcingNeedFactory(distributor=self.buyer.distributor, title="Bánh kẹo Tết", min_stars=3)
        self.need.groups.add(self.group)
        self.need.required_certifications.add(self.haccp)
        self.good = make_product(self.haccp, name="Bánh pía Tân Huê Viên", group=self.group)
        self.no_haccp = make_product(name="Kẹo dừa Bến Tre", group=self.group)
        old = timezone.localdate() - dt.timedelta(days=4 * 365)
        self.expired = make_product(
            self.haccp, name="Mè xửng Huế", group=self.group, certificate__issued_on=old
        )
        self.member = ProducerMemberFactory(producer=self.no_haccp.producer)

    def add_good(self, n: int) -> list:
        return [make_product(self.haccp, name=f"Bánh pía số {i}", group=self.group) for i in range(n)]


@pytest.fixture
def world():
    return World()


# --- inputs ------------------------------------------------------------------------------------


def _extra_rows(w: World, n: int) -> None:
    w.add_good(n)
    for _ in range(n):
        need = SourcingNeedFactory(distributor=w.buyer.distributor)
        need.groups.add(w.group)
        need.required_certifications.add(w.haccp)
    for product in w.add_good(n):
        ShortlistItemFactory(shortlist__buyer=w.buyer, product=product)
        MeetingRequestFactory(distributor=w.buyer.distributor, producer=product.producer, status="accepted")


def test_inputs_load_in_a_fixed_number_of_queries(world):
    with CaptureQueriesContext(connection) as few:
        small = load_inputs()
    _extra_rows(world, 3)
    with CaptureQueriesContext(connection) as many:
        large = load_inputs()
    assert len(large.products) > len(small.products)
    assert len(large.needs) > len(small.needs)
    assert len(few.captured_queries) == len(many.captured_queries) == 11


def test_inputs_map_models_to_engine_inputs(world):
    inputs = load_inputs()
    by_id = {p.id: p for p in inputs.products}
    good, expired = by_id[world.good.pk], by_id[world.expired.pk]
    assert good.stars == 4
    assert good.ocop_valid
    assert good.cert_kinds == {world.haccp.pk}
    assert (good.province_name, good.former_province_name) == ("Cần Thơ", "Sóc Trăng")
    assert good.region == "mekong_delta"
    assert good.monthly_capacity == 2000
    assert good.capacity_unit == "kg"
    assert "banh pia" in good.text
    assert expired.stars == 4
    assert not expired.ocop_valid
    need = next(n for n in inputs.needs if n.id == world.need.pk)
    assert need.required_cert_kinds == {world.haccp.pk}
    assert need.group_ids == {world.group.pk}
    assert need.channel_scale == 10.0
    assert need.min_monthly_volume == 500
    assert inputs.cert_names[world.haccp.pk] == "HACCP"


def test_a_province_merged_in_2025_counts_as_the_one_it_joined(world):
    """The producers of ``world`` are recorded in Sóc Trăng, merged into Cần Thơ: a need
    preferring Cần Thơ prefers them, and an older need preferring Sóc Trăng prefers Cần Thơ's."""
    can_tho = Province.objects.get(code="can-tho")
    world.need.preferred_provinces.set([can_tho])
    today = make_product(
        world.haccp, name="Hành tím Vĩnh Châu", group=world.group, producer__province=can_tho
    )
    older = SourcingNeedFactory(distributor=world.buyer.distributor, min_stars=3)
    older.preferred_provinces.set([Province.objects.get(code="soc-trang")])
    inputs = load_inputs()
    products = {p.id: p for p in inputs.products}
    needs = {n.id: n for n in inputs.needs}
    assert products[world.good.pk].province_id == products[today.pk].province_id == can_tho.pk
    # Reasons name the province of today and the former one, as the pages do.
    assert products[world.good.pk].province_name == products[today.pk].province_name == "Cần Thơ"
    assert products[world.good.pk].former_province_name == "Sóc Trăng"
    assert products[today.pk].former_province_name == ""
    assert (
        needs[world.need.pk].preferred_province_ids == needs[older.pk].preferred_province_ids == {can_tho.pk}
    )


def test_inputs_signals_and_weights(world):
    ShortlistItemFactory(shortlist__buyer=world.buyer, product=world.good)
    MeetingRequestFactory(
        distributor=world.buyer.distributor, producer=world.good.producer, status="accepted"
    )
    ScoringWeights(data={"group": 40, "unknown": 1}).save()
    inputs = load_inputs()
    pair = (world.good.producer_id, world.buyer.distributor_id)
    assert (world.good.pk, world.buyer.distributor_id) in inputs.signals.shortlisted
    assert pair in inputs.signals.requested
    assert pair in inputs.signals.accepted
    assert inputs.weights.group == 40


def test_invalid_weights_fall_back_to_defaults(world):
    ScoringWeights.objects.create(pk=1, data={"group": -1})
    assert load_inputs().weights.group == 25


# --- refresh -----------------------------------------------------------------------------------


def test_refresh_all_stores_eligible_scores_and_gaps(world):
    match_scores_refresh_all()
    good = MatchScore.objects.get(product=world.good, need=world.need)
    assert good.eligible
    assert 0 < good.score <= 100
    assert {"criterion", "points", "code", "params"} <= set(good.breakdown[0])
    assert {"code": "cert_ok", "params": {"cert": "HACCP"}}.items() <= next(
        p for p in good.breakdown if p["code"] == "cert_ok"
    ).items()
    no_haccp = MatchScore.objects.get(product=world.no_haccp, need=world.need)
    assert not no_haccp.eligible
    assert no_haccp.score == 0
    assert [g["code"] for g in no_haccp.gaps] == ["cert_missing"]
    expired = MatchScore.objects.get(product=world.expired, need=world.need)
    assert not expired.eligible
    assert "ocop_expired" in [g["code"] for g in expired.gaps]


def test_refresh_all_keeps_top_k_and_deletes_stale_rows(world, monkeypatch):
    world.add_good(3)
    inactive = SourcingNeedFactory(distributor=world.buyer.distributor, is_active=False)
    stale = MatchScoreFactory(product=world.good, need=inactive)
    monkeypatch.setattr(services, "TOP_K", 2)
    result = match_scores_refresh_all()
    assert MatchScore.objects.filter(need=world.need, eligible=True).count() == 2
    assert not MatchScore.objects.filter(pk=stale.pk).exists()
    assert result["needs"] == 1
    # Running again upserts the same pairs.
    match_scores_refresh_all()
    assert MatchScore.objects.filter(need=world.need, eligible=True).count() == 2


def test_refresh_all_for_an_event_scopes_to_approved_participants(world):
    event = ParticipationFactory(producer=world.good.producer).event
    ParticipationFactory(event=event, kind="distributor", distributor=world.buyer.distributor)
    outsider = MatchScoreFactory(product=world.no_haccp, need=world.need, score=10)
    result = match_scores_refresh_all(event=event)
    assert result["products"] == 1
    assert MatchScore.objects.filter(product=world.good, need=world.need, eligible=True).exists()
    assert MatchScore.objects.filter(pk=outsider.pk).exists()  # out of scope: untouched


def test_refresh_need_and_product(world):
    assert services.match_scores_refresh_need(need_id=world.need.pk) >= 1
    assert MatchScore.objects.filter(need=world.need, product=world.good, eligible=True).exists()
    assert MatchScore.objects.filter(need=world.need, product=world.no_haccp, eligible=False).exists()
    CertificationFactory(product=world.no_haccp, kind=world.haccp)
    services.match_scores_refresh_product(product_id=world.no_haccp.pk)
    assert MatchScore.objects.get(need=world.need, product=world.no_haccp).eligible
    world.need.is_active = False
    world.need.save()
    assert services.match_scores_refresh_need(need_id=world.need.pk) == 0
    assert not MatchScore.objects.filter(need=world.need).exists()


# --- tasks -------------------------------------------------------------------------------------


def test_product_change_enqueues_one_rescore_per_burst(world, django_capture_on_commit_callbacks):
    spy = mock.patch.object(
        tasks.rescore_product_task, "apply_async", wraps=tasks.rescore_product_task.apply_async
    )
    with spy as apply_async, django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            tasks.request_rescore_for_product(world.good.pk)
    assert apply_async.call_count == 1
    assert apply_async.call_args.kwargs["countdown"] <= 30
    assert MatchScore.objects.filter(product=world.good, need=world.need, eligible=True).exists()
    with spy as apply_async, django_capture_on_commit_callbacks(execute=True):
        tasks.request_rescore_for_product(world.good.pk)
    assert apply_async.call_count == 0  # still within the same 30 s burst
    with spy as apply_async, django_capture_on_commit_callbacks(execute=True):
        tasks.request_rescore_for_product(world.no_haccp.pk)
    assert apply_async.call_count == 1  # another product, another task


def test_need_change_enqueues_rescore(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tasks.request_rescore_for_need(world.need.pk)
        tasks.request_rescore_for_need(world.need.pk)
    assert MatchScore.objects.filter(need=world.need, eligible=True).count() == 1


def test_rescore_all_task_stores_progress(world):
    tasks.rescore_all_task.delay()
    progress = tasks.rescore_progress()
    assert progress["status"] == "done"
    assert progress["done"] == progress["total"] == 4
    assert MatchScore.objects.filter(need=world.need, eligible=True).exists()


# --- selectors ---------------------------------------------------------------------------------


def test_suggestions_leave_out_expired_and_uncertified_products(world):
    match_scores_refresh_all()
    suggestions = suggestions_for_buyer(world.buyer)
    assert [s.product for s in suggestions] == [world.good]


def test_certificate_expiring_after_scoring_drops_out_at_read_time(world):
    match_scores_refresh_all()
    world.good.certificate.issued_on = timezone.localdate() - dt.timedelta(days=4 * 365)
    world.good.certificate.save()
    assert suggestions_for_buyer(world.buyer) == []


def test_missing_certification_shown_as_gap_to_producer(world, settings):
    match_scores_refresh_all()
    with mock.patch("matchmaking.scoring.selectors.get_language", return_value="en"):
        buyers = buyers_for_producer(world.no_haccp.producer)
    assert buyers.matches == []
    assert [(s.product, s.need, s.gaps) for s in buyers.blocked] == [
        (world.no_haccp, world.need, "needs HACCP")
    ]


# --- pages -------------------------------------------------------------------------------------


def _get(client, url, user=None, **kwargs):
    if user is not None:
        client.force_login(user)
    return client.get(url.format(lang="en", **kwargs))


def test_suggested_producers_role_matrix(client, world):
    response = _get(client, SUGGESTED)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    pending = BuyerFactory(status="pending")
    assert _get(client, SUGGESTED, pending.user).status_code == 403
    response = _get(client, SUGGESTED, UserFactory())
    assert response.status_code == 302
    assert "/buyer/start/" in response["Location"]
    assert _get(client, SUGGESTED, OrganiserFactory()).status_code == 302  # not a buyer: onboarding
    assert _get(client, SUGGESTED, world.buyer.user).status_code == 200


def test_suggested_producers_page_shows_why_line_and_link(client, world):
    match_scores_refresh_all()
    html = _get(client, SUGGESTED, world.buyer.user).content.decode()
    assert "Bánh pía Tân Huê Viên" in html
    assert "4★ ≥ the 3★ minimum · HACCP ✓ · 2,000 kg/month ≥ 500 · Cần Thơ (formerly Sóc Trăng)" in html
    assert f'href="/en/products/{world.good.slug}/"' in html
    assert "Kẹo dừa Bến Tre" not in html
    assert "Mè xửng Huế" not in html


def test_buyers_for_producer_role_matrix_and_gaps(client, world):
    assert _get(client, BUYERS).status_code == 302
    assert _get(client, BUYERS, world.buyer.user).status_code == 403
    match_scores_refresh_all()
    html = _get(client, BUYERS, world.member.user).content.decode()
    assert "needs HACCP" in html
    assert world.buyer.distributor.name in html


def test_buyers_for_producer_lists_matching_needs(client, world):
    member = ProducerMemberFactory(producer=world.good.producer)
    match_scores_refresh_all()
    html = _get(client, BUYERS, member.user).content.decode()
    assert "Bánh kẹo Tết" in html
    assert "HACCP ✓" in html


def test_buyers_for_producer_shows_each_need_once_with_all_matching_products(client, world):
    """Two products matching the same need: one card for the buyer's need, naming both (the
    dashboard repeated the buyer once a product)."""
    second = make_product(
        world.haccp, name="Bánh pía kim sa", group=world.group, producer=world.good.producer
    )
    member = ProducerMemberFactory(producer=world.good.producer)
    match_scores_refresh_all()
    html = _get(client, BUYERS, member.user).content.decode()
    cards = html.split('<section class="scoring-buyers">', 1)[1].split("</ul>", 1)[0]
    assert cards.count("<h3>") == 1
    assert "Also matches:" in cards
    assert world.good.name in cards
    assert second.name in cards
    assert "/100</strong>" in cards


def _event_with_participants(world):
    event = ParticipationFactory(producer=world.good.producer).event
    ParticipationFactory(event=event, kind="distributor", distributor=world.buyer.distributor)
    return event


def test_event_best_pairs_role_matrix(client, world):
    event = _event_with_participants(world)
    assert _get(client, PAIRS, event=event.pk).status_code == 302
    assert _get(client, PAIRS, world.buyer.user, event=event.pk).status_code == 403
    assert _get(client, PAIRS_XLSX, world.member.user, event=event.pk).status_code == 403
    match_scores_refresh_all()
    html = _get(client, PAIRS, OrganiserFactory(), event=event.pk).content.decode()
    assert "Bánh pía Tân Huê Viên" in html
    assert "HACCP ✓" in html


def test_event_best_pairs_export_escapes_formulas(client, world):
    world.good.name = '=HYPERLINK("http://evil")'
    world.good.save()
    event = _event_with_participants(world)
    match_scores_refresh_all()
    response = _get(client, PAIRS_XLSX, OrganiserFactory(), event=event.pk)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Score"
    assert len(rows) == 2
    assert rows[1][2] == '\'=HYPERLINK("http://evil")'
    assert rows[1][4] == world.buyer.distributor.name


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_pages_run_a_fixed_number_of_queries(client, world):
    event = _event_with_participants(world)
    member = ProducerMemberFactory(producer=world.good.producer)
    organiser = OrganiserFactory()
    urls = {
        world.buyer.user: SUGGESTED.format(lang="en"),
        member.user: BUYERS.format(lang="en"),
        organiser: PAIRS.format(lang="en", event=event.pk),
    }
    match_scores_refresh_all()
    counts = {}
    for user, url in urls.items():
        client.force_login(user)
        counts[url] = _count_queries(client, url)
    for product in world.add_good(2):
        ParticipationFactory(event=event, producer=product.producer)
        ProducerMemberFactory(producer=product.producer, user=member.user)
    match_scores_refresh_all()
    for user, url in urls.items():
        client.force_login(user)
        assert _count_queries(client, url) == counts[url], url
