"""Simplified Chinese for the Wagtail admin strings that Wagtail's own zh_Hans catalogues lack.

Add ``"wagtail_disclosure.contrib.wagtail_zh_hans"`` to INSTALLED_APPS, anywhere: its
catalogues hold only msgids that no Wagtail zh_Hans catalogue translates, so they never
override Wagtail's (or another app's) translations, whatever the app order.

- ``locale/zh_Hans/LC_MESSAGES/django.po``: server-side strings, merged by Django with the
  catalogues of every installed app.
- ``locale/zh_Hans/LC_MESSAGES/djangojs.po``: strings of Wagtail's admin JavaScript. Wagtail's
  own JavaScript catalogue view reads only ``wagtail.admin``'s locale directory, so
  ``wagtail_hooks.py`` adds ours to ``django.catalog`` on every admin page.

``scripts/wagtail_zh_hans_gaps.py`` (in the source repository) lists what is missing after a
Wagtail upgrade and updates these catalogues.
"""

# The Wagtail release whose catalogues these fill (the tests that compare with Wagtail's catalogues
# run only against this release; on another one, run the script).
TRANSLATED_FOR_WAGTAIL = "8.0.1"
