"""What a page type says about its own fields, read by the gate, the pre-scan and the listing.

A page class (and each mixin of it) may declare, as tuples of field names:

* ``derived_fields``: fields its ``save()`` fills in from other fields, the tree or the live state
  (a publication deadline, the listing columns). They are not content: a confidentiality review does
  not cover them, and they are left out of the content fingerprint.
* ``internal_fields``: fields the public never sees (internal notes, the reason for not disclosing
  an internal record). They are not scanned for sensitive data before publication.

Declarations add up along the class hierarchy, so a mixin declares its own fields and a subclass
only what it adds; no generic module ever names one page type's fields.

A page type may say which other content an approval of its live row can have been given for, with a
classmethod ``reviewed_content_variants(data)`` yielding serialised data (the catalogue: a live row
whose 发布日期 was filled in at first publication was reviewed with an empty one).

A model that pages point at and whose text they show (an organisation's name, a topic's path) says
which of its values the public sees, with ``displayed_fields`` (attribute names) or a classmethod
``displayed_values(ids) -> {pk: [values]}``; when other objects show its values too (a topic's
children show its name in their path), a method ``displayed_by_ids()`` lists them. Those values are
part of every gated page's reviewed content that uses the object, and the gate refuses to change them
while a live gated page shows them.
"""

import functools


@functools.cache
def declared_fields(model, attribute):
    """The union of ``attribute`` over ``model``'s classes (each class's own declaration only)."""
    names = set()
    for klass in model.__mro__:
        names.update(klass.__dict__.get(attribute, ()))
    return frozenset(names)


def derived_fields(model):
    return declared_fields(model, "derived_fields")


def internal_fields(model):
    return declared_fields(model, "internal_fields")


def displayed_values(model, ids):
    """{pk: [values]} that pages show of the ``model`` objects ``ids`` (see the module docstring)."""
    custom = getattr(model, "displayed_values", None)
    if custom is not None:
        return custom(ids)
    names = getattr(model, "displayed_fields", ())
    return {row[0]: list(row[1:]) for row in model._default_manager.filter(pk__in=ids).values_list("pk", *names)}


def shows_values(model):
    return hasattr(model, "displayed_values") or bool(getattr(model, "displayed_fields", ()))
