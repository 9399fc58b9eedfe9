from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import ngettext

from wagtail_disclosure import defaults
from wagtail_disclosure.models import Genre, ServiceAudience, Topic


class Command(BaseCommand):
    help = "Load the default topic (主题分类), genre (体裁分类) and service audience (服务对象分类) lists. Existing entries are kept."

    @transaction.atomic
    def handle(self, *args, **options):
        created = 0
        for order, (name, children) in enumerate(defaults.TOPICS):
            parent, new = Topic.objects.get_or_create(parent=None, name=name, defaults={"sort_order": order})
            created += new
            for child_order, child in enumerate(children):
                _topic, new = Topic.objects.get_or_create(parent=parent, name=child, defaults={"sort_order": child_order})
                created += new
        for model, names in ((Genre, defaults.GENRES), (ServiceAudience, defaults.AUDIENCES)):
            for order, name in enumerate(names):
                _item, new = model.objects.get_or_create(name=name, defaults={"sort_order": order})
                created += new
        self.stdout.write(self.style.SUCCESS(
            ngettext("%(count)s classification created.", "%(count)s classifications created.", created) % {"count": created}
        ))
