from django import forms
from django.utils.translation import gettext_lazy as _

from officers.models import Appointment, CompanyProfile, Officer, Qualification, RoleCatalogueEntry


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
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput, strip=False)
    otp_code = forms.CharField(label=_("Code from your authenticator app"), required=False, max_length=10,
                               help_text=_("Needed if you use two-factor authentication."),
                               widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))


EVIDENCE_SIGNATURES = {b"%PDF-": "PDF", b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


class QualificationForm(forms.ModelForm):
    def clean_evidence(self):
        """Accept PDF, PNG and JPEG files up to 10 MB, judged by their content, not their name."""
        evidence = self.cleaned_data.get("evidence")
        if not evidence or not hasattr(evidence, "read"):
            return evidence
        if evidence.size > MAX_EVIDENCE_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB; upload a smaller scan."), code="too_large")
        head = evidence.read(16)
        evidence.seek(0)
        if not any(head.startswith(signature) for signature in EVIDENCE_SIGNATURES):
            raise forms.ValidationError(_("Upload the evidence as PDF, PNG or JPEG."), code="invalid_type")
        return evidence

    class Meta:
        model = Qualification
        fields = ["kind", "title", "issuer", "issued_on", "expires_on", "evidence"]
        widgets = {"issued_on": forms.DateInput(attrs={"type": "date"}),
                   "expires_on": forms.DateInput(attrs={"type": "date"})}


class EndForm(forms.Form):
    ends_on = forms.DateField(label=_("Last day of the appointment"), widget=forms.DateInput(attrs={"type": "date"}))


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason for revocation"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ReissueForm(forms.Form):
    starts_on = forms.DateField(label=_("Start of the new appointment"),
                                widget=forms.DateInput(attrs={"type": "date"}))


class VerifyUploadForm(forms.Form):
    document = forms.FileField(label=_("Certificate PDF to compare"))


class CompanyProfileForm(forms.ModelForm):
    class Meta:
        model = CompanyProfile
        exclude = ["id", "workspace", "created_at", "updated_at"]
