"""The load scenario of ``manage.py load_test`` (make bench), for locust.

Visitors browse every section and search; coordinators log in and edit their member's page;
people register for events. The addresses come from the JSON file named by BENCH_TARGETS,
written by the command from the benchmark database. Every request is named after its page
kind, so locust reports latency per kind; anything but a success or a redirect is a failure.
"""

from __future__ import annotations

import json
import os
import random
import re
import uuid
from html.parser import HTMLParser

from locust import HttpUser, between, task

TARGETS = json.loads(open(os.environ["BENCH_TARGETS"]).read())  # noqa: SIM115
SEARCH_WORDS = ["zdraví", "doprava", "škola", "participace", "klima", "senioři", "voda"]


class FormReader(HTMLParser):
    """The fields of the first form posting to ``action`` (the page itself when the form has
    no action), as a browser would submit them; the header's logout form is not it."""

    def __init__(self, action: str):
        super().__init__()
        self.action = action
        self.fields: dict[str, list[str]] = {}
        self.checkboxes: dict[str, list[str]] = {}
        self._in_form = self._done = False
        self._textarea = self._select = None
        self._select_first = None

    def _add(self, name, value):
        self.fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if (
            tag == "form"
            and not self._done
            and (attrs.get("method") or "").lower() == "post"
            and (attrs.get("action") or self.action) == self.action
        ):
            self._in_form = True
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                self.checkboxes.setdefault(name, []).append(attrs.get("value", "on"))
                if "checked" in attrs:
                    self._add(name, attrs.get("value", "on"))
            elif kind not in ("submit", "button", "file", "reset", "image"):
                self._add(name, attrs.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")
        elif tag == "select" and name:
            self._select, self._select_first = name, None
            self._select_multiple = "multiple" in attrs
            self._select_chosen = False
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in attrs:
                self._add(self._select, value)
                self._select_chosen = True

    def handle_endtag(self, tag):
        if tag == "form" and self._in_form:
            self._in_form, self._done = False, True
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            # A browser submits the first option of a single choice nothing is selected in.
            if not self._select_multiple and not self._select_chosen and self._select_first:
                self._add(self._select, self._select_first)
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea][-1] += data


def _errors(html: str) -> str:
    """The form's error messages, to say why a save was refused."""
    found = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
    return " | ".join(re.sub(r"<[^>]+>", " ", item).strip() for item in found)[:300]


def read_form(html: str, action: str) -> FormReader:
    reader = FormReader(action)
    reader.feed(html)
    return reader


class PortalUser(HttpUser):
    abstract = True

    def page(self, url: str, kind: str):
        with self.client.get(url, name=kind, catch_response=True) as response:
            if response.status_code >= 400:
                response.failure(f"HTTP {response.status_code}")
            return response


class Visitor(PortalUser):
    """Someone reading the portal: every section, records, search, in both languages."""

    weight = 8
    wait_time = between(0.5, 2)

    def on_start(self):
        self.language = random.choice(["cs", "cs", "cs", "en"])

    def _pick(self, key: str):
        return random.choice(TARGETS[self.language][key])

    @task(3)
    def home(self):
        self.page(f"/{self.language}/", "home")

    @task(3)
    def members_list(self):
        self.page(self._pick("members_list"), "members list")

    @task(3)
    def member_profile(self):
        self.page(self._pick("member"), "member profile")

    @task(3)
    def practice_list(self):
        self.page(self._pick("practices_list"), "good practice list")

    @task(3)
    def practice_search(self):
        url = self._pick("practices_list")
        self.page(f"{url}?q={random.choice(SEARCH_WORDS)}", "good practice search")

    @task(3)
    def practice(self):
        self.page(self._pick("practice"), "good practice record")

    @task(2)
    def events_list(self):
        self.page(self._pick("events_list"), "events list")

    @task(2)
    def event(self):
        self.page(self._pick("event"), "event page")

    @task(1)
    def projects(self):
        self.page(self._pick("projects_list"), "projects list")
        if TARGETS[self.language]["project"]:
            self.page(self._pick("project"), "project page")

    @task(1)
    def news(self):
        self.page(self._pick("news_list"), "news list")
        if TARGETS[self.language]["article"]:
            self.page(self._pick("article"), "news article")

    @task(2)
    def site_search(self):
        self.page(f"{self._pick('search')}?q={random.choice(SEARCH_WORDS)}", "site search")


class Coordinator(PortalUser):
    """A coordinator logs in, opens their member's edit page and saves a change."""

    weight = 1
    wait_time = between(2, 5)

    def on_start(self):
        account = random.choice(TARGETS["coordinators"])
        self.edit_url = account["edit"]
        response = self.page(TARGETS["login"], "login form")
        form = read_form(response.text, TARGETS["login"])
        data = {name: values[0] for name, values in form.fields.items()}
        data.update(login=account["email"], password=TARGETS["password"])
        with self.client.post(
            TARGETS["login"], data=data, name="login", catch_response=True, allow_redirects=False
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"login answered {answer.status_code}")

    @task
    def edit_member(self):
        response = self.page(self.edit_url, "member edit form")
        if response.status_code != 200:
            return
        form = read_form(response.text, self.edit_url)
        data = dict(form.fields)
        for name in [n for n in data if n.startswith("description")][:1]:
            data[name] = [f"Popis upravený při zátěžovém testu {uuid.uuid4().hex[:8]}."]
        with self.client.post(
            self.edit_url, data=data, name="member edit save", catch_response=True,
            allow_redirects=False,
        ) as answer:  # fmt: skip
            if answer.status_code != 302:
                answer.failure(f"save answered {answer.status_code}: {_errors(answer.text)}")


class Registrant(PortalUser):
    """Someone registers for an event with places (the first part offered)."""

    weight = 1
    wait_time = between(2, 5)

    @task
    def register(self):
        url = random.choice(TARGETS["registration"])
        response = self.page(url, "registration form")
        if response.status_code != 200:
            return
        form = read_form(response.text, url)
        data = dict(form.fields)
        token = uuid.uuid4().hex[:10]
        data.update(
            name=[f"Zátěžová Osoba {token}"],
            email=[f"zatez-{token}@example.org"],
            privacy=["on"],
            website=[""],
        )
        for name, values in form.checkboxes.items():
            if name.startswith("part") and name not in data:
                data[name] = [values[0]]
        with self.client.post(
            url, data=data, name="registration save", catch_response=True, allow_redirects=False
        ) as answer:
            # A registration answers with the "check your e-mail" page (a redirect only for
            # someone logged in with the address); the form again means it was refused.
            sent = answer.status_code == 200 and 'class="confirmation-panel"' in answer.text
            if answer.status_code != 302 and not sent:
                answer.failure(
                    f"registration answered {answer.status_code}: {_errors(answer.text)}"
                )
