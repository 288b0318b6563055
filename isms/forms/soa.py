"""Forms of the Statement of Applicability: entry, list filters and approval."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from civac.tenancy.models import Membership
from isms.models import ControlTheme, MeasureArea, SoAEntry


class SoAEntryForm(forms.Form):
    applicability = forms.ChoiceField(label=_("Applicability"), choices=SoAEntry.Applicability.choices,
                                      widget=forms.RadioSelect)
    inclusion_reason = forms.CharField(
        label=_("Reason for inclusion"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For an applicable control: why it is needed, for example a risk, a law or a contract."),
    )
    justification = forms.CharField(
        label=_("Justification for exclusion"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the control is not applicable."),
    )
    status = forms.ChoiceField(label=_("Implementation status"), choices=SoAEntry.Status.choices,
                               help_text=_("A control that is not applicable gets the status “not applicable”."))
    maturity = forms.TypedChoiceField(
        label=_("Maturity"), choices=[("", _("Not rated"))] + SoAEntry.Maturity.choices, coerce=int,
        empty_value=None, required=False,
        help_text=_("How reliably the control works, from 0 (not present) to 5 (continually improved)."),
    )
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=get_user_model().objects.none(), required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only members of the active workspace; Membership.objects is scoped to it.
        members = Membership.objects.values("user_id")
        self.fields["owner"].queryset = get_user_model().objects.filter(pk__in=members).order_by("email")


def _with_any(choices, label):
    return [("", label)] + list(choices)


class SoAFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    theme = forms.ChoiceField(label=_("Theme"), required=False, choices=_with_any(ControlTheme.choices, _("All")))
    status = forms.ChoiceField(label=_("Implementation status"), required=False,
                               choices=_with_any(SoAEntry.Status.choices, _("All")))
    applicability = forms.ChoiceField(label=_("Applicability"), required=False,
                                      choices=_with_any(SoAEntry.Applicability.choices, _("All")))
    area = forms.TypedChoiceField(label=_("§30 BSIG measure area"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        areas = [(area.number, f"{area.number}. {area.name}") for area in MeasureArea.objects.all()]
        self.fields["area"].choices = _with_any(areas, _("All"))


class ApproveForm(forms.Form):
    confirmed_digest = forms.CharField(widget=forms.HiddenInput, max_length=64)
    confirm = forms.BooleanField(
        label=_("I have reviewed the Statement of Applicability and approve it as a member of management."),
        required=True,
    )
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput, strip=False)
    otp_code = forms.CharField(label=_("Code from your authenticator app"), required=False, max_length=10,
                               help_text=_("Needed if you use two-factor authentication."),
                               widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))


class SoABulkForm(forms.Form):
    entries = forms.MultipleChoiceField(label=_("Controls"), required=False, widget=forms.CheckboxSelectMultiple)
    applicability = forms.ChoiceField(
        label=_("Applicability"), widget=forms.RadioSelect,
        choices=[choice for choice in SoAEntry.Applicability.choices
                 if choice[0] != SoAEntry.Applicability.UNDECIDED],
    )
    status = forms.ChoiceField(label=_("Implementation status"), choices=SoAEntry.Status.choices)
    inclusion_reason = forms.CharField(label=_("Reason for inclusion"), required=False, max_length=2000,
                                       widget=forms.Textarea(attrs={"rows": 2}),
                                       help_text=_("Leave empty to keep each control's own reason."))
    justification = forms.CharField(label=_("Justification for exclusion"), required=False, max_length=2000,
                                    widget=forms.Textarea(attrs={"rows": 2}),
                                    help_text=_("Required when the controls are not applicable and have none yet."))

    def __init__(self, *args, entry_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entries"].choices = [(str(entry_id), str(entry_id)) for entry_id in entry_ids]
