import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from civac.tenancy.models import Workspace
from civac.tenancy.roles import Role
from civac.tenancy.services import WORKSPACE_SETTINGS_FIELDS

TIME_ZONE_CHOICES = [("UTC", "UTC")] + [
    (name, name) for name in sorted(zoneinfo.available_timezones()) if "/" in name and not name.startswith("Etc/")
]


class WorkspaceForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("time zone"), choices=TIME_ZONE_CHOICES, initial="Europe/Berlin")

    class Meta:
        model = Workspace
        fields = WORKSPACE_SETTINGS_FIELDS


class WorkspaceCreateForm(WorkspaceForm):
    class Meta(WorkspaceForm.Meta):
        fields = ["slug", *WORKSPACE_SETTINGS_FIELDS]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("", _("Choose a role"))] + [choice for choice in Role.choices if choice[0] != Role.PARTNER_STAFF],
    )
