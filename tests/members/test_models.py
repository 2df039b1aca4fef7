"""The register's rules: IČO, ratings, roles, Czech ordering and diacritics-free search."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from members.models import Member, Rating, Role, ico_with_check_digit, rating_label, validate_ico
from tests.factories import MemberFactory, RatingFactory, RoleFactory


@pytest.mark.parametrize("ico", ["00260231", "70891508", "44992785", "00064581"])
def test_real_icos_are_valid(ico):
    """The IČOs of Tachov, Liberecký kraj, Brno and Praha pass the mod-11 check."""
    validate_ico(ico)


@pytest.mark.parametrize("ico", ["00260232", "1234567", "abcdefgh", "002602311"])
def test_bad_icos_are_refused(ico):
    """A wrong check digit, a wrong length or letters are refused with a clear message."""
    with pytest.raises(ValidationError) as caught:
        validate_ico(ico)
    assert "IČO" in caught.value.messages[0]


def test_generated_icos_are_valid():
    """The check-digit helper used by the factories and the generator makes valid IČOs."""
    for number in range(1_000_000, 1_000_200):
        validate_ico(ico_with_check_digit(number))


@pytest.mark.django_db
def test_one_rating_per_member_and_year():
    """The database refuses a second rating of a member for the same year."""
    rating = RatingFactory(year=2024)
    with pytest.raises(IntegrityError):
        Rating.objects.create(member=rating.member, year=2024, category="B")


def test_rating_labels():
    """Stars become asterisks: C with one star is C*."""
    assert rating_label("C", 1) == "C*"
    assert rating_label("A", 0) == "A"
    assert rating_label(None) == ""


@pytest.mark.django_db
def test_current_roles_exclude_past_and_future():
    """Only roles held today are current."""
    today = date.today()
    current = RoleFactory(start=today - timedelta(days=10))
    RoleFactory(member=current.member, start=today - timedelta(days=900), end=today - timedelta(1))
    RoleFactory(member=current.member, start=today + timedelta(days=5))
    assert list(Role.objects.current()) == [current]


@pytest.mark.django_db
def test_czech_alphabetical_order():
    """ "ch" sorts after "h" and "Č" after "C", as in a Czech dictionary."""
    for name in ["Chrudim", "Cheb", "Hradec Králové", "Česká Lípa", "Cvikov", "Žatec", "Zlín"]:
        MemberFactory(name=name, slug=name.lower().replace(" ", "-"))
    assert list(Member.objects.values_list("name", flat=True)) == [
        "Cvikov",
        "Česká Lípa",
        "Hradec Králové",
        "Cheb",
        "Chrudim",
        "Zlín",
        "Žatec",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "found"),
    [("plzen", "Plzeň"), ("usti", "Ústí nad Labem"), ("ÚSTÍ", "Ústí nad Labem"), ("zeň", "Plzeň")],
)
def test_search_ignores_diacritics_and_case(text, found):
    """ "plzen" finds Plzeň and "usti" finds Ústí nad Labem."""
    MemberFactory(name="Plzeň", slug="plzen")
    MemberFactory(name="Ústí nad Labem", slug="usti-nad-labem")
    MemberFactory(name="Tachov", slug="tachov")
    assert list(Member.objects.search(text).values_list("name", flat=True)) == [found]


@pytest.mark.django_db
def test_current_rating_is_the_latest_year():
    """The current MA21 category is the one of the latest rated year."""
    rating = RatingFactory(year=2022, category="D")
    RatingFactory(member=rating.member, year=2024, category="B", stars=1)
    member = Member.objects.with_current_rating().get(pk=rating.member.pk)
    assert (member.current_category, member.current_stars, member.current_rating_year) == (
        "B",
        1,
        2024,
    )


@pytest.mark.django_db
def test_history_keeps_both_languages():
    """History is registered after modeltranslation, so it records both descriptions."""
    member = MemberFactory(description_cs="Česky", description_en="English")
    record = member.history.latest()
    assert (record.description_cs, record.description_en) == ("Česky", "English")
