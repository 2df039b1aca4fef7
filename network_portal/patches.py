"""Fixes for faults in Django itself, installed once from ``NetworkPortalConfig.ready``.

Autocomplete widgets of the admin and a value that is not a key: a change form posted with
``member=abc`` (or a number beyond the column's range) is invalid, and the admin shows the form
again with the error – but drawing the autocomplete select filters the related model by the
posted value, which raises ``ValueError``/``DataError`` and turns a bad request into a 500
(``AutocompleteMixin.optgroups``, every ``autocomplete_fields`` of every admin). The selected
values are therefore reduced to the ones the key field accepts before the widget looks them up:
a posted value that is not a key simply shows as nothing selected, next to the form's error.
"""

import functools

from django.contrib.admin.widgets import AutocompleteMixin
from django.core.exceptions import ValidationError


def _valid_keys(widget, values) -> list:
    remote = widget.field.remote_field
    opts = remote.model._meta
    key_field = opts.get_field(getattr(remote, "field_name", None) or opts.pk.attname)
    valid = []
    for value in values:
        try:
            key_field.run_validators(key_field.to_python(value))
        except (ValidationError, TypeError, ValueError):
            continue
        valid.append(value)
    return valid


def install() -> None:
    if getattr(AutocompleteMixin.optgroups, "portal_patched", False):
        return
    optgroups = AutocompleteMixin.optgroups

    @functools.wraps(optgroups)
    def keys_only_optgroups(self, name, value, attr=None):
        return optgroups(self, name, _valid_keys(self, value), attr)

    keys_only_optgroups.portal_patched = True
    AutocompleteMixin.optgroups = keys_only_optgroups
