"""Admin change lists that stay quick at tens of thousands of rows (issue 25): a page of 50
rows, no second count of the whole table, the row's action checkbox drawn in one step (Django
renders a form widget through the template engine for each of the rows), the rows' links
reversed once per list instead of once per row (:func:`row_url`), and the rows drawn by
:func:`result_rows`: Django's markup, with what Django works out again for every cell (how a
column is looked up, its classes, its empty value, the link's preserved filters, which Django
finds by resolving each row's URL) worked out once per column."""

import datetime
import functools
import re
from dataclasses import dataclass

from django.contrib.admin import helpers
from django.contrib.admin.templatetags.admin_list import ResultList, _coerce_field_name, results
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName,
    _get_non_gfk_field,
    display_for_field,
    display_for_value,
)
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.functional import Promise
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

_STAND_IN = 987654321
_PLAIN = re.compile(r"[-\w]+", re.ASCII)  # what reverse() puts into a URL unchanged
_PLAIN_PATH = re.compile(r"[-\w/]+", re.ASCII)  # a path without a query, parameters or fragment


@functools.lru_cache(maxsize=256)
def _pattern(name: str, count: int, language: str, prefix: str) -> str:
    return reverse(name, args=[_STAND_IN + number for number in range(count)])


def row_url(name: str, *args: int | str) -> str:
    """``reverse(name, args=args)`` for ids and slugs, from the URL reversed once per name,
    language and script prefix with stand-in numbers (which every id and slug pattern takes)."""
    if not all(isinstance(arg, int) or _PLAIN.fullmatch(arg) for arg in args):
        return reverse(name, args=args)
    url = _pattern(name, len(args), get_language(), get_script_prefix())
    if not args:
        return url
    # One pass over the reversed URL: a value is never searched for a later stand-in.
    stand_ins = {str(_STAND_IN + number): str(arg) for number, arg in enumerate(args)}
    return re.sub("|".join(stand_ins), lambda found: stand_ins[found[0]], url)


class QuickChangeList(ChangeList):
    def url_for_result(self, result):
        pk = getattr(result, self.pk_attname)
        if not isinstance(pk, int) or self.model_admin.admin_site.name != "admin":
            return super().url_for_result(result)
        return row_url(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", pk)


@dataclass(frozen=True)
class _Column:
    name: str
    field: models.Field | None  # a model field, shown by display_for_field
    method: object  # the admin's method, called with the row (field is None then)
    classes: str  # the cell's classes but "nowrap", which a date value adds
    empty: str
    boolean: bool
    link: bool  # the first link column opens the row
    tag: str  # th for the first linked column, else td
    choices: dict | None = None  # a field's choices, looked up once per list, not per cell


def _columns(cl) -> list[_Column] | None:
    """How each column of the list is shown, worked out as ``items_for_result`` works it out
    for every cell; None where a column is looked up in a way only Django's code follows (a
    property, a callable, a method of the model, a relation path)."""
    admin = cl.model_admin
    links = cl.list_display_links
    empty = admin.get_empty_value_display()
    columns, first = [], True
    for index, name in enumerate(cl.list_display):
        if not isinstance(name, str):
            return None
        try:
            field = _get_non_gfk_field(cl.lookup_opts, name)
        except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
            field = None
        if field is None and (name == "__str__" or not hasattr(admin, name)):
            return None
        if field is not None and field.auto_created:
            return None
        method = None if field is not None else getattr(admin, name)
        classes = f"field-{_coerce_field_name(name, index)}"
        if name == "action_checkbox" and field is None:
            classes = "action-checkbox"
        elif isinstance(field, (models.DateField, models.TimeField, models.ForeignKey)):
            classes += " nowrap"
        link = links is not None and ((first and not links) or name in links)
        try:
            choices = dict(field.flatchoices) if getattr(field, "flatchoices", None) else None
        except TypeError:  # choices of lists, which Django makes hashable for each cell
            return None
        columns.append(
            _Column(
                name=name,
                field=field,
                method=method,
                classes=classes,
                empty=getattr(method, "empty_value_display", empty),
                boolean=getattr(method, "boolean", False),
                link=link,
                tag="th" if link and first else "td",
                choices=choices,
            )
        )
        first = first and not link
    return columns


def _cell(column: _Column, row) -> tuple[str, str]:
    """The cell's content (safe or to be escaped) and its classes, as Django draws them. A
    translated label is translated once here; Django compares it with each empty value and
    escapes it, translating it each time."""
    if column.field is None:
        try:
            value = column.method(row)
        except ObjectDoesNotExist:
            return column.empty, column.classes
        if isinstance(value, Promise):
            value = str(value)
        if isinstance(value, str) and value.strip() == "":
            value = ""
        shown = display_for_value(value, column.empty, column.boolean)
        if isinstance(value, (datetime.date, datetime.time)):
            return shown, column.classes + " nowrap"
        return shown, column.classes
    try:
        value = getattr(row, column.name)
    except ObjectDoesNotExist:
        return column.empty, column.classes
    if isinstance(value, str) and value.strip() == "":
        value = ""
    if column.choices is not None:
        shown = column.choices.get(value, column.empty)
        return (str(shown) if isinstance(shown, Promise) else shown), column.classes
    if isinstance(column.field.remote_field, models.ManyToOneRel):
        return (column.empty if value is None else value), column.classes
    return display_for_field(value, column.field, column.empty, avoid_link=column.link), (
        column.classes
    )


def result_rows(cl) -> list[ResultList]:
    """The rows of a change list as ``admin_list.results`` draws them, each row one piece of
    markup. Lists with editable columns, and columns looked up in other ways, are Django's."""
    columns = None if cl.formset else _columns(cl)
    if columns is None:
        return list(results(cl))
    context = {"preserved_filters": cl.preserved_filters, "opts": cl.opts}
    query = None  # the preserved filters, the same for every row's link
    rows = []
    for row in cl.result_list:
        cells = []
        for column in columns:
            shown, classes = _cell(column, row)
            shown = conditional_escape(shown)
            if column.link:
                try:
                    url = cl.url_for_result(row)
                except NoReverseMatch:
                    pass
                else:
                    plain = _PLAIN_PATH.fullmatch(url)
                    if plain and query is not None:
                        linked = url + query
                    else:
                        linked = add_preserved_filters(context, url)
                        if plain and linked.startswith(url):
                            query = linked[len(url) :]
                    popup = ""
                    if cl.is_popup:
                        value = row.serializable_value(cl.to_field or cl.lookup_opts.pk.attname)
                        popup = format_html(' data-popup-opener="{}"', value)
                    shown = format_html('<a href="{}"{}>{}</a>', linked, popup, shown)
            cells.append(f'<{column.tag} class="{classes}">{shown}</{column.tag}>')
        rows.append(ResultList(None, [mark_safe("".join(cells))]))  # noqa: S308 - escaped above
    return rows


class QuickListMixin:
    list_per_page = 50
    show_full_result_count = False
    change_list_template = "admin/quick_change_list.html"

    def get_changelist(self, request, **kwargs):
        return QuickChangeList

    def action_checkbox(self, obj):
        """Django's markup (``ModelAdmin.action_checkbox``), without a widget per row."""
        label = _("Select this object for an action - {}").format(escape(str(obj)))
        return mark_safe(  # noqa: S308 - the row's name and id escaped, the label translated
            f'<input type="checkbox" name="{helpers.ACTION_CHECKBOX_NAME}" '
            f'value="{escape(obj.pk)}" class="action-select" aria-label="{label}">'
        )
