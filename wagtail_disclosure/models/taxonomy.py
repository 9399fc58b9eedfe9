"""Classifications of catalogue entries: 主题分类 (a tree), 体裁分类 and 服务对象分类."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Classification(models.Model):
    name = models.CharField(_("name"), max_length=100)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    # What disclosure pages show of it (page_declarations): part of their reviewed content.
    displayed_fields = ("name",)

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Topic(Classification):
    """主题分类. Entries are filed under a topic at any level, typically a leaf (e.g. 科技、教育 › 教育)."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent topic"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta(Classification.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="wagtail_disclosure_topic_unique_name"),
        ]

    MAX_DEPTH = 4

    @classmethod
    def displayed_values(cls, ids):
        """Pages show a topic's whole path (科技、教育 › 教育): renaming or moving an ancestor changes it."""
        topics = cls.objects.filter(pk__in=ids).select_related(*["__".join(["parent"] * depth) for depth in range(1, cls.MAX_DEPTH)])
        return {topic.pk: [topic.full_name] for topic in topics}

    def displayed_by_ids(self):
        """The topics whose shown path holds this topic's name: itself and every topic below it."""
        ids, frontier = {self.pk}, [self.pk]
        while frontier:
            frontier = [pk for pk in Topic.objects.filter(parent_id__in=frontier).values_list("pk", flat=True) if pk not in ids]
            ids.update(frontier)
        return ids

    def ancestors(self):
        chain, node, seen = [], self, set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    @property
    def full_name(self):
        return " › ".join(topic.name for topic in self.ancestors())

    # The public site writes the path as gov.cn does (科技、教育\教育), on the page and in the JSON alike.
    PUBLIC_SEPARATOR = "\\"

    @property
    def public_name(self):
        return self.PUBLIC_SEPARATOR.join(topic.name for topic in self.ancestors())

    def __str__(self):
        return self.full_name

    def clean(self):
        super().clean()
        node, depth = self.parent, 1
        while node is not None:
            if self.pk and node.pk == self.pk:
                raise ValidationError({"parent": _("A topic cannot be placed under itself or one of its sub-topics.")})
            depth += 1
            node = node.parent
        if depth > self.MAX_DEPTH:
            raise ValidationError({"parent": _("Topics can be nested at most %(depth)s levels deep.") % {"depth": self.MAX_DEPTH}})


def topic_tree(topics):
    """``[(topic, depth), …]`` in tree order: each topic followed by its sub-topics (by sort order, name).

    A topic whose parent is not among ``topics`` is placed at the top level. Sets each topic's parent
    from ``topics`` so that ``full_name`` costs no query.
    """
    topics = sorted(topics, key=lambda topic: (topic.sort_order, topic.name, topic.pk))
    by_pk = {topic.pk: topic for topic in topics}
    children = {}
    for topic in topics:
        if topic.parent_id in by_pk:
            topic._state.fields_cache["parent"] = by_pk[topic.parent_id]
        children.setdefault(topic.parent_id if topic.parent_id in by_pk else None, []).append(topic)
    tree, seen = [], set()

    def walk(parent_pk, depth):
        for topic in children.get(parent_pk, []):
            if topic.pk not in seen:
                seen.add(topic.pk)
                tree.append((topic, depth))
                walk(topic.pk, depth + 1)

    walk(None, 0)
    return tree


class Genre(Classification):
    """体裁分类 (e.g. 通知, 公告, 规划)."""

    class Meta(Classification.Meta):
        verbose_name = _("genre")
        verbose_name_plural = _("genres")
        constraints = [models.UniqueConstraint(fields=["name"], name="wagtail_disclosure_genre_unique_name")]


class ServiceAudience(Classification):
    """服务对象分类 (e.g. 公众, 企业)."""

    class Meta(Classification.Meta):
        verbose_name = _("service audience")
        verbose_name_plural = _("service audiences")
        constraints = [models.UniqueConstraint(fields=["name"], name="wagtail_disclosure_audience_unique_name")]
