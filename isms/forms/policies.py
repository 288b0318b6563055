from django import forms
from django.utils.translation import gettext_lazy as _

from civac.accounts.models import User
from civac.tenancy.models import Membership
from civac.tenancy.roles import Role
from isms.models import Policy
from isms.services.policies import CONFIRMATION_ROLES


def _members():
    # Built inside the request's workspace context, so only this workspace's members are offered.
    return User.objects.filter(pk__in=Membership.objects.values("user_id")).order_by("last_name", "email")


class PolicyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Policy.Kind.choices)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none())
    # No minimum here: the service rejects 0 and negative values with a message that names the fix.
    review_interval_months = forms.IntegerField(label=_("Review interval (months)"), initial=12,
                                                help_text=_("Months from approval to the next review."))
    requires_read_confirmation = forms.BooleanField(label=_("Read confirmation required"), required=False)
    confirmation_roles = forms.MultipleChoiceField(
        label=_("Roles that must confirm"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(role.value, role.label) for role in map(Role, CONFIRMATION_ROLES)],
        help_text=_("Every member with one of these roles must confirm each approved version."))
    readers = forms.ModelMultipleChoiceField(label=_("Named readers"), required=False, queryset=User.objects.none(),
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _members()
        self.fields["readers"].queryset = _members()
        self.fields["owner"].label_from_instance = _user_label
        self.fields["readers"].label_from_instance = _user_label

    @staticmethod
    def initial_for(policy: Policy) -> dict:
        return {"title": policy.title, "kind": policy.kind, "owner": policy.owner_id,
                "review_interval_months": policy.review_interval_months,
                "requires_read_confirmation": policy.requires_read_confirmation,
                "confirmation_roles": policy.confirmation_roles,
                "readers": [row.user_id for row in policy.readers.all()]}


def _user_label(user) -> str:
    name = user.get_full_name()
    return f"{name} <{user.email}>" if name else user.email


class DraftForm(forms.Form):
    text = forms.CharField(label=_("Text (Markdown)"), required=False, widget=forms.Textarea(attrs={"rows": 18}),
                           help_text=_("Headings with #, lists with - or 1., emphasis with *text*."))
    file = forms.FileField(label=_("Or upload the document"), required=False, allow_empty_file=True,
                           help_text=_("Replaces the text; the file is checked like every evidence file."))
    change_note = forms.CharField(label=_("What changed"), max_length=500, required=False)


class ApproveForm(forms.Form):
    confirmed_sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)
    confirm = forms.BooleanField(label=_("I have read this version and approve it as a member of management."))
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput, strip=False)
    otp_code = forms.CharField(label=_("Code from your authenticator app"), required=False, max_length=10,
                               help_text=_("Needed if you use two-factor authentication."),
                               widget=forms.TextInput(attrs={"autocomplete": "one-time-code",
                                                             "inputmode": "numeric"}))
