import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _czech():
    """reverse() outside a request follows the active language: start every test in Czech."""
    with translation.override("cs"):
        yield
