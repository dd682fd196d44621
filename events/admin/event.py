"""The organisers' admin of an event: set-up (rooms, panel sessions, meeting blocks with their
slots and tables, deadlines), participants (registration on someone's behalf, approval,
Excel import) and MoUs (entry and Excel import). Decisions go through events.services."""

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events import services
from events.enums import ParticipantKind, ParticipationStatus
from events.models import Event, MeetingBlock, Mou, Participation, Room, Session, Slot, Table
from events.resources import MouResource, ParticipationResource
from events.selectors import COMING, PAST, event_not_over, participations_without_contact
from matchmaking.scoring.tasks import request_rescore_all
from producers.admin import OrganiserImportExportMixin
from producers.models import Province


def _public_url(name: str, event: Event) -> str | None:
    """A link to the event's public pages; None while events.public_urls is not wired in."""
    try:
        return reverse(f"events:{name}", kwargs={"slug": event.slug})
    except NoReverseMatch:
        return None


def _participants_url(event_id: int, **filters) -> str:
    query = urlencode({"event__id__exact": event_id, **filters})
    return f"{reverse('admin:events_participation_changelist')}?{query}"


# --- Event set-up ---------------------------------------------------------------------------------


def warn_unreachable(request, participation_ids, *, shown: int = 12) -> None:
    """After an action that e-mails participants: name those nobody could be e-mailed (no
    member or approved buyer with an address on the portal), so the organisers call them."""
    unreachable = participations_without_contact(participation_ids) if participation_ids else []
    if not unreachable:
        return
    names = ", ".join(str(p.party) for p in unreachable[:shown])
    if len(unreachable) > shown:
        names += " …"
    messages.warning(
        request,
        ngettext(
            "%(count)d of them has nobody with an e-mail address on the portal and was not "
            "told: %(names)s. Tell them another way.",
            "%(count)d of them have nobody with an e-mail address on the portal and were not "
            "told: %(names)s. Tell them another way.",
            len(unreachable),
        )
        % {"count": len(unreachable), "names": names},
    )


class _EventChildInline:
    """Inlines whose room must be one of this event's rooms (save new rooms first)."""

    def get_formset(self, request, obj=None, **kwargs):
        self._event = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "room":
            event = getattr(self, "_event", None)
            kwargs["queryset"] = Room.objects.filter(event=event) if event else Room.objects.none()
            kwargs["help_text"] = _("Rooms of this event; add and save new rooms first.")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "room" and formfield is not None:
            # The rooms are edited on this same page (Rooms, above): no add/change/view icons.
            for link in ("can_add_related", "can_change_related", "can_delete_related", "can_view_related"):
                setattr(formfield.widget, link, False)
        return formfield


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0


class SessionInline(_EventChildInline, admin.StackedInline):
    model = Session
    extra = 0
    fields = (("title", "room"), ("starts_at", "ends_at"), "speakers", "description")


class CompactDateTimeInput(forms.DateTimeInput):
    """One browser date-and-time box: the admin's split date and time fields, with their
    shortcuts, made the meeting-block table 1,500 px wide."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class MeetingBlockInline(_EventChildInline, admin.TabularInline):
    model = MeetingBlock
    extra = 0
    formfield_overrides = {
        models.DateTimeField: {"form_class": forms.DateTimeField, "widget": CompactDateTimeInput}
    }
    fields = (
        "title",
        "room",
        "starts_at",
        "ends_at",
        "slot_minutes",
        "break_minutes",
        "table_count",
        "slot_summary",
    )
    readonly_fields = ("slot_summary",)
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_slots=Count("slots", distinct=True))

    @admin.display(description=_("slots"))
    def slot_summary(self, obj: MeetingBlock) -> str:
        if obj.pk is None:
            return "—"
        slots = getattr(obj, "n_slots", None)
        slots = obj.slots.count() if slots is None else slots
        return ngettext("%(count)d slot", "%(count)d slots", slots) % {"count": slots}


class EventAdminForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = (
            "name",
            "slug",
            "status",
            "starts_on",
            "ends_on",
            "venue",
            "address",
            "province",
            "registration_deadline",
            "request_deadline",
            "catalogue_send_at",
            "max_requests_per_participant",
            "fill_with_recommendations",
            "organiser_name",
            "organisers",
            "description",
        )

    def clean(self):
        cleaned = super().clean()
        starts_on = cleaned.get("starts_on")
        if starts_on is None:
            return cleaned
        start = dt.datetime.combine(starts_on, dt.time.min, tzinfo=timezone.get_current_timezone())
        registration, requests = cleaned.get("registration_deadline"), cleaned.get("request_deadline")
        if registration and registration > start:
            self.add_error("registration_deadline", _("Registration must close before the event starts."))
        if requests and requests > start:
            self.add_error("request_deadline", _("Meeting requests must close before the event starts."))
        if registration and requests and requests < registration:
            self.add_error(
                "request_deadline",
                _("Meeting requests close after registration: registered participants ask for meetings."),
            )
        send_at = cleaned.get("catalogue_send_at")
        if send_at and send_at > start:
            self.add_error("catalogue_send_at", _("The catalogue must be sent before the event starts."))
        return cleaned


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    form = EventAdminForm
    list_display = ("name", "starts_on", "status", "producers", "distributors", "mou_count", "links")
    list_filter = ("status", ("province", admin.RelatedOnlyFieldListFilter))
    search_fields = (
        "name__folded_contains",
        "slug",
        "venue__folded_contains",
        "organiser_name__folded_contains",
    )
    list_select_related = ("province",)
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("province", "organisers")
    date_hierarchy = "starts_on"
    inlines = (RoomInline, SessionInline, MeetingBlockInline)
    actions = ("generate_slots", "rescore_pairs")
    readonly_fields = ("organiser_links",)
    fieldsets = (
        (None, {"fields": ("name", "slug", "status", "organiser_links")}),
        (_("When and where"), {"fields": (("starts_on", "ends_on"), "venue", "address", "province")}),
        (
            _("Deadlines"),
            {
                "fields": ("registration_deadline", "request_deadline", "catalogue_send_at"),
                "description": _(
                    "Registration closes first, then meeting requests (the schedule is built from "
                    "them and from participants' availability); the catalogue goes out before the event."
                ),
            },
        ),
        (_("Meetings"), {"fields": ("max_requests_per_participant", "fill_with_recommendations")}),
        (_("Organisers"), {"fields": ("organiser_name", "organisers", "description")}),
    )

    class Media:
        css = {"all": ("css/admin.css",)}

    def get_queryset(self, request):
        approved = Q(participations__status=ParticipationStatus.APPROVED)
        pending = Q(participations__status=ParticipationStatus.PENDING)
        producer = Q(participations__kind=ParticipantKind.PRODUCER)
        distributor = Q(participations__kind=ParticipantKind.DISTRIBUTOR)
        return (
            super()
            .get_queryset(request)
            .annotate(
                producers_approved=Count("participations", filter=producer & approved, distinct=True),
                producers_pending=Count("participations", filter=producer & pending, distinct=True),
                distributors_approved=Count("participations", filter=distributor & approved, distinct=True),
                distributors_pending=Count("participations", filter=distributor & pending, distinct=True),
                n_mous=Count("mous", distinct=True),
            )
        )

    def _counts(self, obj: Event, kind: str):
        approved = getattr(obj, f"{kind}s_approved", 0)
        pending = getattr(obj, f"{kind}s_pending", 0)
        return format_html(
            '<a href="{}">{}</a><br><a href="{}">{}</a>',
            _participants_url(obj.pk, kind=kind, status__exact=ParticipationStatus.APPROVED),
            _("%(count)d approved") % {"count": approved},
            _participants_url(obj.pk, kind=kind, status__exact=ParticipationStatus.PENDING),
            _("%(count)d pending") % {"count": pending},
        )

    @admin.display(description=_("producers"), ordering="producers_approved")
    def producers(self, obj: Event):
        return self._counts(obj, ParticipantKind.PRODUCER)

    @admin.display(description=_("distributors"), ordering="distributors_approved")
    def distributors(self, obj: Event):
        return self._counts(obj, ParticipantKind.DISTRIBUTOR)

    @admin.display(description=_("MoU count"), ordering="n_mous")
    def mou_count(self, obj: Event) -> int:
        return getattr(obj, "n_mous", 0)

    def _link_items(self, obj: Event) -> list[tuple[str, str]]:
        items = []
        for name, label in (("detail", _("Programme")), ("outcomes", _("Outcomes"))):
            url = _public_url(name, obj)
            if url:
                items.append((url, label))
        return items

    @admin.display(description=_("public pages"))
    def links(self, obj: Event):
        return format_html_join(mark_safe("<br>"), '<a href="{}">{}</a>', self._link_items(obj)) or "—"

    @admin.display(description=_("links"))
    def organiser_links(self, obj: Event):
        if obj.pk is None:
            return "—"
        items = self._link_items(obj)
        items.append((_participants_url(obj.pk), _("Participants")))
        items.append(
            (f"{reverse('admin:events_mou_changelist')}?{urlencode({'event__id__exact': obj.pk})}", _("MoUs"))
        )
        return format_html_join(" · ", '<a href="{}">{}</a>', items)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is MeetingBlock:
            # New and changed blocks get their slots and tables (re)built; slots and tables
            # that meetings use are kept. Deleted blocks take theirs with them.
            for block in formset.new_objects + [obj for obj, _changed in formset.changed_objects]:
                services.block_generate_slots(block=block)

    @admin.action(description=_("Re-score the producer–buyer pairs of these events"))
    def rescore_pairs(self, request, queryset):
        for event in queryset:
            request_rescore_all(event_id=event.pk)
        self.message_user(
            request,
            _("Re-scoring is queued; its progress shows in Scoring weights."),
            messages.SUCCESS,
        )

    @admin.action(description=_("Generate slots and tables of the meeting blocks"))
    def generate_slots(self, request, queryset):
        slots = tables = 0
        for block in MeetingBlock.objects.filter(event__in=queryset):
            block_slots, block_tables = services.block_generate_slots(block=block)
            slots, tables = slots + block_slots, tables + block_tables
        self.message_user(
            request,
            ngettext("%(count)d slot is ready.", "%(count)d slots are ready.", slots) % {"count": slots},
            messages.SUCCESS,
        )


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ("name", "event", "capacity")
    list_filter = ("event",)
    search_fields = ("name__folded_contains", "event__name__folded_contains")
    list_select_related = ("event",)
    autocomplete_fields = ("event",)


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("title", "event", "room", "starts_at", "ends_at")
    list_filter = ("event", "room")
    search_fields = ("title__folded_contains", "speakers__folded_contains")
    list_select_related = ("event", "room")
    autocomplete_fields = ("event", "room")


class SlotInline(admin.TabularInline):
    model = Slot
    extra = 0
    readonly_fields = ("index", "starts_at", "ends_at")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class TableInline(admin.TabularInline):
    model = Table
    extra = 0
    fields = ("number", "label")
    readonly_fields = ("number",)
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # the block's table count decides how many there are


@admin.register(MeetingBlock)
class MeetingBlockAdmin(admin.ModelAdmin):
    list_display = ("title", "event", "starts_at", "ends_at", "slot_minutes", "break_minutes", "table_count")
    list_filter = ("event",)
    search_fields = ("title__folded_contains", "event__name__folded_contains")
    list_select_related = ("event",)
    autocomplete_fields = ("event", "room")
    inlines = (SlotInline, TableInline)

    def save_related(self, request, form, formsets, change):
        # After the table labels are saved, so a table removed by a lower count stays removed.
        super().save_related(request, form, formsets, change)
        services.block_generate_slots(block=form.instance)


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin):
    list_display = ("__str__", "block", "index", "starts_at", "ends_at")
    list_filter = ("block__event",)
    list_select_related = ("block",)
    search_fields = ("block__title__folded_contains", "block__event__name__folded_contains")


@admin.register(Table)
class TableAdmin(admin.ModelAdmin):
    list_display = ("__str__", "block", "number")
    list_filter = ("block__event",)
    list_select_related = ("block",)
    search_fields = ("label__folded_contains", "block__title__folded_contains")


# --- Participants -----------------------------------------------------------------------------------


class EventDatesListFilter(admin.SimpleListFilter):
    """Rows of events not over yet (what organisers can still act on), or of past events."""

    title = _("event dates")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [(COMING, _("Not over yet")), (PAST, _("Over"))]

    def queryset(self, request, queryset):
        if self.value() == COMING:
            return queryset.filter(event_not_over())
        if self.value() == PAST:
            return queryset.exclude(event_not_over())
        return queryset


class ProvinceListFilter(admin.SimpleListFilter):
    """The producer's province, or the distributor's head office."""

    title = _("province")
    parameter_name = "province"

    def lookups(self, request, model_admin):
        # Only provinces that have participants (not all 34 + 63 former ones).
        provinces = Province.objects.filter(
            Q(producers__participations__isnull=False)
            | Q(distributor_head_offices__participations__isnull=False)
        ).distinct()
        return [(str(p.pk), p.name) for p in provinces.order_by("-is_current", "name")]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            pk = int(self.value())
            return queryset.filter(Q(producer__province_id=pk) | Q(distributor__head_office_province_id=pk))
        return queryset


class ParticipationAdminForm(forms.ModelForm):
    """Register a participant on their behalf: choose the producer (with the products it
    brings) or the distributor (with seats and representatives); the kind follows."""

    class Meta:
        model = Participation
        fields = ("event", "producer", "distributor", "status", "seats", "representatives", "products")

    def clean(self):
        cleaned = super().clean()
        # On the change form the party is read-only (not a form field): use the instance's.
        producer = cleaned.get("producer") if "producer" in self.fields else self.instance.producer
        distributor = (
            cleaned.get("distributor") if "distributor" in self.fields else self.instance.distributor
        )
        if bool(producer) == bool(distributor):
            raise forms.ValidationError(_("Choose either a producer or a distributor."), code="one_party")
        self.instance.kind = ParticipantKind.PRODUCER if producer else ParticipantKind.DISTRIBUTOR
        party_field = "producer" if producer else "distributor"
        event = cleaned.get("event") if "event" in self.fields else self.instance.event
        if party_field in self.fields and event is not None:
            existing = (
                Participation.objects.filter(event=event, **{party_field: producer or distributor})
                .exclude(pk=self.instance.pk)
                .first()
            )
            if existing is not None:
                # On the field, so the model's unique constraint (no message of its own) is not
                # checked a second time; the database still refuses a duplicate in a race.
                self.add_error(
                    party_field,
                    _("%(party)s is already registered for this event (%(status)s).")
                    % {"party": existing.party, "status": existing.get_status_display()},
                )
        products = cleaned.get("products") or []
        if producer:
            if cleaned.get("seats", 1) not in (None, 1):
                self.add_error("seats", _("A producer has one seat."))
            foreign = [p.name for p in products if p.producer_id != producer.pk]
            if foreign:
                self.add_error(
                    "products",
                    _("These products belong to another producer: %(names)s.")
                    % {"names": ", ".join(foreign)},
                )
        elif products:
            self.add_error("products", _("Only producers show products."))
        return cleaned


@admin.register(Participation)
class ParticipationAdmin(OrganiserImportExportMixin, admin.ModelAdmin):
    form = ParticipationAdminForm
    resource_classes = [ParticipationResource]
    list_display = (
        "party_name",
        "kind",
        "province",
        "event",
        "status",
        "seats",
        "product_count",
        "registered_by",
        "created_at",
    )
    list_display_links = ("party_name",)
    list_filter = (EventDatesListFilter, "event", "kind", "status", ProvinceListFilter)
    list_per_page = 100
    search_fields = (
        "producer__legal_name__folded_contains",
        "producer__tax_code",
        "distributor__name__folded_contains",
        "representatives__folded_contains",
    )
    list_select_related = (
        "event",
        "producer__province__merged_into",
        "distributor__head_office_province__merged_into",
        "registered_by",
    )
    autocomplete_fields = ("event", "producer", "distributor", "products")
    filter_horizontal = ("unavailable_slots",)
    actions = ("approve", "decline", "withdraw")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_products=Count("products", distinct=True))

    def get_list_display(self, request):
        # Filtered by one event (the usual case, from the event's page): no event column.
        if "event__id__exact" in request.GET:
            return tuple(name for name in self.list_display if name != "event")
        return self.list_display

    def get_fields(self, request, obj=None):
        fields = ["event", "producer", "distributor", "status", "seats", "representatives", "products"]
        if obj is not None:
            fields += ["unavailable_slots", "kind", "registered_by", "created_at"]
        return fields

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        # A registration's party stays what it is; decisions go through the actions (they
        # tell the participant by e-mail).
        return ("event", "producer", "distributor", "kind", "status", "registered_by", "created_at")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "unavailable_slots":
            obj_id = request.resolver_match.kwargs.get("object_id", "") if request.resolver_match else ""
            event_id = (
                Participation.objects.filter(pk=int(obj_id)).values("event_id")[:1]
                if obj_id.isdigit()
                else None
            )
            kwargs["queryset"] = (
                Slot.objects.filter(block__event_id__in=event_id).select_related("block")
                if event_id is not None
                else Slot.objects.none()
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.registered_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("participant"), ordering="producer__legal_name")
    def party_name(self, obj: Participation) -> str:
        return str(obj.party)

    @admin.display(description=_("province"))
    def province(self, obj: Participation) -> str:
        if obj.producer_id:
            return obj.producer.province.display_name
        return obj.distributor.head_office_province.display_name if obj.distributor_id else "—"

    @admin.display(description=_("products shown"), ordering="n_products")
    def product_count(self, obj: Participation) -> int:
        return getattr(obj, "n_products", 0)

    def _decide(self, request, queryset, service, done, *, emails=True):
        changed, skipped = [], 0
        for participation in queryset.select_related("event"):
            if service(participation=participation, by=request.user):
                changed.append(participation.pk)
            else:
                skipped += 1
        self.message_user(request, done(len(changed)) % {"count": len(changed)}, messages.SUCCESS)
        if emails:
            warn_unreachable(request, changed)
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d registration was left as it was (already decided, or withdrawn).",
                    "%(count)d registrations were left as they were (already decided, or withdrawn).",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Approve the selected registrations (e-mails them)"), permissions=["change"])
    def approve(self, request, queryset):
        self._decide(
            request,
            queryset,
            services.participation_approve,
            lambda n: ngettext("%(count)d registration approved.", "%(count)d registrations approved.", n),
        )

    @admin.action(description=_("Decline the selected registrations (e-mails them)"), permissions=["change"])
    def decline(self, request, queryset):
        self._decide(
            request,
            queryset,
            services.participation_decline,
            lambda n: ngettext("%(count)d registration declined.", "%(count)d registrations declined.", n),
        )

    @admin.action(description=_("Mark the selected registrations as withdrawn"), permissions=["change"])
    def withdraw(self, request, queryset):
        self._decide(
            request,
            queryset,
            services.participation_withdraw,
            lambda n: ngettext("%(count)d registration withdrawn.", "%(count)d registrations withdrawn.", n),
            emails=False,
        )


# --- MoUs -----------------------------------------------------------------------------------------


@admin.register(Mou)
class MouAdmin(OrganiserImportExportMixin, admin.ModelAdmin):
    resource_classes = [MouResource]
    list_display = ("party_a", "party_b", "kind", "title", "event", "signed_on")
    list_filter = ("event", "kind")
    search_fields = (
        "party_a__folded_contains",
        "party_b__folded_contains",
        "title__folded_contains",
        "producer__legal_name__folded_contains",
        "distributor__name__folded_contains",
    )
    list_select_related = ("event",)
    autocomplete_fields = ("event", "producer", "distributor")
    date_hierarchy = "signed_on"
    list_per_page = 100
