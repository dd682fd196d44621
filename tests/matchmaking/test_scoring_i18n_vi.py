"""Vietnamese why-lines and gaps: the engine renders them itself, so these need no catalogue."""

import pytest
from django.core.cache import cache

from matchmaking.scoring.services import match_scores_refresh_all
from tests.factories import ProducerMemberFactory
from tests.matchmaking.test_scoring_django import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    cache.clear()
    world = World()
    match_scores_refresh_all()
    return world


def test_suggested_producers_why_line_in_vietnamese(client, world):
    client.force_login(world.buyer.user)
    html = client.get("/vi/meetings/suggestions/producers/").content.decode()
    assert "4★ ≥ mức tối thiểu 3★ · HACCP ✓ · 2.000 kg/tháng ≥ 500 · Cần Thơ (Sóc Trăng cũ)" in html
    assert f'href="/vi/products/{world.good.slug}/"' in html


def test_buyers_for_producer_gap_in_vietnamese(client, world):
    client.force_login(world.member.user)
    html = client.get("/vi/meetings/suggestions/buyers/").content.decode()
    assert "cần HACCP" in html


def test_expired_certificate_gap_in_vietnamese(client, world):
    member = ProducerMemberFactory(producer=world.expired.producer)
    client.force_login(member.user)
    html = client.get("/vi/meetings/suggestions/buyers/").content.decode()
    assert "chứng nhận OCOP 4★ đã hết hạn, cần cấp lại" in html
