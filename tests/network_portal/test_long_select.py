"""The long select (every member municipality): the options drawn once and shared until a
write to the members, the chosen option marked, the markup of a plain select."""

from unittest import mock

import pytest
from django import forms

from members.models import Member
from network_portal.forms import LongSelect
from tests.goodpractice.factories import GPMemberFactory

pytestmark = pytest.mark.pagecache


class MemberForm(forms.Form):
    member = forms.ModelChoiceField(
        queryset=Member.objects.public().only("pk", "name").order_by("name"),
        required=False,
        empty_label="—",
        widget=LongSelect,
    )


@pytest.mark.django_db
def test_options_are_shared_marked_and_never_stale():
    first = GPMemberFactory(name="Zdravé Pardubice")
    html = str(MemberForm()["member"])
    assert '<option value="" selected>—</option>' in html  # as forms.Select marks it
    assert f'<option value="{first.pk}">Zdravé Pardubice</option>' in html

    with mock.patch.object(
        LongSelect, "_options", wraps=LongSelect._options, autospec=True
    ) as drawn:
        chosen = str(MemberForm(initial={"member": first.pk})["member"])
        assert not drawn.called  # shared with the first rendering
    assert f'<option value="{first.pk}" selected>Zdravé Pardubice</option>' in chosen
    assert chosen.count(" selected") == 1

    second = GPMemberFactory(name="Zdravý Tábor")
    html = str(MemberForm()["member"])
    assert f'<option value="{second.pk}">Zdravý Tábor</option>' in html
    assert html.count(" selected") == 1
