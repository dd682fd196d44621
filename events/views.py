"""Buyer-facing pages of events: the catalogue packet on the portal, and its PDF."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404
from django.views.generic import TemplateView, View

from events.packets.content import packet_content
from events.packets.render import basis_text
from events.packets.selectors import packet_for_buyer


def _buyer_packet(request, slug: str):
    packet = packet_for_buyer(user=request.user, event_slug=slug)
    if packet is None:
        raise Http404
    return packet


class PacketDetailView(LoginRequiredMixin, TemplateView):
    """The packet the buyer received, read live in the page's language; 404 for anyone who
    is not an approved buyer of a distributor that was sent one."""

    template_name = "events/packets/detail.html"

    def get_context_data(self, **kwargs):
        packet = _buyer_packet(self.request, kwargs["slug"])
        content = packet_content(event=packet.event, distributor=packet.distributor)
        return {
            **super().get_context_data(**kwargs),
            "packet": packet,
            "content": content,
            "medium": "page",
            "basis_text": basis_text(content),
        }


class PacketPdfView(LoginRequiredMixin, View):
    """The stored PDF, exactly as it was e-mailed."""

    def get(self, request, slug: str):
        packet = _buyer_packet(request, slug)
        if not packet.pdf:
            raise Http404
        try:
            handle = packet.pdf.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        filename = f"catalogue-{packet.event.slug}-v{packet.version}.pdf"
        return FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")
