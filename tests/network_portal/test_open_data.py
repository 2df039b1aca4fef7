"""Every section's open data in one shape: the JSON is an array of objects valid against the
section's published JSON schema (``?format=schema``), and the CSV has the schema's columns."""

import csv
import io
import json

import jsonschema
import pytest

from tests.events.factories import EventFactory
from tests.goodpractice.factories import GPMemberFactory, PracticeFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

LISTS = {
    "members": "/cs/clenove/",
    "good-practice": "/cs/dobra-praxe/",
    "events": "/cs/akce/",
    "projects": "/cs/projekty/",
}


@pytest.fixture
def records():
    member = GPMemberFactory(name="Tachov", slug="tachov", latitude=49.79, longitude=12.63)
    PracticeFactory(title_cs="Pocitová mapa", members=[member])
    EventFactory(hosts=[member])
    ProjectFactory()


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("name", LISTS)
def test_json_export_is_valid_against_its_published_schema(client, records, name):
    schema_response = client.get(LISTS[name] + "export.json", {"format": "schema"})
    assert schema_response["Content-Type"].startswith("application/json")
    schema = json.loads(schema_response.content)
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads(_body(client.get(LISTS[name] + "export.json")))
    assert data, name
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    header = next(
        csv.reader(io.StringIO(_body(client.get(LISTS[name] + "export.csv")).decode("utf-8-sig")))
    )
    assert header == list(schema["items"]["properties"])


@pytest.mark.parametrize("name", LISTS)
def test_list_links_its_schema(client, records, name):
    html = client.get(LISTS[name]).content.decode()
    assert f'href="{LISTS[name]}export.json?format=schema"' in html
