import datetime as dt

import pytest
from django.utils import timezone

from matchmaking.enums import RunStatus
from tests.distributors.conftest import make_product
from tests.factories import (
    MeetingFactory,
    MeetingRequestFactory,
    ScheduleRunFactory,
    ShortlistFactory,
    ShortlistItemFactory,
    SourcingNeedFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
URL = "/en/buyer/"


def fill(buyer, count):
    run = ScheduleRunFactory(status=RunStatus.PUBLISHED, version=1)
    draft = ScheduleRunFactory(event=run.event, status=RunStatus.DRAFT)
    for n in range(count):
        SourcingNeedFactory(distributor=buyer.distributor, title=f"Need {n}")
        shortlist = ShortlistFactory(buyer=buyer)
        ShortlistItemFactory(shortlist=shortlist, product=make_product())
        MeetingRequestFactory(distributor=buyer.distributor, event=run.event)
        MeetingRequestFactory(
            distributor=buyer.distributor, event=run.event, side="producer", status="accepted"
        )
        MeetingFactory(run=run, distributor=buyer.distributor, slot__index=n, table__number=n + 1)
        MeetingFactory(run=draft, distributor=buyer.distributor, slot__index=10 + n, table__number=10 + n)
    return run


def test_new_user_is_sent_to_onboarding(client):
    client.force_login(UserFactory())
    assert client.get(URL)["Location"] == "/en/buyer/start/"


def test_dashboard_shows_everything(buyer_client, buyer):
    run = fill(buyer, 2)
    html = buyer_client.get(URL).content.decode()
    assert "Saigon Co.op" in html
    assert "Need 0" in html
    assert "Need 1" in html
    assert "Hàng Tết" in html
    assert "1 product" in html
    assert html.count('class="status status-pending"') == 2
    assert html.count('class="status status-accepted"') == 2
    assert run.event.name in html
    meetings = buyer_client.get(URL).context["meetings"]
    assert len(meetings) == 2
    assert all(m.run == run for m in meetings)


def test_past_meetings_are_not_upcoming(buyer_client, buyer):
    run = ScheduleRunFactory(
        status=RunStatus.PUBLISHED, version=1, event__starts_on=timezone.localdate() - dt.timedelta(days=3)
    )
    MeetingFactory(run=run, distributor=buyer.distributor)
    assert buyer_client.get(URL).context["meetings"] == []


@pytest.mark.parametrize("item_count", [1, 3])
def test_dashboard_query_count_is_constant(buyer_client, buyer, item_count, django_assert_num_queries):
    fill(buyer, item_count)
    # session, user, buyer, needs, shortlists, requests, meetings, suggested producers,
    # the events they are registered for (1, none of them here)
    with django_assert_num_queries(9):
        response = buyer_client.get(URL)
    assert len(response.context["needs"]) == item_count
    assert len(response.context["meetings"]) == item_count
