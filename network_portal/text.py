"""Stored text holds no control characters: the one rule, applied where every write passes.

:func:`clean_text` turns CR LF and lone CR into LF and removes every other control character
(C0 and C1 except tab and newline, DEL, the non-characters U+FFFE/U+FFFF and lone surrogates).
:class:`CleanCharField` (single-line text: titles, names) stores every line break – LF, CR,
NEL, U+2028, U+2029 – as a space; :class:`CleanTextField` keeps LF.
Such characters have no meaning in the portal's texts, break XML 1.0 (the RSS and Atom feeds
refuse them) and collide with the markers of the search snippets.

Why at the model field and not in the forms: the portal's models use :class:`CleanCharField`,
:class:`CleanTextField`, :class:`CleanEmailField` and :class:`CleanURLField`, whose
``to_python`` cleans. Django calls ``to_python`` both when a model is validated
(``full_clean``, which every ModelForm and the import-export resources run) and from
``get_prep_value``, i.e. for every value written to the database: ``save()``, ``create()``,
``bulk_create()``, ``update()``, the admin and its inlines, the site's forms, imports, services,
management commands and the history tables (which copy these fields). A form-level mechanism
would cover only the forms someone remembered to wire; this one covers every path that writes,
including the ones added later. Forms not bound to a model and whose text leaves the portal
(e-mailed reports) use :class:`CleanCharFormField`.

The fields deconstruct as Django's own fields: cleaning changes nothing in the database
schema, so migrations stay as they are and record plain ``models.CharField`` etc.

Output that must survive text stored before this rule (feeds, search snippets) cleans again
on the way out: see :mod:`network_portal.feeds` and ``goodpractice.listing``.
"""

from __future__ import annotations

import re

from django import forms
from django.db import models

# C0 controls except tab (\x09) and newline (\x0a), DEL and the C1 controls, the two
# non-characters XML forbids, and lone surrogates (which cannot even be encoded as UTF-8).
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def clean_text(value: str) -> str:
    """``value`` with line breaks as LF and no control characters other than tab and LF."""
    if not value:
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_CHARACTERS.sub("", value)


class CleanTextMixin:
    """For model fields holding text: the value is cleaned whenever Django converts it."""

    def to_python(self, value):
        value = super().to_python(value)
        return clean_text(value) if isinstance(value, str) else value

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        # Record the plain Django field: the cleaning has no effect on the schema.
        base = next(cls for cls in type(self).__mro__ if cls.__module__.startswith("django."))
        return name, f"django.db.models.{base.__name__}", args, kwargs


# Line breaks of every kind: CR LF, LF, CR, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR (and
# the vertical tab and form feed, which Python's splitlines() counts too).
_LINE_BREAKS = re.compile("\r\n|[\n\r\x0b\x0c\x85\u2028\u2029]")


def single_line(value: str) -> str:
    """``value`` with every line break as a space."""
    return _LINE_BREAKS.sub(" ", value) if value else value


class CleanCharField(CleanTextMixin, models.CharField):
    """Single-line text: a line break becomes a space, so a title or a name never breaks the
    formats that take one line (iCalendar, e-mail headers, CSV cells, ``<title>``)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = single_line(value)
        return super().to_python(value)


# What a text field of a form takes when its model field names no limit of its own: the
# database does not need one, but a request must not store megabytes in a description.
TEXT_MAX_LENGTH = 50_000


class CleanTextField(CleanTextMixin, models.TextField):
    """Long text; its forms (the site's and the admin's) accept at most ``max_length``
    characters, TEXT_MAX_LENGTH unless the field says otherwise. As with Django's TextField,
    the limit is the forms' (and the browser's ``maxlength``), not the column's."""

    def formfield(self, **kwargs):
        kwargs.setdefault("max_length", self.max_length or TEXT_MAX_LENGTH)
        return super().formfield(**kwargs)


class CleanEmailField(CleanTextMixin, models.EmailField):
    pass


class CleanURLField(CleanTextMixin, models.URLField):
    def formfield(self, **kwargs):
        # An address typed without a scheme ("www.tachov.cz") becomes https://, as browsers and
        # Django 6 assume.
        kwargs.setdefault("assume_scheme", "https")
        return super().formfield(**kwargs)


class CleanCharFormField(forms.CharField):
    """A form field for text that is not stored through a model (e.g. e-mailed)."""

    def to_python(self, value):
        value = super().to_python(value)
        return clean_text(value) if isinstance(value, str) else value
