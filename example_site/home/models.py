from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


def find_catalogue(page):
    """The first live 政府信息公开目录 at or below ``page``."""
    from wagtail_disclosure.models import CatalogueIndexPage

    return CatalogueIndexPage.objects.live().descendant_of(page, inclusive=True).order_by("path").first()


def latest_entries(catalogue, count, **filters):
    if catalogue is None:
        return []
    return list(catalogue.public_entries().filter(**filters)[:count])


class HomePage(Page):
    """The demo government's home page."""

    intro = RichTextField(_("introduction"), blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro")]

    template = "home/home_page.html"

    class Meta:
        verbose_name = "首页"
        verbose_name_plural = "首页"

    def get_context(self, request, *args, **kwargs):
        from wagtail_disclosure.models import Topic

        context = super().get_context(request, *args, **kwargs)
        catalogue = find_catalogue(self)
        context["catalogue"] = catalogue
        context["latest_entries"] = latest_entries(catalogue, 8)
        context["notices"] = latest_entries(catalogue, 6, genre__name__in=["公告", "通告"])
        context["interpretations"] = latest_entries(catalogue, 6, genre__name="政策解读")
        context["documents"] = latest_entries(catalogue, 6, genre__name__in=["行政规范性文件", "规划"])
        if catalogue is not None:
            context["entry_count"] = catalogue.public_entries().count()
            used = set(catalogue.public_entries().values_list("topic__parent_id", flat=True))
            context["topics"] = list(Topic.objects.filter(parent__isnull=True, pk__in=used).order_by("sort_order", "name"))
        context["column"] = catalogue.get_parent().specific if catalogue is not None else None
        return context


class SectionPage(Page):
    """A plain column page, e.g. 政府信息公开 holding the catalogue."""

    intro = RichTextField(_("introduction"), blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro")]
    show_in_menus_default = True

    template = "home/section_page.html"

    class Meta:
        verbose_name = "栏目页"
        verbose_name_plural = "栏目页"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        catalogue = find_catalogue(self)
        context["catalogue"] = catalogue
        context["latest_entries"] = latest_entries(catalogue, 10)
        context["child_pages"] = self.get_children().live().in_menu().specific()
        return context

