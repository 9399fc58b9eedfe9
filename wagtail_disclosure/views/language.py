"""The disclosure locale in the admin: a new 政府信息公开 column created under a page of another language
(a host site's English home page) is a Chinese tree (``models.language``)."""

from django.contrib import messages
from django.utils.translation import gettext

from ..models import language


def new_column_in_the_disclosure_locale(request, page):
    """``after_create_page``: move a new column to the disclosure locale and say so."""
    page = page.specific
    if language.give_new_column_the_disclosure_locale(page):
        messages.info(
            request,
            gettext("“%(title)s” and the pages below it are in the %(language)s locale: 政府信息公开 pages are published in Chinese, whatever the site's default language.")
            % {"title": page.title, "language": page.locale.get_display_name() or page.locale.language_code},
        )
