from django import forms
from django.utils.translation import gettext_lazy as _

from civac.accounts.models import User
from civac.tenancy.models import Membership
from isms.models import Task


class TaskForm(forms.ModelForm):
    """Parses the input; the task services check it, so the rules live in one place."""

    class Meta:
        model = Task
        fields = ["title", "description", "owner", "due_on", "cadence", "interval", "rrule", "evidence_required"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built here, inside the request's workspace context, so only this workspace's members are offered.
        owner = self.fields["owner"]
        owner.queryset = User.objects.filter(pk__in=Membership.objects.values("user_id")).order_by("email")
        owner.label_from_instance = lambda user: f"{user.get_full_name()} <{user.email}>".strip()
        owner.empty_label = _("Unassigned: remind the workspace's officers")

    def _post_clean(self):
        # Model validation would repeat the services' checks with less precise messages.
        pass


class TaskCompleteForm(forms.Form):
    note = forms.CharField(label=_("Completion note"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("What was done, what was found; shown in the completion history."))
