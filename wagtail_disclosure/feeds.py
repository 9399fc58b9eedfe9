"""RSS and Atom feeds of a catalogue's newest public entries."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext


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
        return self.catalogue.public_entries()[: self.limit]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        parts = [gettext("Index number: %(number)s") % {"number": item.index_number}]
        if item.document_number:
            parts.append(gettext("Document number: %(number)s") % {"number": item.document_number})
        parts.append(gettext("Issuing organisation: %(organisation)s") % {"organisation": item.organisation.name})
        if item.summary:
            parts.append(item.summary)
        return "\n".join(parts)

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
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
