"""Pictures the staff upload (a news article's main image, an example's first picture) show on
the cards of the lists and the home page: responsive, loaded lazily, with the staff's
description as the alternative text."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from goodpractice.models import PracticeImage
from network_portal.uploads import image_store
from tests.goodpractice.factories import PracticeFactory
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def stored_picture(folder):
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), (40, 120, 60)).save(buffer, "JPEG")
    return image_store(upload=SimpleUploadedFile("p.jpg", buffer.getvalue()), folder=folder)


def pictures(html):
    return [tag for tag in html.split("<img")[1:] if 'class="card-image"' in tag]


def test_news_and_examples_show_their_pictures_on_cards(client):
    ArticleFactory(
        image=stored_picture("news"),
        image_alt_cs="Starosta Tachova podepisuje přihlášku",
        image_alt_en="The mayor of Tachov signs the application",
    )
    practice = PracticeFactory()
    PracticeImage.objects.create(
        practice=practice, image=stored_picture("goodpractice/images"), alt="Pocitová mapa"
    )
    for path, alt in (
        ("/cs/aktuality/", "Starosta Tachova podepisuje přihlášku"),
        ("/en/news/", "The mayor of Tachov signs the application"),
        ("/cs/dobra-praxe/", "Pocitová mapa"),
        ("/cs/", "Starosta Tachova podepisuje přihlášku"),
        ("/cs/", "Pocitová mapa"),
    ):
        tags = pictures(client.get(path).content.decode())
        (tag,) = [tag for tag in tags if f'alt="{alt}"' in tag]
        assert 'loading="lazy"' in tag and "srcset=" in tag and " 800w" in tag, (path, tag)
