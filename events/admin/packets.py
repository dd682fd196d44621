"""Catalogue packets in the organisers' admin: list and progress, preview, send now, resend.

The Event changelist gets two actions from here too (see ``_add_event_actions``): prepare the
packets ahead of time, and send them now.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat, truncatechars
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from distributors.models import Distributor
from events.models import CataloguePacket, Event
from events.packets import services
from events.packets.content import packet_content
from events.packets.render import basis_text, packet_filename, render_packet_pdf
from events.packets.selectors import packet_progress, packet_recipients

from .event import EventAdmin, EventDatesListFilter


@admin.register(CataloguePacket)
class CataloguePacketAdmin(admin.ModelAdmin):
    list_display = (
        "distributor",
        "event",
        "version",
        "status",
        "send_at",
        "sent_at",
        "attempts",
        "size",
        "error",
        "preview",
    )
    list_filter = (EventDatesListFilter, "event", "status")
    search_fields = ("distributor__name__folded_contains", "event__name__folded_contains")
    list_select_related = ("event", "distributor")
    readonly_fields = ("status", "claimed_at", "sent_at", "attempts", "last_error", "pdf", "size_bytes")
    fields = ("event", "distributor", "version", "send_at", *readonly_fields)
    actions = ("send_now", "resend_new_version")
    change_list_template = "events/packets/admin_change_list.html"

    def get_readonly_fields(self, request, obj=None):
        # The send time of a pending packet stays editable: that is how one packet is rescheduled.
        if obj is not None:
            return (*self.readonly_fields, "event", "distributor", "version")
        return self.readonly_fields

    @admin.display(description=_("size"), ordering="size_bytes")
    def size(self, obj: CataloguePacket) -> str:
        return filesizeformat(obj.size_bytes) if obj.size_bytes else "–"

    @admin.display(description=_("last error"))
    def error(self, obj: CataloguePacket) -> str:
        return truncatechars(obj.last_error, 80) if obj.last_error else ""

    @admin.display(description=_("preview"))
    def preview(self, obj: CataloguePacket) -> str:
        url = reverse("admin:events_cataloguepacket_preview", args=[obj.event_id, obj.distributor_id])
        return format_html('<a href="{}">{}</a>', url, _("Preview"))

    # --- progress --------------------------------------------------------------------------------

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if hasattr(response, "context_data") and "cl" in response.context_data:
            changelist = response.context_data["cl"]
            event_ids = changelist.queryset.order_by().values("event_id").distinct()
            response.context_data["packet_progress"] = packet_progress(event_ids=event_ids)
        return response

    # --- actions ---------------------------------------------------------------------------------

    @admin.action(description=_("Send now"), permissions=("change",))
    def send_now(self, request, queryset):
        count = services.catalogue_packets_send_now(packets=queryset)
        skipped = queryset.count() - count
        self.message_user(
            request,
            ngettext("%(count)d packet is being sent.", "%(count)d packets are being sent.", count)
            % {"count": count},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d packet was left alone: already sent or being sent (resend makes a new "
                    "version), or its event is not open.",
                    "%(count)d packets were left alone: already sent or being sent (resend makes a new "
                    "version), or their event is not open.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Resend (new version)"), permissions=("change",))
    def resend_new_version(self, request, queryset):
        created = skipped = 0
        seen = set()
        for packet in queryset.select_related("event").order_by("event_id", "distributor_id", "-version"):
            key = (packet.event_id, packet.distributor_id)
            if key in seen:
                continue
            seen.add(key)
            if services.catalogue_packet_resend(packet=packet) is None:
                skipped += 1
            else:
                created += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d new version is being sent.", "%(count)d new versions are being sent.", created
            )
            % {"count": created},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d distributor already has a version waiting or being sent, or the event "
                    "is not open.",
                    "%(count)d distributors already have a version waiting or being sent, or the event "
                    "is not open.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    # --- preview and download --------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "preview/<int:event_id>/<int:distributor_id>/",
                view(self.preview_view),
                name="events_cataloguepacket_preview",
            ),
            path(
                "preview/<int:event_id>/<int:distributor_id>/pdf/",
                view(self.preview_pdf_view),
                name="events_cataloguepacket_preview_pdf",
            ),
            path("<int:pk>/pdf/", view(self.stored_pdf_view), name="events_cataloguepacket_pdf"),
            *super().get_urls(),
        ]

    def _preview_subject(self, request, event_id: int, distributor_id: int):
        if not self.has_view_permission(request):
            raise PermissionDenied
        event = get_object_or_404(Event, pk=event_id)
        distributor = get_object_or_404(Distributor, pk=distributor_id)
        language = request.GET.get("lang") or packet_recipients(distributor=distributor).language
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        return event, distributor, language

    def preview_view(self, request, event_id: int, distributor_id: int):
        """The packet as it would be sent now, in the buyers' language (or ?lang=)."""
        event, distributor, language = self._preview_subject(request, event_id, distributor_id)
        # The catalogue part is rendered here, in the buyers' language; the admin around it
        # stays in the organiser's.
        with translation.override(language):
            content = packet_content(event=event, distributor=distributor)
            catalogue_html = render_to_string(
                "events/packets/_catalogue.html",
                {"content": content, "medium": "admin", "basis_text": basis_text(content)},
                request=request,
            )
        recipients = packet_recipients(distributor=distributor)
        context = {
            **self.admin_site.each_context(request),
            "catalogue_html": catalogue_html,
            "opts": self.model._meta,
            "title": _("Preview: %(distributor)s at %(event)s")
            % {"distributor": distributor, "event": event},
            "event": event,
            "distributor": distributor,
            "language": language,
            "languages": settings.LANGUAGES,
            "recipients": recipients.emails,
            "catalogue_language": language,
            "packets": CataloguePacket.objects.filter(event=event, distributor=distributor).order_by(
                "-version"
            ),
        }
        return TemplateResponse(request, "events/packets/admin_preview.html", context)

    def preview_pdf_view(self, request, event_id: int, distributor_id: int):
        """The PDF as it would be sent now, generated on request (not stored)."""
        event, distributor, language = self._preview_subject(request, event_id, distributor_id)
        with translation.override(language):
            content = packet_content(event=event, distributor=distributor)
            pdf = render_packet_pdf(content)
        response = HttpResponse(pdf, content_type="application/pdf")
        filename = packet_filename(content, version=0).replace("-v0", "-preview")
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response

    def stored_pdf_view(self, request, pk: int):
        """The PDF a packet was sent with."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        packet = get_object_or_404(CataloguePacket.objects.select_related("event"), pk=pk)
        if not packet.pdf:
            raise Http404
        try:
            handle = packet.pdf.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        filename = f"catalogue-{packet.event.slug}-{packet.distributor_id}-v{packet.version}.pdf"
        return FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")


# --- Event changelist actions ------------------------------------------------------------------------


@admin.action(description=_("Prepare catalogue packets (to preview or reschedule before sending)"))
def prepare_catalogue_packets(modeladmin, request, queryset):
    created = 0
    for event in queryset:
        try:
            created += services.event_catalogue_prepare(event=event)
        except ValidationError as exc:
            modeladmin.message_user(request, f"{event}: {' '.join(exc.messages)}", messages.ERROR)
    modeladmin.message_user(
        request,
        ngettext("%(count)d packet prepared.", "%(count)d packets prepared.", created) % {"count": created},
        messages.SUCCESS,
    )


@admin.action(description=_("Send catalogue packets now (to every distributor not yet sent one)"))
def send_catalogue_packets_now(modeladmin, request, queryset):
    count = sum(services.event_catalogue_send_now(event=event) for event in queryset)
    modeladmin.message_user(
        request,
        ngettext("%(count)d packet is being sent.", "%(count)d packets are being sent.", count)
        % {"count": count},
        messages.SUCCESS,
    )


def _add_event_actions() -> None:
    """Registration hook: the Event changelist offers the packet actions (kept here, with
    the rest of the packets' admin)."""
    added = (prepare_catalogue_packets, send_catalogue_packets_now)
    EventAdmin.actions = (*[a for a in EventAdmin.actions if a not in added], *added)


_add_event_actions()
