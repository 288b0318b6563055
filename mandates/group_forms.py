from django import forms
from django.utils.translation import gettext_lazy as _

from civac.tenancy.models import Workspace
from mandates.services.groups import MAX_NAME_LENGTH, administered_workspace_ids


class GroupCreateForm(forms.Form):
    name = forms.CharField(label=_("Name of the corporate group"), max_length=MAX_NAME_LENGTH)


class SubsidiaryAddForm(forms.Form):
    workspace = forms.ModelChoiceField(label=_("Workspace"), queryset=Workspace.objects.none(),
                                       help_text=_("Only workspaces where you are workspace admin are offered."))

    def __init__(self, *args, user, group, **kwargs):
        super().__init__(*args, **kwargs)
        # Validation accepts every workspace the user administers, so the service can name
        # the exact problem (the parent itself, a member twice); the list offers only sensible ones.
        field = self.fields["workspace"]
        field.queryset = Workspace.objects.filter(pk__in=administered_workspace_ids(user)).order_by("legal_name")
        offered = field.queryset.exclude(pk=group.parent_id).exclude(pk__in=group.subsidiaries.values("pk"))
        field.widget.choices = [("", "---------")] + [(str(ws.pk), ws.legal_name) for ws in offered]
