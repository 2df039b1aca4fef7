from django import forms
from django.utils.translation import gettext_lazy as _

from members.forms import https_urls
from network_portal.uploads import ImageUploadField
from projects.models import Funder, Project, ProjectPartner


class FunderAdminForm(forms.ModelForm):
    logo_upload = ImageUploadField(label=_("New logo (colour)"), required=False)
    logo_mono_upload = ImageUploadField(label=_("New logo (monochrome)"), required=False)

    class Meta:
        model = Funder
        formfield_callback = https_urls
        # The stored logos are replaced only through the upload fields (validated, re-encoded).
        fields = ["name", "slug", "acknowledgement", "url"]


class ProjectAdminForm(forms.ModelForm):
    class Meta:
        model = Project
        formfield_callback = https_urls
        fields = ["name", "website"]  # the admin's fieldsets choose the rest


class PartnerAdminForm(forms.ModelForm):
    class Meta:
        model = ProjectPartner
        formfield_callback = https_urls
        fields = ["member", "organisation_name", "country", "website", "role", "position"]
