"""Issuing 索引号: unique per site, never changed, never reused.

The serial comes from a counter row updated with a single ``INSERT … ON CONFLICT … DO UPDATE …
RETURNING`` statement. The database holds the row lock until the transaction ends, so concurrent
writers in any number of processes get distinct serials (PostgreSQL and SQLite alike). Every issued
number is also written to ``IssuedIndexNumber``, whose unique constraint is the final guard, and
whose rows outlive the pages: a deleted entry's number is never given out again.
"""

import contextlib
import contextvars

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from ..rules import index_numbers as rules
from ..rules import slugs
from .settings import DisclosureSettings


class IndexNumberMixin(models.Model):
    """A page that carries a 索引号 from its site's scheme, issued when it is first saved, never changed.

    The number's organisation code and date come from ``index_number_organisation()`` and
    ``index_number_date()``; by default the page's ``organisation`` and ``written_date`` (成文日期).
    """

    index_number = models.CharField(
        _("index number"),
        max_length=rules.MAX_LENGTH,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("Issued automatically when the entry is created; it never changes."),
    )

    # Copies are new documents and get a new number; translations keep theirs (same translation_key).
    exclude_fields_in_copy = ["index_number"]

    class Meta:
        abstract = True

    def index_number_organisation(self):
        if not getattr(self, "organisation_id", None):
            # A draft is saved without full validation (e.g. through an API that does not send the field).
            raise ValidationError({"organisation": [_("Choose the issuing organisation: its code starts the index number.")]})
        return self.organisation

    def index_number_date(self):
        return getattr(self, "written_date", None)

    def index_number_can_be_issued(self):
        """Whether the number can be issued now; override when a page may be saved without what it needs."""
        return True

    def index_number_request(self):
        """``(site, its DisclosureSettings, IndexNumberParts)`` of the number to issue to this page."""
        organisation = self.index_number_organisation()
        site, scheme = numbering_for_page(self)
        basis = self.index_number_date()
        if scheme.index_number_date_basis != DisclosureSettings.DateBasis.WRITTEN_DATE or not basis:
            basis = timezone.localdate()
        return site, scheme, rules.IndexNumberParts(organisation.code, basis.year, basis.month, basis.day)

    def issue_index_number(self):
        site, scheme, parts = self.index_number_request()
        return allocate_index_number(site, scheme, parts, self.translation_key)

    def derive_fields(self):
        if not self.index_number and self.index_number_can_be_issued():
            self.index_number = self.issue_index_number()
        if self._state.adding and slugs.is_title_slug(self.slug, self.title):
            self.slug = self.scheme_slug() or self.slug
        super().derive_fields()

    def scheme_slug(self):
        """A new page's short address from the site's slug scheme (``rules.slugs``), unique among its siblings."""
        scheme = getattr(settings, "WAGTAIL_DISCLOSURE_SLUG_SCHEME", slugs.DEFAULT_SCHEME)
        if scheme in slugs.BUILT_IN_SCHEMES:
            slug = slugs.scheme_slug(scheme, index_number=self.index_number, written_date=self.index_number_date())
        elif isinstance(scheme, str) and "." in scheme:
            slug = import_string(scheme)(self)
        else:
            raise ImproperlyConfigured(
                f"WAGTAIL_DISCLOSURE_SLUG_SCHEME must be one of {', '.join(slugs.BUILT_IN_SCHEMES)} or a function's dotted path, not {scheme!r}."
            )
        if not slug or not self.path or _sibling_checks_deferred.get():
            return slug
        parent = self.get_parent()
        return slugs.unique_slug(slug, lambda candidate: Page._slug_is_available(candidate, parent, self))

    def after_save(self, update_fields, created):
        # Numbers issued before the page had an id are linked to it; once this object has done so for its
        # number, a later save of the same object (an import's publication) has nothing left to link.
        if update_fields is None and self.__dict__.get("_linked_index_number", False) != (self.pk, self.index_number):
            deferred = _deferred_links.get()
            if deferred is not None:
                deferred.append(self)
            else:
                IssuedIndexNumber.objects.filter(translation_key=self.translation_key, page__isnull=True).update(page=self)
            self._linked_index_number = (self.pk, self.index_number)
        super().after_save(update_fields, created)

    def with_content_json(self, content):
        # A revision can never change the number: it is the database's, not the revision's.
        obj = super().with_content_json(content)
        obj.index_number = self.index_number
        return obj


# True within ``sibling_slug_checks_deferred()``: the writer makes slugs unique among siblings afterwards.
_sibling_checks_deferred = contextvars.ContextVar("wagtail_disclosure_sibling_slug_checks_deferred", default=False)


@contextlib.contextmanager
def sibling_slug_checks_deferred():
    """Within the block, ``scheme_slug`` does not ask the database whether each slug is free: a writer of many
    siblings at once asks once for all of them (``models.batch_writes.insert_new_pages``)."""
    token = _sibling_checks_deferred.set(True)
    try:
        yield
    finally:
        _sibling_checks_deferred.reset(token)


# Pages whose numbers ``links_deferred()`` links at its end; None: at once.
_deferred_links = contextvars.ContextVar("wagtail_disclosure_deferred_links", default=None)


@contextlib.contextmanager
def links_deferred():
    """Link the numbers of the pages saved in the block to them once, at its end (one statement), for writers that
    save many new pages in one transaction (``models.batch_writes``). Enter it inside the transaction."""
    pending = []
    token = _deferred_links.set(pending)
    try:
        yield
        link_issued_numbers(pending)
    finally:
        _deferred_links.reset(token)


# Within ``same_numbering(parent)``: the site and scheme of the pages created below ``parent`` (an import's
# batch), looked up once instead of twice per page.
_numbering = contextvars.ContextVar("wagtail_disclosure_numbering", default=None)


@contextlib.contextmanager
def same_numbering(parent):
    site = site_for_page(parent)
    token = _numbering.set((parent.path, site, DisclosureSettings.for_site(site)))
    try:
        yield
    finally:
        _numbering.reset(token)


def numbering_for_page(page):
    """``(site, DisclosureSettings)`` whose scheme numbers ``page``."""
    known = _numbering.get()
    if known is not None and page.path and page.path.startswith(known[0]):
        return known[1], known[2]
    site = site_for_page(page)
    return site, DisclosureSettings.for_site(site)


def site_for_page(page):
    """The site whose root is the deepest ancestor of ``page`` (the default site if none is)."""
    steplen = Page.steplen
    prefixes = [page.path[:i] for i in range(steplen, len(page.path) + 1, steplen)]
    sites = sorted(
        Site.objects.select_related("root_page").filter(root_page__path__in=prefixes),
        key=lambda site: (-len(site.root_page.path), not site.is_default_site),
    )
    if sites:
        return sites[0]
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is None:
        raise ValidationError(_("No site is configured, so no index number can be issued."))
    return site


class IndexNumberSequence(models.Model):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=rules.MAX_LENGTH)
    last_serial = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "key"], name="wagtail_disclosure_sequence_unique_key"),
        ]
        verbose_name = _("index number sequence")
        verbose_name_plural = _("index number sequences")


class IssuedIndexNumber(models.Model):
    class Origin(models.TextChoices):
        ALLOCATED = "allocated", _("Allocated")
        IMPORTED = "imported", _("Imported from a legacy system")

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+", verbose_name=_("site"))
    number = models.CharField(_("index number"), max_length=rules.MAX_LENGTH)
    # Translations of an entry share its number; a copy is a new entry with a new number.
    translation_key = models.UUIDField(db_index=True)
    page = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("page")
    )
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices, default=Origin.ALLOCATED)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="wagtail_disclosure_index_number_unique"),
        ]
        verbose_name = _("issued index number")
        verbose_name_plural = _("issued index numbers")

    def __str__(self):
        return self.number


def _upsert_serial(site, key, floor=None, step=1):
    """Advance the counter for ``key`` by ``step`` (or raise it to ``floor``) and return its value."""
    table = connection.ops.quote_name(IndexNumberSequence._meta.db_table)
    if floor is None:
        sql = (
            f"INSERT INTO {table} (site_id, key, last_serial) VALUES (%s, %s, %s) "
            f"ON CONFLICT (site_id, key) DO UPDATE SET last_serial = {table}.last_serial + excluded.last_serial "
            "RETURNING last_serial"
        )
        params = [site.pk, key, step]
    else:
        sql = (
            f"INSERT INTO {table} (site_id, key, last_serial) VALUES (%s, %s, %s) "
            f"ON CONFLICT (site_id, key) DO UPDATE SET last_serial = CASE "
            f"WHEN {table}.last_serial < excluded.last_serial THEN excluded.last_serial "
            f"ELSE {table}.last_serial END RETURNING last_serial"
        )
        params = [site.pk, key, floor]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def existing_number(site, translation_key):
    return (
        IssuedIndexNumber.objects.filter(site=site, translation_key=translation_key)
        .values_list("number", flat=True)
        .first()
    )


def allocate_index_number(site, scheme_settings, parts, translation_key, page=None):
    """Issue the next number of the site's scheme (or return the one this entry already has)."""
    number = existing_number(site, translation_key)
    if number:
        return number
    scheme = scheme_settings.index_number_scheme
    key = rules.sequence_key(scheme, parts, per_site=scheme_settings.serial_per_site)
    with transaction.atomic():
        # A legacy number may already hold a serial the counter has not seen: skip past it.
        for _attempt in range(1000):
            serial = _upsert_serial(site, key)
            number = rules.render(scheme, parts, serial)
            try:
                with transaction.atomic():
                    IssuedIndexNumber.objects.create(
                        site=site, number=number, translation_key=translation_key, page=page
                    )
            except IntegrityError:
                continue
            return number
    raise RuntimeError("Could not find a free index number after 1000 attempts")


def register_legacy_index_number(site, scheme_settings, number, translation_key, page=None):
    """Keep a number issued by an old system; the site's counter continues after it."""
    number = number.strip()
    if IssuedIndexNumber.objects.filter(site=site, number=number).exclude(translation_key=translation_key).exists():
        raise ValidationError(_("The index number %(number)s is already in use on this site."), params={"number": number}, code="duplicate_index_number")
    with transaction.atomic():
        IssuedIndexNumber.objects.get_or_create(
            site=site,
            number=number,
            defaults={"translation_key": translation_key, "page": page, "origin": IssuedIndexNumber.Origin.IMPORTED},
        )
        parsed = rules.parse(scheme_settings.index_number_scheme, number)
        if parsed and not scheme_settings.serial_per_site:
            _upsert_serial(site, parsed[0], floor=parsed[1])
        elif parsed:
            _upsert_serial(site, "*", floor=parsed[1])
    return number


# --- many entries at once (an import's batch) --------------------------------------------------------


def issue_index_numbers(pages):
    """The numbers ``derive_fields`` would issue to new ``pages`` one at a time, issued together (an import's
    batch): pages that have one, or cannot have one yet, are left as they are."""
    by_site = {}
    for page in pages:
        if not page.index_number and page.index_number_can_be_issued():
            site, scheme, parts = page.index_number_request()
            by_site.setdefault(site.pk, (site, scheme, []))[2].append((page, parts))
    for site, scheme, requests in by_site.values():
        numbers = allocate_index_numbers(site, scheme, [(parts, page.translation_key) for page, parts in requests])
        for (page, _parts), number in zip(requests, numbers, strict=True):
            page.index_number = number


def allocate_index_numbers(site, scheme_settings, wanted):
    """``allocate_index_number`` for new entries ``wanted``, ``[(IndexNumberParts, translation_key)]``, at once:
    one counter statement per sequence key (rather than per entry) and one insert into the registry; the
    numbers in the order asked. Serials a legacy number already holds are skipped, as one at a time."""
    scheme = scheme_settings.index_number_scheme
    positions_by_key = {}
    for position, (parts, _translation_key) in enumerate(wanted):
        positions_by_key.setdefault(rules.sequence_key(scheme, parts, per_site=scheme_settings.serial_per_site), []).append(position)
    numbers = [None] * len(wanted)
    with transaction.atomic():
        for key, waiting in positions_by_key.items():
            for _attempt in range(1000):
                last = _upsert_serial(site, key, step=len(waiting))
                serials = range(last - len(waiting) + 1, last + 1)
                candidates = {rules.render(scheme, wanted[position][0], serial): position for position, serial in zip(waiting, serials, strict=True)}
                taken = set(IssuedIndexNumber.objects.filter(site=site, number__in=list(candidates)).values_list("number", flat=True))
                for number, position in candidates.items():
                    if number not in taken:
                        numbers[position] = number
                waiting = [position for number, position in candidates.items() if number in taken]
                if not waiting:
                    break
            else:
                raise RuntimeError("Could not find free index numbers after 1000 attempts")
        IssuedIndexNumber.objects.bulk_create(
            IssuedIndexNumber(site=site, number=number, translation_key=translation_key)
            for number, (_parts, translation_key) in zip(numbers, wanted, strict=True)
        )
    return numbers


def register_legacy_index_numbers(site, scheme_settings, legacy):
    """``register_legacy_index_number`` for ``legacy``, ``{number: translation_key}``, at once. Returns the numbers
    another entry already holds (not registered: their rows cannot be imported)."""
    legacy = {number.strip(): translation_key for number, translation_key in legacy.items()}
    holders = dict(IssuedIndexNumber.objects.filter(site=site, number__in=list(legacy)).values_list("number", "translation_key"))
    in_use = {number for number, holder in holders.items() if holder != legacy[number]}
    floors = {}  # sequence key → the highest serial of the legacy numbers in the site's scheme
    for number in legacy.keys() - in_use:
        parsed = rules.parse(scheme_settings.index_number_scheme, number)
        if parsed:
            key = "*" if scheme_settings.serial_per_site else parsed[0]
            floors[key] = max(floors.get(key, 0), parsed[1])
    with transaction.atomic():
        IssuedIndexNumber.objects.bulk_create(
            IssuedIndexNumber(site=site, number=number, translation_key=translation_key, origin=IssuedIndexNumber.Origin.IMPORTED)
            for number, translation_key in legacy.items()
            if number not in holders
        )
        for key, floor in floors.items():
            _upsert_serial(site, key, floor=floor)
    return in_use


def link_issued_numbers(pages):
    """Link the registry's numbers issued before ``pages`` had ids to them, in one statement."""
    pages = [page for page in pages if page.index_number]
    if not pages:
        return
    IssuedIndexNumber.objects.filter(page__isnull=True, translation_key__in=[page.translation_key for page in pages]).update(
        page_id=models.Case(*(models.When(translation_key=page.translation_key, then=models.Value(page.pk)) for page in pages))
    )
