"""The public page of a producer."""

from django.http import Http404
from django.views.generic import TemplateView

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
        context.update(
            producer=producer, products=selectors.product_list_for_producer_page(producer=producer)
        )
        return context
