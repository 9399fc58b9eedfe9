"""What a page type says about its own fields, read by the gate, the pre-scan and the listing.

A page class (and each mixin of it) may declare, as tuples of field names:

* ``derived_fields``: fields its ``save()`` fills in from other fields, the tree or the live state
  (a publication deadline, the listing columns). They are not content: a confidentiality review does
  not cover them, and they are left out of the content fingerprint.
* ``internal_fields``: fields the public never sees (internal notes, the reason for not disclosing
  an internal record). They are not scanned for sensitive data before publication.

Declarations add up along the class hierarchy, so a mixin declares its own fields and a subclass
only what it adds; no generic module ever names one page type's fields.
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
