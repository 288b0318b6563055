"""Forms of the corrective action pages; choices are built in ``__init__``, inside the request's workspace."""

from django import forms
from django.utils.translation import gettext_lazy as _

from civac.accounts.models import User
from incidents.models import Incident
from isms.forms.audits import DATE_INPUT, member_choices
from isms.models import AuditFinding, EffectivenessCheck, Nonconformity


class NonconformityForm(forms.Form):
    source = forms.ChoiceField(label=_("Source"), choices=Nonconformity.Source.choices)
    finding = forms.ModelChoiceField(label=_("Audit finding"), required=False, queryset=AuditFinding.objects.none())
    incident = forms.ModelChoiceField(label=_("Incident"), required=False, queryset=Incident.objects.none())
    source_reference = forms.CharField(label=_("Source reference"), max_length=200, required=False,
                                       help_text=_("For a management review or another source: the meeting, date "
                                                   "or document."))
    title = forms.CharField(label=_("Title"), max_length=200, required=False,
                            help_text=_("Leave empty to take the finding's title."))
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("Leave empty to take the finding's statement."))
    immediate_correction = forms.CharField(label=_("Immediate correction"), required=False,
                                           widget=forms.Textarea(attrs={"rows": 2}))
    cause_analysis = forms.CharField(label=_("Cause analysis"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}),
                                     help_text=_("Why it happened, and whether it can occur elsewhere."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        finding = self.fields["finding"]
        finding.queryset = (AuditFinding.objects.filter(kind__in=AuditFinding.NONCONFORMITIES,
                                                        nonconformity__isnull=True)
                            .select_related("audit").order_by("-created_at"))
        finding.label_from_instance = lambda row: f"{row.audit.title}: {row.title} ({row.get_kind_display()})"
        self.fields["incident"].queryset = Incident.objects.order_by("-created_at")


class NonconformityEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))
    immediate_correction = forms.CharField(label=_("Immediate correction"), required=False,
                                           widget=forms.Textarea(attrs={"rows": 2}))
    cause_analysis = forms.CharField(label=_("Cause analysis"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))


class ActionForm(forms.Form):
    description = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none())
    due_on = forms.DateField(label=_("Due on"), widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        member_choices(self.fields["owner"])


class ActionDoneForm(forms.Form):
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}))


class EffectivenessForm(forms.Form):
    checked_by = forms.ModelChoiceField(label=_("Checked by"), queryset=User.objects.none())
    checked_on = forms.DateField(label=_("Checked on"), widget=DATE_INPUT)
    result = forms.ChoiceField(label=_("Result"), choices=EffectivenessCheck.Result.choices)
    notes = forms.CharField(label=_("How it was checked"), widget=forms.Textarea(attrs={"rows": 2}),
                            help_text=_("Method, samples and what they showed; upload evidence on the check."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        member_choices(self.fields["checked_by"])


class RegisterFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All"))] + Nonconformity.Status.choices)
    source = forms.ChoiceField(label=_("Source"), required=False,
                               choices=[("", _("All"))] + Nonconformity.Source.choices)
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {"status": self.cleaned_data["status"], "source": self.cleaned_data["source"],
                "overdue": self.cleaned_data["overdue"]}
