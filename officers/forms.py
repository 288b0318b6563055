from django import forms
from django.utils.translation import gettext_lazy as _

from officers.models import Appointment, Officer, RoleCatalogueEntry


class OfficerForm(forms.ModelForm):
    class Meta:
        model = Officer
        fields = ["first_name", "last_name", "email", "phone", "employer_kind", "employer_name"]


class AppointmentForm(forms.ModelForm):
    class Meta:
        model = Appointment
        fields = ["role", "officer", "deputy", "starts_on", "ends_on", "scope", "reporting_line",
                  "is_external", "conflict_of_interest_declaration"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "scope": forms.Textarea(attrs={"rows": 3}),
            "conflict_of_interest_declaration": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Querysets are built here, inside the request's workspace context,
        # so the choices hold only this workspace's officers.
        self.fields["role"].queryset = RoleCatalogueEntry.objects.filter(is_current=True)
        self.fields["officer"].queryset = Officer.objects.all()
        self.fields["deputy"].queryset = Officer.objects.all()
        self.fields["role"].label_from_instance = lambda entry: entry.name


class SignForm(forms.Form):
    confirmed_sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)
    confirm = forms.BooleanField(
        label=_("I have read the certificate and sign it as a member of management."), required=True
    )
