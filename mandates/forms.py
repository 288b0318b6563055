from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from civac.tenancy.models import Membership, Partner
from mandates.models import Mandate, OnboardingQuery, TimeEntry
from mandates.services.lifecycle import TERM_FIELDS
from officers.models import Appointment

User = get_user_model()
_DATE = forms.DateInput(attrs={"type": "date"})


class MandateForm(forms.ModelForm):
    class Meta:
        model = Mandate
        fields = ["partner", *TERM_FIELDS]
        widgets = {"starts_on": _DATE, "ends_on": _DATE, "dpa_signed_on": _DATE,
                   **{name: forms.Textarea(attrs={"rows": 2}) for name in [
                       "scope", "deliverables", "substitution_rules", "significance_criteria", "access_rights",
                       "handover_arrangement"]}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built here, inside the request's workspace context, so only this workspace's appointments are offered.
        self.fields["appointment"].queryset = Appointment.objects.select_related("officer", "role")
        self.fields["partner"].queryset = Partner.objects.all()
        if self.instance.pk:
            del self.fields["partner"]


class MandateSignForm(forms.Form):
    confirmed_sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)
    confirm = forms.BooleanField(label=_("I have read the terms and sign the mandate as a member of management."))
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput, strip=False)
    otp_code = forms.CharField(label=_("Code from your authenticator app"), required=False, max_length=10,
                               help_text=_("Needed if you use two-factor authentication."))


class MandateEndForm(forms.Form):
    ends_on = forms.DateField(label=_("Last day of the mandate"), widget=_DATE)


class TimeEntryForm(forms.ModelForm):
    class Meta:
        model = TimeEntry
        fields = ["worked_on", "minutes", "description"]
        widgets = {"worked_on": _DATE}


class QueryForm(forms.ModelForm):
    class Meta:
        model = OnboardingQuery
        fields = ["question", "addressee", "due_on"]
        widgets = {"due_on": _DATE, "question": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built inside the request's workspace context: only this workspace's members are offered.
        addressee = self.fields["addressee"]
        addressee.queryset = User.objects.filter(pk__in=Membership.objects.values("user_id")).order_by("email")
        addressee.label_from_instance = lambda user: f"{user.get_full_name()} <{user.email}>".strip()


class QueryAnswerForm(forms.Form):
    answer = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)
