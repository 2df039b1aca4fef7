"""Article bodies are Markdown; nothing an editor types can run in a visitor's browser."""

from html.parser import HTMLParser

import pytest

from news.markup import render_markdown
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db

HOSTILE = """Úvod s **tučným** textem a [odkazem](https://www.zdravamesta.cz).

<script>alert("x")</script>

[klikni](javascript:alert(1)) a [data](data:text/html;base64,PHNjcmlwdD4=)

<img src="x" onerror="alert(1)">

<a href="https://example.org" onclick="alert(1)">odkaz</a>

<iframe src="https://evil.example"></iframe>

[pošta](mailto:info@zdravamesta.cz)
"""


class Elements(HTMLParser):
    """The tags and attributes a browser would build from the HTML (escaped text is text)."""

    def __init__(self, html):
        super().__init__()
        self.tags, self.attributes = set(), []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes += [(tag, name, value) for name, value in attrs]


def assert_harmless(html):
    found = Elements(html)
    assert not found.tags & {"script", "img", "iframe", "style", "object", "embed"}
    for tag, name, value in found.attributes:
        assert not name.startswith("on"), (tag, name)
        if name == "href":
            assert value.startswith(("https://", "http://", "mailto:")), value


def test_hostile_body_renders_harmless():
    html = str(render_markdown(HOSTILE))
    assert_harmless(html)
    assert "&lt;script&gt;" in html  # shown as text, never run
    assert "<strong>tučným</strong>" in html
    assert '<a href="https://www.zdravamesta.cz" rel="noopener">odkazem</a>' in html
    assert '<a href="mailto:info@zdravamesta.cz" rel="noopener">pošta</a>' in html


def test_article_page_shows_the_sanitised_body(client):
    article = ArticleFactory(slug="zla", body_cs=HOSTILE)
    html = client.get(article.get_absolute_url()).content.decode()
    body = html[html.index('class="prose"') : html.index("</article>")]
    assert_harmless(body)
    assert "<script>alert" not in body
    assert "<strong>tučným</strong>" in body


def test_headings_start_below_the_page_title():
    assert str(render_markdown("# Nadpis")) == "<h2>Nadpis</h2>\n"
