"""RSS and Atom feeds of a catalogue's newest public entries.

An entry's title, 文号 and summary are plain text typed by editors (or imported): in a feed they must
stay text, whatever they contain. RSS has no way to say that an element is text, and readers treat
an item's ``description`` (and, in practice, its ``title``) as HTML, so the RSS feed HTML-escapes
them (Django's syndication framework double-escapes titles by default for this reason, ticket #6533;
overriding ``item_title`` loses that). Atom says what it holds (RFC 4287 §3.1): titles are text by
default, and Django's ``Atom1Feed`` declares the summary ``type="html"``, so the Atom feed declares
it ``type="text"`` and gives the text unescaped.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext


class PlainTextAtom1Feed(Atom1Feed):
    """Atom whose entry summaries are text (``type="text"``), not HTML."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class CatalogueRssFeed(Feed):
    limit = 50

    def __init__(self, catalogue):
        super().__init__()
        self.catalogue = catalogue

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return self.catalogue.title

    def link(self):
        return self.catalogue.get_url(self.request)

    def description(self):
        return gettext("Newest entries of %(catalogue)s") % {"catalogue": self.catalogue.title}

    def items(self):
        # The entries the catalogue lists for the same filters (topic, genre, org, year, validity, q).
        _form, entries = self.catalogue.filtered(self.request)
        return entries[: self.limit]

    def item_text_lines(self, item):
        """The lines of an item's text (plain text)."""
        lines = [gettext("Index number: %(number)s") % {"number": item.index_number}]
        if item.document_number:
            lines.append(gettext("Document number: %(number)s") % {"number": item.document_number})
        lines.append(gettext("Issuing organisation: %(organisation)s") % {"organisation": item.organisation.name})
        if item.summary:
            lines.append(item.summary)
        return lines

    def item_title(self, item):
        return escape(item.title)

    def item_description(self, item):
        # HTML made of escaped text; the only markup is the line breaks.
        return "<br>".join(escape(line).replace("\n", "<br>") for line in self.item_text_lines(item))

    def item_link(self, item):
        return item.get_url(self.request)

    def item_guid(self, item):
        return item.index_number

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        if item.publish_date:
            return timezone.make_aware(datetime.datetime.combine(item.publish_date, datetime.time()))
        return None

    def item_categories(self, item):
        return [item.topic.name, item.genre.name]


class CatalogueAtomFeed(CatalogueRssFeed):
    feed_type = PlainTextAtom1Feed

    def subtitle(self):
        return self.description()

    def item_title(self, item):
        return item.title  # an Atom title without a type is text

    def item_description(self, item):
        return "\n".join(self.item_text_lines(item))
