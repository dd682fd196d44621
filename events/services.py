"""Writes of events: keyword-only, validated, in a transaction."""

import datetime as dt

from django.db import transaction

from .models import MeetingBlock, Slot, Table


def block_slot_times(
    *, starts_at: dt.datetime, ends_at: dt.datetime, slot_minutes: int, break_minutes: int
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Cut a block into slots of ``slot_minutes`` with ``break_minutes`` between them;
    a last piece shorter than a slot is left out."""
    slot, pause = dt.timedelta(minutes=slot_minutes), dt.timedelta(minutes=break_minutes)
    times, start = [], starts_at
    while start + slot <= ends_at:
        times.append((start, start + slot))
        start += slot + pause
    return times


@transaction.atomic
def block_generate_slots(*, block: MeetingBlock) -> tuple[int, int]:
    """(Re)build a block's slots and tables from its times and table count.

    Side effects: writes Slot and Table rows. Slots and tables that meetings already use
    are kept (the database protects them); only unused ones are replaced. Returns the
    number of slots and tables the block has afterwards.
    """
    wanted = block_slot_times(
        starts_at=block.starts_at,
        ends_at=block.ends_at,
        slot_minutes=block.slot_minutes,
        break_minutes=block.break_minutes,
    )
    existing = {(slot.starts_at, slot.ends_at): slot for slot in block.slots.all()}
    keep = {times for times in wanted if times in existing}
    block.slots.exclude(pk__in=[existing[t].pk for t in keep]).filter(meetings__isnull=True).delete()
    # Re-number: move kept slots out of the way of the unique (block, index) first.
    used = list(block.slots.order_by("starts_at"))
    offset = len(wanted) + len(used) + 1
    for i, slot in enumerate(used):
        Slot.objects.filter(pk=slot.pk).update(index=offset + i)
    by_time = {(slot.starts_at, slot.ends_at): slot for slot in used}
    all_times = sorted(set(wanted) | set(by_time))
    for index, times in enumerate(all_times):
        if times in by_time:
            Slot.objects.filter(pk=by_time[times].pk).update(index=index)
        else:
            Slot.objects.create(block=block, index=index, starts_at=times[0], ends_at=times[1])

    block.tables.filter(number__gt=block.table_count, meetings__isnull=True).delete()
    have = set(block.tables.values_list("number", flat=True))
    Table.objects.bulk_create(
        [Table(block=block, number=n) for n in range(1, block.table_count + 1) if n not in have]
    )
    return block.slots.count(), block.tables.count()
