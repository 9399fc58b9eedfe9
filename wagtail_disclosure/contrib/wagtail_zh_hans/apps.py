from django.apps import AppConfig


class WagtailZhHansConfig(AppConfig):
    name = "wagtail_disclosure.contrib.wagtail_zh_hans"
    label = "wagtail_disclosure_wagtail_zh_hans"
    verbose_name = "Wagtail zh-Hans translations"
