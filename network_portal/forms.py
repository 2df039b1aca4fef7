from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from network_portal.text import CleanCharFormField


class AccessibilityReportForm(forms.Form):
    """A report of an accessibility problem, as law 99/2019 Sb. asks public bodies to accept.

    The text is e-mailed, not stored, so the fields clean it themselves (network_portal.text).
    """

    page_url = CleanCharFormField(
        label=_("Page with the problem"),
        max_length=500,
        required=False,
        help_text=_("The address of the page, or a description of where the problem is."),
    )
    description = CleanCharFormField(
        label=_("What is the problem?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )
    name = CleanCharFormField(label=_("Your name"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("Your e-mail"),
        required=False,
        help_text=_("Fill it in if you would like an answer."),
    )


class SiteSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the portal"),
        max_length=200,
        required=False,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class HoneypotMixin(forms.Form):
    """A spam trap for public forms: a field hidden from everybody (hidden, aria-hidden, never
    focusable); only a robot that fills every field puts something in it. A view answers a
    robot as if it had succeeded (``is_spam``), so it learns nothing."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class LongSelect(forms.Select):
    """A single choice among thousands (every member municipality), drawn in one pass: Django
    renders a template per option, which for 2,000 members costs more than the whole page.
    The same markup as ``forms.Select`` (no option groups).

    The options of a model choice are drawn once and shared (``pagecache.shared``: kept until
    a write to a table their query read), then the chosen ones marked."""

    def _options(self) -> str:
        return format_html_join(
            "", '<option value="{}">{}</option>', ((str(v), label) for v, label in self.choices)
        )

    def render(self, name, value, attrs=None, renderer=None):
        from network_portal import pagecache

        choices = self.choices
        if isinstance(choices, ModelChoiceIterator):
            field = choices.field
            options = pagecache.shared(
                "long-select",
                self._options,
                str(choices.queryset.query),
                field.empty_label,
                f"{type(field).__module__}.{type(field).__qualname__}",
            )
        else:
            options = self._options()
        for item in {str(item) for item in self.format_value(value)}:
            option = format_html('<option value="{}">', item)
            # Safe: markup made by format_html, with a word added inside one of its tags.
            options = mark_safe(options.replace(option, option[:-1] + " selected>", 1))  # noqa: S308
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            options,
        )
