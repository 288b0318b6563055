"""Forms of the internal audit pages; choices are built in ``__init__``, inside the request's workspace."""

from django import forms
from django.utils.translation import gettext_lazy as _

from civac.accounts.models import User
from civac.tenancy.models import Membership
from isms.models import AuditChecklistItem, AuditFinding, AuditProgramme, CatalogueControl
from isms.services.audits import clause_choices

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


def member_choices(field: forms.ModelChoiceField) -> None:
    field.queryset = User.objects.filter(pk__in=Membership.objects.values("user_id")).order_by("email")
    field.label_from_instance = lambda user: f"{user.get_full_name()} <{user.email}>".strip()


class ProgrammeForm(forms.Form):
    year = forms.IntegerField(label=_("Year"))
    objectives = forms.CharField(label=_("Objectives"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    method = forms.CharField(label=_("Method and responsibilities"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))


class AuditForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Audit programme"), queryset=AuditProgramme.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    scope = forms.CharField(label=_("Scope"), widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("Areas, locations, processes and systems the audit covers."))
    criteria = forms.CharField(label=_("Audit criteria"), widget=forms.Textarea(attrs={"rows": 2}),
                               help_text=_("For example ISO/IEC 27001:2022 clauses 4 to 10 and the policies in force."))
    auditee = forms.ModelChoiceField(label=_("Responsible for the audited area"), queryset=User.objects.none(),
                                     required=False,
                                     help_text=_("A member named here cannot audit this area without a recorded "
                                                 "reason."))
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE_INPUT)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = AuditProgramme.objects.all()
        member_choices(self.fields["auditee"])
        if editing:
            del self.fields["programme"]


class AuditorForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Workspace member"), queryset=User.objects.none(), required=False)
    external_name = forms.CharField(label=_("or external auditor"), max_length=200, required=False,
                                    help_text=_("Name and firm of an auditor who is not a member."))
    is_lead = forms.BooleanField(label=_("Lead auditor"), required=False)
    own_area = forms.BooleanField(label=_("Audits an area they are responsible for"), required=False)
    impartiality_reason = forms.CharField(
        label=_("Reason despite own area"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the auditor audits their own area: why objectivity is still ensured."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        member_choices(self.fields["member"])


class ChecklistForm(forms.Form):
    clauses = forms.MultipleChoiceField(label=_("Clauses 4 to 10"), required=False,
                                        widget=forms.CheckboxSelectMultiple)
    controls = forms.ModelMultipleChoiceField(label=_("Annex A controls"), required=False,
                                              queryset=CatalogueControl.objects.none(),
                                              widget=forms.SelectMultiple(attrs={"size": 12}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clauses"].choices = clause_choices()
        self.fields["controls"].queryset = CatalogueControl.objects.filter(is_current=True)


class ChecklistItemForm(forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=AuditChecklistItem.Result.choices)
    notes = forms.CharField(label=_("Audit notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FindingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AuditFinding.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    statement = forms.CharField(label=_("Statement"), widget=forms.Textarea(attrs={"rows": 3}),
                                help_text=_("What was found, against which requirement."))
    evidence_note = forms.CharField(label=_("Audit evidence"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}),
                                    help_text=_("Documents seen, interviews, samples; upload files on the finding."))
    checklist_item = forms.ModelChoiceField(label=_("Requirement"), required=False,
                                            queryset=AuditChecklistItem.objects.none())

    def __init__(self, *args, audit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checklist_item"].queryset = AuditChecklistItem.objects.filter(audit=audit)


class CompleteForm(forms.Form):
    conclusion = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 4}),
                                 help_text=_("Whether the ISMS conforms and is effectively implemented and "
                                             "maintained in the audited scope."))
