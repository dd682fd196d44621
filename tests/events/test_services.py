import datetime as dt

import pytest

from events.services import block_generate_slots, block_slot_times
from tests.factories import MeetingBlockFactory, MeetingFactory

T0 = dt.datetime(2027, 3, 10, 14, 0, tzinfo=dt.UTC)


def test_slot_times_fill_the_block_with_breaks():
    times = block_slot_times(
        starts_at=T0, ends_at=T0 + dt.timedelta(hours=1), slot_minutes=15, break_minutes=5
    )
    assert [(s - T0).seconds // 60 for s, _ in times] == [0, 20, 40]
    assert all(e - s == dt.timedelta(minutes=15) for s, e in times)


def test_slot_times_leave_out_a_short_tail():
    times = block_slot_times(
        starts_at=T0, ends_at=T0 + dt.timedelta(minutes=50), slot_minutes=20, break_minutes=10
    )
    assert len(times) == 2


@pytest.mark.django_db
def test_generate_slots_is_idempotent_and_follows_changes():
    block = MeetingBlockFactory(table_count=3)
    assert block_generate_slots(block=block) == (5, 3)
    assert block_generate_slots(block=block) == (5, 3)
    block.slot_minutes, block.break_minutes, block.table_count = 30, 0, 2
    block.save()
    assert block_generate_slots(block=block) == (4, 2)
    assert list(block.slots.values_list("index", flat=True)) == [0, 1, 2, 3]


@pytest.mark.django_db
def test_generate_slots_keeps_slots_and_tables_in_use():
    block = MeetingBlockFactory(table_count=3)
    block_generate_slots(block=block)
    used_slot = block.slots.get(index=1)
    used_table = block.tables.get(number=3)
    MeetingFactory(slot=used_slot, table=used_table, run__event=block.event)
    block.slot_minutes, block.table_count = 30, 1
    block.save()
    block_generate_slots(block=block)
    assert block.slots.filter(pk=used_slot.pk).exists()
    assert block.tables.filter(pk=used_table.pk).exists()
    indexes = list(block.slots.order_by("starts_at").values_list("index", flat=True))
    assert indexes == list(range(len(indexes)))
