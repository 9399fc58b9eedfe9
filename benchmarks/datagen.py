"""Fast generation of a realistic catalogue on PostgreSQL (benchmark data only, never committed).

Creating 100,000 pages through Wagtail's ``add_child`` takes hours, so the entries are written
with ``COPY``: the treebeard path of the n-th child of the catalogue is the catalogue's path plus
the base-36, 4-character step ``n`` (``Page._get_path``), depth is the catalogue's plus one, and
the catalogue's ``numchild`` is raised at the end. Each entry gets the ``wagtailcore_page`` row,
the ``CatalogueEntryPage`` row, its ``IssuedIndexNumber`` and its ``CatalogueSearchGram`` rows
(grams of title, 发文字号 and 索引号, exactly as ``wagtail_disclosure.search`` writes them), and
the index number sequences are raised past the serials used.
"""

import datetime
import io
import random
import uuid
from collections import Counter, defaultdict

import vocabulary as vocab
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from example_site.home.models import HomePage
from wagtail_disclosure.models import (
    CatalogueEntryPage,
    CatalogueIndexPage,
    CatalogueSearchGram,
    Genre,
    IndexNumberSequence,
    IssuedIndexNumber,
    Organisation,
    ServiceAudience,
    Topic,
    get_working_day_calendar,
)
from wagtail_disclosure.models.index_numbers import _upsert_serial
from wagtail_disclosure.rules import index_numbers as index_number_rules
from wagtail_disclosure.rules import text_search as search
from wagtail_disclosure.rules.org_codes import USCC_ALPHABET, uscc_check_character
from wagtail_disclosure.rules.working_days import PROACTIVE_DISCLOSURE_WORKING_DAYS

FIRST_YEAR = 2008


def make_uscc(rng):
    body = "11" + "341702" + "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
    body = body[:17]
    return body + uscc_check_character(body)


def make_org_code9(rng):
    return "".join(rng.choice("0123456789") for _ in range(8)) + rng.choice("0123456789X")


def build_site(rng):
    """The county site: home page, a bare page, the catalogue, organisations and classifications."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="青山县人民政府", slug="qingshan"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home, "site_name": "青山县人民政府", "port": 80}
    )
    # The bare page: a plain wagtailcore Page next to the catalogue (same depth, same layout).
    bare = home.add_child(instance=Page(title="关于本网站", slug="bare"))
    catalogue = home.add_child(instance=CatalogueIndexPage(title="政府信息公开目录", slug="xxgk"))

    organisations = []
    for i, (name, prefix, weight) in enumerate(vocab.ORGANISATIONS):
        code = make_uscc(rng) if i % 3 else make_org_code9(rng)
        org = Organisation.objects.create(name=name, short_name=prefix, code=code, sort_order=i)
        organisations.append((org, prefix, weight))

    leaves = []
    for order, (name, children) in enumerate(vocab.TOPICS.items()):
        parent = Topic.objects.create(name=name, sort_order=order)
        if not children:
            leaves.append((parent, vocab.SUBJECTS[name]))
        for child_order, child in enumerate(children):
            leaves.append((Topic.objects.create(name=child, parent=parent, sort_order=child_order), vocab.SUBJECTS[child]))
    genres = {name: Genre.objects.create(name=name, sort_order=i) for i, name in enumerate(vocab.GENRES)}
    audiences = [ServiceAudience.objects.create(name=name, sort_order=i) for i, name in enumerate(vocab.AUDIENCES)]
    return bare, catalogue, organisations, leaves, genres, audiences


def _copy_rows(model, fields, rows):
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(name).column) for name in fields)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _copy_text(model, columns, text):
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            copy.write(text.encode())


def _copy_value(value):
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


class CatalogueGenerator:
    """Appends realistic entries below one catalogue; call ``generate(n)`` as often as needed."""

    def __init__(self, catalogue, organisations, leaves, genres, audiences, seed=2026):
        self.rng = random.Random(seed)
        self.catalogue = catalogue
        self.organisations = organisations
        self.org_weights = [weight for _org, _prefix, weight in organisations]
        self.leaves = leaves
        self.genres = genres
        self.audiences = audiences
        self.site = Site.objects.get(is_default_site=True)
        self.locale_id = Locale.get_default().pk
        self.content_type_id = ContentType.objects.get_for_model(CatalogueEntryPage).pk
        self.today = timezone.localdate()
        self.years = list(range(FIRST_YEAR, self.today.year + 1))
        # Catalogues grow: a recent year has about three times the entries of 2008.
        self.year_weights = [1 + 0.12 * (year - FIRST_YEAR) for year in self.years]
        self.index_serials = Counter()
        self.document_serials = Counter()
        self.calendar = get_working_day_calendar()
        self.deadlines = {}
        self.scheme = index_number_rules.DEFAULT_SCHEME
        self.page_fields = [f.attname for f in Page._meta.local_concrete_fields]
        self.entry_fields = [f.attname for f in CatalogueEntryPage._meta.local_concrete_fields]
        self.page_defaults = {f.attname: f.get_default() for f in Page._meta.local_concrete_fields}
        self.entry_defaults = {f.attname: f.get_default() for f in CatalogueEntryPage._meta.local_concrete_fields}
        self.titles = []  # kept to choose realistic search words

    def deadline(self, written):
        if written not in self.deadlines:
            self.deadlines[written] = self.calendar.add_working_days(written, PROACTIVE_DISCLOSURE_WORKING_DAYS).date
        return self.deadlines[written]

    def _entry_values(self):
        rng = self.rng
        org, prefix, _weight = rng.choices(self.organisations, self.org_weights)[0]
        year = rng.choices(self.years, self.year_weights)[0]
        start = datetime.date(year, 1, 1)
        end = min(datetime.date(year, 12, 31), self.today - datetime.timedelta(days=3))
        written = start + datetime.timedelta(days=rng.randrange((end - start).days + 1))
        # Most are published within the 20 working days, a few late.
        delay = rng.choice([0, 0, 1, 2, 3, 5, 7, 10, 14, 21, 28, 45])
        publish = min(written + datetime.timedelta(days=delay), self.today)
        topic, subjects = rng.choice(self.leaves)
        template = rng.choice(vocab.TITLE_TEMPLATES)
        subject = rng.choice(subjects)
        title = template.format(
            org=org.name,
            year=year,
            year2=year + 2,
            subject=subject,
            place=rng.choice(vocab.PLACES),
            project=rng.choice(vocab.PROJECTS),
            n=rng.randint(1, 30),
            half=rng.choice(["上半年", "下半年", "第一季度", "第三季度"]),
        )
        genre = next((g for name, g in self.genres.items() if title.endswith(name)), None) or rng.choice(list(self.genres.values()))
        self.index_serials[(org.pk, year)] += 1
        index_number = index_number_rules.render(
            self.scheme, index_number_rules.IndexNumberParts(org.code, year, written.month, written.day), self.index_serials[(org.pk, year)]
        )
        document_number = ""
        if rng.random() < 0.7:
            self.document_serials[(prefix, year)] += 1
            document_number = f"{prefix}〔{year}〕{self.document_serials[(prefix, year)]}号"
        roll = rng.random()
        attribute = "public" if roll < 0.94 else ("on_request" if roll < 0.98 else "withheld")
        roll = rng.random()
        validity = "valid" if roll < 0.9 else ("expired" if roll < 0.97 else "repealed")
        summary = f"为进一步做好{subject}工作，{org.name}{'印发' if '印发' in title else '发布'}本文件，现予以公开。"
        paragraph = f"<p>各乡镇人民政府，县直有关单位：为深入贯彻落实{subject}有关决策部署，结合我县实际，现就有关事项通知如下。</p>"
        return dict(
            org=org,
            year=year,
            written=written,
            publish=publish,
            topic=topic,
            genre=genre,
            title=title,
            subject=subject,
            index_number=index_number,
            document_number=document_number,
            attribute=attribute,
            validity=validity,
            summary=summary,
            body=paragraph * rng.randint(2, 8),
            live=rng.random() < 0.98,
        )

    def generate(self, count):
        """Append ``count`` entries (in one transaction) and return how long it took."""
        catalogue = Page.objects.get(pk=self.catalogue.pk)
        last = catalogue.get_last_child()
        first_position = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
        depth = catalogue.depth + 1
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence('wagtailcore_page', 'id')) FROM generate_series(1, %s)", [count])
            ids = [row[0] for row in cursor.fetchall()]
        page_rows, entry_rows, issued_rows = [], [], []
        gram_text = io.StringIO()
        now = timezone.now()
        for offset, page_id in enumerate(ids):
            v = self._entry_values()
            self.titles.append(v["title"])
            slug = f"{v['year']}-{page_id}"
            translation_key = uuid.uuid4()
            published_at = timezone.make_aware(datetime.datetime.combine(v["publish"], datetime.time(9, 30)))
            page = dict(
                self.page_defaults,
                id=page_id,
                path=Page._get_path(catalogue.path, depth, first_position + offset),
                depth=depth,
                numchild=0,
                translation_key=translation_key,
                locale_id=self.locale_id,
                live=v["live"],
                has_unpublished_changes=not v["live"],
                first_published_at=published_at if v["live"] else None,
                last_published_at=published_at if v["live"] else None,
                title=v["title"],
                draft_title=v["title"],
                slug=slug,
                content_type_id=self.content_type_id,
                url_path=f"{catalogue.url_path}{slug}/",
                seo_title="",
                search_description="",
                latest_revision_created_at=published_at,
            )
            page_rows.append([page[name] for name in self.page_fields])
            validity_changed_on = None
            if v["validity"] != "valid":
                validity_changed_on = min(v["written"] + datetime.timedelta(days=365 * 2), self.today)
            entry = dict(
                self.entry_defaults,
                page_ptr_id=page_id,
                index_number=v["index_number"],
                summary=v["summary"],
                written_date=v["written"],
                publish_date=v["publish"] if v["live"] else None,
                organisation_id=v["org"].pk,
                document_number=v["document_number"],
                topic_id=v["topic"].pk,
                genre_id=v["genre"].pk,
                audience_id=self.rng.choice(self.audiences).pk if self.rng.random() < 0.5 else None,
                keywords=f"{v['subject']} {v['genre'].name}",
                validity=v["validity"],
                validity_changed_on=validity_changed_on,
                disclosure_attribute=v["attribute"],
                non_disclosure_reason="" if v["attribute"] == "public" else "条例第十六条：过程性信息",
                body=v["body"],
                internal_notes="",
                publication_deadline=self.deadline(v["written"]),
                search_text=search.search_text_for(v["title"], v["document_number"], v["index_number"]),
            )
            entry_rows.append([entry[name] for name in self.entry_fields])
            issued_rows.append([self.site.pk, v["index_number"], translation_key, page_id, "allocated", now])
            grams = search.grams(v["title"]) | search.grams(v["document_number"]) | search.grams(v["index_number"])
            for gram in grams:
                gram_text.write(f"{page_id}\t{_copy_value(gram)}\n")
        with transaction.atomic():
            _copy_rows(Page, self.page_fields, page_rows)
            _copy_rows(CatalogueEntryPage, self.entry_fields, entry_rows)
            _copy_rows(IssuedIndexNumber, ["site_id", "number", "translation_key", "page_id", "origin", "issued_at"], issued_rows)
            _copy_text(CatalogueSearchGram, ["page_id", "gram"], gram_text.getvalue())
            Page.objects.filter(pk=catalogue.pk).update(numchild=catalogue.numchild + count)
            self._raise_sequences()
            self._index_for_wagtail_search(ids)
        return count

    def _index_for_wagtail_search(self, ids):
        """Wagtail's own search index (used by the admin), as saving each page would have filled it.

        It matters for the allocation benchmark: the PostgreSQL database backend recomputes the
        average title length over the whole index on every page save.
        """
        with connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO wagtailsearch_indexentry
                    (object_id, title_norm, content_type_id, autocomplete, title, body, title_text, body_text)
                SELECT p.id::text, 1.0, p.content_type_id, to_tsvector(p.title), setweight(to_tsvector(p.title), 'B'),
                       ''::tsvector, p.title, ''
                FROM wagtailcore_page p WHERE p.id = ANY(%s)
                """,
                [ids],
            )
            cursor.execute(
                """
                UPDATE wagtailsearch_indexentry SET title_norm = avg_length / length(title)
                FROM (SELECT avg(length(title)) AS avg_length FROM wagtailsearch_indexentry WHERE length(title) > 0) a
                WHERE length(title) > 0
                """
            )

    def _raise_sequences(self):
        maxima = defaultdict(int)
        for (org_id, year), serial in self.index_serials.items():
            org = next(o for o, _p, _w in self.organisations if o.pk == org_id)
            key = index_number_rules.sequence_key(self.scheme, index_number_rules.IndexNumberParts(org.code, year, 1, 1))
            maxima[key] = max(maxima[key], serial)
        for key, serial in maxima.items():
            _upsert_serial(self.site, key, floor=serial)


def analyze():
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def table_sizes():
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT relname, n_live_tup, pg_size_pretty(pg_total_relation_size(relid))
            FROM pg_stat_user_tables
            WHERE relname IN ('wagtailcore_page', 'wagtail_disclosure_catalogueentrypage',
                              'wagtail_disclosure_cataloguesearchgram', 'wagtail_disclosure_issuedindexnumber',
                              'wagtailsearch_indexentry')
            ORDER BY relname
            """
        )
        return cursor.fetchall()


__all__ = ["CatalogueGenerator", "IndexNumberSequence", "analyze", "build_site", "table_sizes"]
