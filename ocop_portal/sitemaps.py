"""What search engines may read of the portal (robots.txt) and the public pages they should
find (the sitemap): products, producers, events and the pages that list them, each in
Vietnamese and English with its other-language version named (hreflang).

Django's ``Sitemap.i18n`` lists every item of a section in memory to page through them (all
100,000 products of a national catalogue for each page of it); here each language is a
section of its own, paged by the database, and the alternates are added to each page's URLs.
"""

from functools import wraps

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_page
from django.views.decorators.gzip import gzip_page

from events.models import Event
from events.selectors import HIDDEN_STATUSES
from producers.models import Producer
from producers.selectors import product_qs_visible


class _Localized(Sitemap):
    """The pages of one kind in one language: the page named ``url_name`` of each item's slug."""

    limit = 10_000  # URLs a sitemap page: a page of 100,000 products is then one query of 10,000 rows
    url_name = ""

    def __init__(self, language: str):
        self.language = language

    def path(self, item) -> str:
        return reverse(self.url_name, args=[item.slug])

    def _path_in(self, item, language: str) -> str:
        with translation.override(language):
            return self.path(item)

    def location(self, item) -> str:
        return self._path_in(item, self.language)

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            # Each language's version (this one's is the URL itself), and Vietnamese for a
            # reader of any other language.
            versions = {
                code: url["location"] if code == self.language else origin + self._path_in(url["item"], code)
                for code, _name in settings.LANGUAGES
            }
            versions["x-default"] = versions[settings.LANGUAGE_CODE]
            url["alternates"] = [{"location": where, "lang_code": tag} for tag, where in versions.items()]
        return urls


class _Dated(_Localized):
    """Items with an ``updated_at``; the sitemap index reads the latest with one query."""

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class PageSitemap(_Localized):
    """The pages that list the others; each item is the name of one."""

    changefreq = "daily"

    def items(self):
        return ["home", "distributors:catalogue", "events:list"]

    def path(self, item) -> str:
        return reverse(item)


class ProductSitemap(_Dated):
    url_name = "distributors:product_detail"

    def items(self):
        return product_qs_visible().order_by("pk").only("pk", "slug", "updated_at")


class ProducerSitemap(_Dated):
    """Producers with a product in the catalogue: the others' pages say nothing yet."""

    url_name = "producers:public_detail"

    def items(self):
        shows = product_qs_visible().filter(producer=OuterRef("pk"))
        return Producer.objects.filter(Exists(shows)).order_by("pk").only("pk", "slug", "updated_at")


class EventSitemap(_Localized):
    url_name = "events:detail"

    def items(self):
        return Event.objects.exclude(status__in=HIDDEN_STATUSES).order_by("pk").only("pk", "slug")


SITEMAPS = {
    f"{kind}-{code}": sitemap(code)
    for kind, sitemap in (
        ("pages", PageSitemap),
        ("products", ProductSitemap),
        ("producers", ProducerSitemap),
        ("events", EventSitemap),
    )
    for code, _name in settings.LANGUAGES
}

# Pages of a user, an organiser or one buyer's packet; catalogue addresses with filters (their
# combinations are endless; the sitemap lists every product page instead).
PRIVATE = (
    "admin/",
    "accounts/",
    "me/",
    "producer/",
    "buyer/",
    "meetings/",
    "events/*/register/",
    "events/*/availability/",
    "events/*/outcomes/",
    "events/*/catalogue/",
    "catalogue/?",
)


def cached(view):
    """``view`` compressed for the crawlers that accept it (a page of 10,000 products: 4.5 MB
    of XML) and kept SITEMAP_CACHE_SECONDS (0: not kept): search engines read the sitemap now
    and then, and such a page takes 1.2 s to build."""
    compressed = gzip_page(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        seconds = settings.SITEMAP_CACHE_SECONDS
        return (cache_page(seconds)(compressed) if seconds else compressed)(request, *args, **kwargs)

    return wrapped


def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *"]
    lines += [f"Disallow: /{code}/{path}" for code, _name in settings.LANGUAGES for path in PRIVATE]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
