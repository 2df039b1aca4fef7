import simple_history
from modeltranslation.translator import TranslationOptions, register

from projects.models import Funder, Project, ProjectPartner


@register(Funder)
class FunderTranslationOptions(TranslationOptions):
    fields = ("name", "acknowledgement")
    # Publicity rules ask for the acknowledgement in the language of the page: both are needed.
    required_languages = {"cs": ("name", "acknowledgement"), "en": ("acknowledgement",)}


@register(Project)
class ProjectTranslationOptions(TranslationOptions):
    fields = (
        "name",
        "summary",
        "description",
        "lead_organisation",
        "programme",
        "programme_operator",
    )
    required_languages = {"cs": ("name", "summary", "lead_organisation")}


@register(ProjectPartner)
class ProjectPartnerTranslationOptions(TranslationOptions):
    fields = ("role",)


# Registered after the translation fields exist, so that the history records both languages.
simple_history.register(Funder)
simple_history.register(
    Project,
    excluded_fields=["search_cs", "search_en"],
    m2m_fields=["goals", "target_groups", "topics", "funders"],
)
