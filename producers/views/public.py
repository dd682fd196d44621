"""The public page of a producer."""

from django.http import Http404
from django.views.generic import TemplateView

from distributors.permissions import current_buyer
from matchmaking.selectors import open_requests_for_buyer

from .. import selectors

# --- Public ------------------------------------------------------------------------------------


class PublicProducerView(TemplateView):
    """The shareable page of a producer: its story and the products buyers may see."""

    template_name = "producers/public_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        producer = selectors.producer_public(slug=kwargs["slug"])
        if producer is None:
            raise Http404
        buyer = current_buyer(self.request) if self.request.user.is_authenticated else None
        context.update(
            producer=producer,
            products=selectors.product_list_for_producer_page(producer=producer),
            open_requests=open_requests_for_buyer(buyer=buyer, producer_id=producer.pk),
        )
        return context
