from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from reporting.models import ManagementReview


class ReportRequestForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int,
                                     choices=[(number, f"Q{number}") for number in range(1, 5)])


class ReleaseForm(forms.Form):
    recipients = forms.ModelMultipleChoiceField(label=_("Management members who receive the report"),
                                                queryset=get_user_model().objects.none(),
                                                widget=forms.CheckboxSelectMultiple)
    confirmed_sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        from reporting.services.delivery import management_members

        super().__init__(*args, **kwargs)
        # Only management of the active workspace; a posted id of anyone else is "not a valid choice".
        user_ids = management_members().values_list("user_id", flat=True)
        self.fields["recipients"].queryset = get_user_model().objects.filter(pk__in=list(user_ids))
        self.fields["recipients"].label_from_instance = lambda user: user.get_full_name() or user.email


class AcknowledgeForm(forms.Form):
    comment = forms.CharField(label=_("Comment or decision (optional)"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(forms.ModelForm):
    class Meta:
        model = ManagementReview
        fields = ["title", "held_on", "participants", "input_notes", "outputs", "decisions"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "participants": forms.Textarea(attrs={"rows": 2}),
                   "input_notes": forms.Textarea(attrs={"rows": 4}),
                   "outputs": forms.Textarea(attrs={"rows": 4}),
                   "decisions": forms.Textarea(attrs={"rows": 4})}


class ApproveForm(forms.Form):
    confirmed_sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput, strip=False)
    otp_code = forms.CharField(label=_("Code from your authenticator app (if set up)"), required=False,
                               max_length=12)
