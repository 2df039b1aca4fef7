"""Hostile input to every form and every list: never a server error.

The forms are found from the URL table (url_roles): each URL marked ``post`` is opened as
every role that reaches it, the forms its page shows are read from the HTML, and each is sent
back with hostile values: overlong text, NUL and other control characters, wrong types
(text in numbers, dates and choices), negative and huge numbers, repeated parameters, files
where text belongs, and raw bodies in invalid UTF-8. Every list, feed, export and search
(``listing`` in the table) gets the same in its query string, with every parameter its page's
filter form shows. The admin's add and change forms and changelists get them as staff.
Values are a fixed list, so a failure repeats.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import clear_url_caches, reverse
from django.utils import translation

from tests.network_portal import url_roles
from tests.network_portal.test_url_roles import (
    REACHES,
    Check,
    _admin_object,
    _request,
    checks,
    urlconf_serving_media,
)
from tests.network_portal.url_roles import OK, ROLES, URLS

pytestmark = pytest.mark.django_db

OVERLONG = "Žluťoučký kůň " * 4_300  # 60,200 characters: beyond any field's limit
CONTROL = "a\x00b\x01c\x08\x0b\x0c\x1b[31m\x7f\x85\u2028\u202e\ufeff\uffffz"
HUGE_NUMBER = "99999999999999999999999999999999"
# Every field gets each of these, all fields at once.
FORM_VALUES = [
    OVERLONG,
    CONTROL,
    "",
    "   ",
    "abc",
    "-1",
    "-" + HUGE_NUMBER,
    HUGE_NUMBER,
    "1e999",
    "NaN",
    "0x1F",
    "2024-02-30",
    "0000-00-00T25:61",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../../etc/passwd",
    "{{ 7|add:7 }}%(x)s{0}",
    "\U0001f600" * 300,
    ["1", "abc", "-1", "", "\x00"],
    [str(number) for number in range(200)],
]
# The admin's forms are large: every field at once, with fewer values.
ADMIN_FORM_VALUES = [OVERLONG, CONTROL, "abc", "-" + HUGE_NUMBER, ["1", "abc", "\x00"]]
# One field at a time, the others left as the page filled them.
FIELD_VALUES = [OVERLONG, "-" + HUGE_NUMBER, ["abc", "-1", "\x00"]]
# The same form again as another role: one value of each kind (the form's parsing was fuzzed
# with all of them; what differs is the role's way through the view).
ROLE_VALUES = [OVERLONG, CONTROL, "-" + HUGE_NUMBER, "2024-02-30", ["1", "abc", "-1", "", "\x00"]]
QUERY_VALUES = [
    OVERLONG[:5000],
    CONTROL,
    "",
    "abc",
    "-1",
    "0",
    HUGE_NUMBER,
    "-" + HUGE_NUMBER,
    "1e999",
    "NaN",
    "2024-02-30",
    "%",
    "'\"\\;--",
    ["a", "b", "\x00", "-1"] * 50,
]
INVALID_UTF8 = b"\xff\xfe\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x28\x8c\xbc\xed\xa0\x80"


# --- reading the forms of a page ------------------------------------------------------------
@dataclass
class FormField:
    name: str
    kind: str  # the input type, "select", "select-multiple" or "textarea"
    values: list[str] = field(default_factory=list)  # what the page filled in
    attrs: dict[str, str] = field(default_factory=dict)  # of the (first) element


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, FormField] = field(default_factory=dict)

    def filled(self) -> dict[str, list[str]]:
        return {name: list(f.values) for name, f in self.fields.items() if f.kind != "file"}


class FormParser(HTMLParser):
    """The forms of a page with their fields and the values the page put in them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: FormField | None = None
        self._option: str | None = None
        self._textarea: FormField | None = None

    def _field(self, name, kind, attrs) -> FormField | None:
        if not self.forms or not name:
            return None
        return self.forms[-1].fields.setdefault(name, FormField(name, kind, attrs=attrs))

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.forms.append(Form(attrs.get("action", ""), attrs.get("method", "get").lower()))
        elif tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            found = self._field(attrs.get("name"), kind, attrs)
            if found is None:
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    found.values.append(attrs.get("value", "on"))
            else:
                found.values.append(attrs.get("value", ""))
        elif tag == "select":
            kind = "select-multiple" if "multiple" in attrs else "select"
            self._select = self._field(attrs.get("name"), kind, attrs)
        elif tag == "option" and self._select is not None:
            if "selected" in attrs:
                self._select.values.append(attrs.get("value", ""))
        elif tag == "textarea":
            self._textarea = self._field(attrs.get("name"), "textarea", attrs)
            if self._textarea is not None:
                self._textarea.values.append("")

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.values[-1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def page_forms(html: str, path: str, method: str) -> list[Form]:
    """The forms of the page at ``path`` that send ``method`` back to that page."""
    parser = FormParser()
    parser.feed(html)
    return [
        form
        for form in parser.forms
        if form.method == method and urlsplit(form.action).path in ("", path)
    ]


# --- sending hostile values -------------------------------------------------------------------
@dataclass
class Fuzzer:
    """Sends requests and remembers every one that failed with a server error."""

    errors: list[str] = field(default_factory=list)
    count: int = 0

    def send(self, client, url: str, label: str, *, data=None, body=None, content_type=None):
        self.count += 1
        try:
            if body is not None:
                response = _request_raw(client, url, body, content_type)
            elif data is None:
                response = _request(client, Check("", label, url, {}))
            else:
                response = _request(client, Check("", label, url, {}, "post", data))
        except Exception as error:  # the test client re-raises what the view raised
            summary = traceback.format_exception_only(error)[-1].strip()
            self.errors.append(f"  {url} [{label}]: {summary[:300]}")
            return None
        if response.status_code >= 500:
            self.errors.append(f"  {url} [{label}]: status {response.status_code}")
        return response

    def report(self) -> str:
        return f"{len(self.errors)} of {self.count} hostile requests failed:\n" + "\n".join(
            self.errors[:80]
        )


def _request_raw(client, url, body, content_type):
    from django.db import transaction

    with transaction.atomic(), translation.override(translation.get_language()):
        response = client.generic("POST", url, body, content_type=content_type)
        transaction.set_rollback(True)
    return response


def _value_label(value) -> str:
    if isinstance(value, list):
        return f"{len(value)} repeated values"
    return repr(value[:20]) + (f"… ({len(value)} characters)" if len(value) > 20 else "")


def _multipart(fields: dict[str, list[str]]) -> tuple[bytes, str]:
    """A multipart body by hand: invalid UTF-8 in every value, a file where text belongs."""
    boundary = "fuzzBOUNDARY7MA4YWxk"
    parts = []
    for name in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + INVALID_UTF8
            + b"\r\n"
        )
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '.encode()
            + b'filename="\xff\xfe.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n'
        )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def fuzz_form(
    fuzzer: Fuzzer, client, url: str, form: Form, *, values=FORM_VALUES, per_field=True, raw="all"
):
    """``values`` in every field at once, with ``per_field`` each field alone too, files, and
    raw bodies: ``raw`` "all", "invalid utf-8" (that one only) or "none"."""
    filled = form.filled()
    names = [name for name in form.fields if name != "csrfmiddlewaretoken"]
    files = [name for name, f in form.fields.items() if f.kind == "file"]
    for value in values:
        data = {**filled, **dict.fromkeys(names, value)}
        fuzzer.send(client, url, f"every field {_value_label(value)}", data=data)
    if per_field:
        for name in names:
            for value in FIELD_VALUES:
                data = {**filled, name: value}
                fuzzer.send(client, url, f"{name}={_value_label(value)}", data=data)
    # Files: text where a file belongs, a file where text belongs, a file that is not one.
    for name in files:
        upload = SimpleUploadedFile("x.pdf", b"not a pdf \x00\xff", "application/pdf")
        fuzzer.send(client, url, f"{name}: not a file", data={**filled, name: "text"})
        fuzzer.send(client, url, f"{name}: bad file", data={**filled, name: upload})
    for name in names[:3]:
        upload = SimpleUploadedFile("\x00..\\x.txt", b"\xff" * 100, "text/plain")
        fuzzer.send(client, url, f"file in {name}", data={**filled, name: upload})
    body, content_type = _multipart({name: [] for name in names} or {"x": []})
    fuzzer.send(client, url, "multipart invalid UTF-8", body=body, content_type=content_type)
    if raw == "none":
        return
    # Raw bodies: invalid UTF-8, a declared charset nobody reads, JSON, an empty body.
    encoded = b"&".join(name.encode() + b"=" + INVALID_UTF8 for name in names) or INVALID_UTF8
    form_type = "application/x-www-form-urlencoded"
    fuzzer.send(client, url, "invalid UTF-8", body=encoded, content_type=form_type)
    if raw == "invalid utf-8":
        return
    fuzzer.send(client, url, "latin-1", body=encoded, content_type=f"{form_type}; charset=latin-1")
    fuzzer.send(client, url, "charset x", body=encoded, content_type=f"{form_type}; charset=x-nope")
    fuzzer.send(
        client, url, "json", body=b'{"a": [1, {"b": null}]}', content_type="application/json"
    )
    fuzzer.send(client, url, "empty", body=b"", content_type=form_type)


def fuzz_query(
    fuzzer: Fuzzer, client, url: str, params: list[str], *, values=QUERY_VALUES, per_param=True
):
    for value in values:
        query = urlencode(dict.fromkeys(params, value), doseq=True)
        fuzzer.send(client, f"{url}?{query}", f"every parameter {_value_label(value)}")
    if per_param:
        for name in params:
            for value in (OVERLONG[:5000], ["x", "\x00", HUGE_NUMBER] * 50):
                query = urlencode({name: value}, doseq=True)
                fuzzer.send(client, f"{url}?{query}", f"{name}={_value_label(value)}")
    # Bytes that are not UTF-8, percent-encoded and raw.
    fuzzer.send(client, f"{url}?{params[0]}=%FF%FE%C3%28&page=%00", "invalid UTF-8")


# --- the tests ---------------------------------------------------------------------------------
def _walked():
    urlconf = urlconf_serving_media()
    with override_settings(ROOT_URLCONF=urlconf):
        clear_url_caches()
        yield list(url_roles.walk())
    clear_url_caches()


def _site_patterns(patterns, attribute) -> Iterator:
    for pattern in patterns:
        entry = URLS.get(pattern.key)
        if entry is not None and getattr(entry, attribute):
            yield pattern


@pytest.fixture
def patterns():
    with translation.override("cs"):
        yield from _walked()


def test_every_form_survives_hostile_values(world, clients, patterns):
    """Each form of each POST URL, as each role that reaches it: no server error. A form is
    sent every value (and each field alone) once; the same form shown to another role gets
    one value of each kind."""
    fuzzer = Fuzzer()
    forms_sent = 0
    fuzzed = set()  # (URL, field names) of the forms sent every value
    for check in checks(list(_site_patterns(patterns, "post")), world):
        path = urlsplit(check.url).path
        for role in ROLES:
            if check.method != "get" or check.expect[role] not in REACHES:
                continue
            client = clients[role]
            response = _request(client, check)
            forms = []
            if check.expect[role] == OK:
                forms = page_forms(response.content.decode(), path, "post")
            if not forms:
                # No form on the page (it redirects, or only POST answers): post blind.
                forms = [Form(path, "post", {"action": FormField("action", "text", ["x"])})]
            for form in forms:
                forms_sent += 1
                shape = (check.url, frozenset(form.fields))
                if shape in fuzzed:
                    fuzz_form(
                        fuzzer,
                        client,
                        check.url,
                        form,
                        values=ROLE_VALUES,
                        per_field=False,
                        raw="invalid utf-8",
                    )
                    continue
                fuzzed.add(shape)
                fuzz_form(fuzzer, client, check.url, form)
    assert forms_sent >= 25
    assert not fuzzer.errors, fuzzer.report()


def _section(key: str) -> str:
    return key.split(":")[0]


def _list_params(world, clients, patterns) -> dict[str, set[str]]:
    """Each section's list parameters: the GET forms of its list pages, and the table's own."""
    params: dict[str, set[str]] = {}
    for check in checks(list(_site_patterns(patterns, "listing")), world):
        found = params.setdefault(_section(check.key), {"q", "page", "sort"})
        found |= set(URLS[check.key].params)
        response = _request(clients["anonymous"], check)
        if response.status_code == 200 and not response.streaming:
            path = urlsplit(check.url).path
            for form in page_forms(response.content.decode(), path, "get"):
                found |= set(form.fields)
    return params


def test_every_list_and_search_survives_hostile_query_strings(world, clients, patterns):
    """Every list, feed, export and search with hostile values in every filter parameter
    of its section (one at a time on the list pages themselves)."""
    params = _list_params(world, clients, patterns)
    assert {"q", "page", "region", "topic"} <= set().union(*params.values()), params
    fuzzer = Fuzzer()
    for check in checks(list(_site_patterns(patterns, "listing")), world):
        url = check.url.split("?")[0]
        names = sorted(params[_section(check.key)])
        is_page = check.key.endswith(":list") or check.key == "search"
        fuzz_query(fuzzer, clients["anonymous"], url, names, per_param=is_page)
        fuzz_query(fuzzer, clients["staff"], url, names, values=QUERY_VALUES[:3], per_param=False)
    assert fuzzer.count > 400
    assert not fuzzer.errors, fuzzer.report()


ADMIN_QUERY_VALUES = [CONTROL, "abc", HUGE_NUMBER, ["1", "abc", "\x00"] * 20]
ADMIN_QUERY = ["q", "o", "p", "e", "all", "_popup", "_to_field", "id__exact", "pk__in"]


def test_every_admin_form_and_changelist_survives_hostile_values(world, clients):
    """As staff: each model's changelist (search, order, page, filters) and its add and
    change forms with hostile values in every field."""
    fuzzer = Fuzzer()
    staff = clients["staff"]
    with translation.override("cs"):
        for model_admin in admin.site._registry.values():
            opts = model_admin.model._meta
            changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            response = _request(staff, Check("", "changelist", changelist, {}))
            params = list(ADMIN_QUERY)
            if response.status_code == 200:
                for form in page_forms(response.content.decode(), changelist, "get"):
                    params += list(form.fields)
                params += [f.name for f in opts.get_fields() if f.concrete][:8]
            fuzz_query(
                fuzzer,
                staff,
                changelist,
                sorted(set(params)),
                values=ADMIN_QUERY_VALUES,
                per_param=False,
            )
            record = _admin_object(model_admin, world)
            for view, url in (
                ("add", reverse(f"admin:{opts.app_label}_{opts.model_name}_add")),
                (
                    "change",
                    reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_change",
                        kwargs={"object_id": record.pk},
                    ),
                ),
            ):
                response = _request(staff, Check("", view, url, {}))
                if response.status_code != 200:
                    continue
                for form in page_forms(response.content.decode(), urlsplit(url).path, "post"):
                    fuzz_form(
                        fuzzer,
                        staff,
                        url,
                        form,
                        values=ADMIN_FORM_VALUES,
                        per_field=False,
                        raw="none",
                    )
    assert not fuzzer.errors, fuzzer.report()


@pytest.mark.parametrize("value", ["abc", HUGE_NUMBER, "-1", "\x00"])
def test_an_autocomplete_field_with_a_value_that_is_no_key_is_a_form_error(world, clients, value):
    """Regression: the admin's autocomplete widget looked the posted value up and answered
    500 (ValueError, or DataError past the column's range); now the form shows its error."""
    with translation.override("cs"):
        url = reverse("admin:members_role_add")
    response = clients["staff"].post(url, {"member": value, "person": value, "kind": "mayor"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["member"]
