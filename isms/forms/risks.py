from django import forms
from django.utils.translation import gettext_lazy as _

from isms.forms.members import MemberChoiceField, member_queryset
from isms.models import Asset, Band, Risk, RiskMethodology
from isms.services.risks.queries import BASES, RiskFilters

RATING_FIELDS = {"inherent_likelihood": "likelihood", "inherent_impact": "impact",
                 "residual_likelihood": "likelihood", "residual_impact": "impact"}


def _level_choices(levels: list[dict]) -> list[tuple]:
    return [("", "–")] + [(number, f"{number} – {level['label']}") for number, level in enumerate(levels, start=1)]


class RiskForm(forms.ModelForm):
    owner = MemberChoiceField(queryset=None, required=False, label=_("Risk owner"))
    treatment_owner = MemberChoiceField(queryset=None, required=False, label=_("Treatment owner"))
    assets = forms.ModelMultipleChoiceField(queryset=None, required=False, label=_("Assets"),
                                            widget=forms.SelectMultiple(attrs={"size": 6}))

    class Meta:
        model = Risk
        fields = ["title", "assets", "threat", "vulnerability", "owner", "inherent_likelihood", "inherent_impact",
                  "residual_likelihood", "residual_impact", "treatment_option", "treatment_description",
                  "treatment_owner", "treatment_due_on", "status"]
        widgets = {"threat": forms.Textarea(attrs={"rows": 2}), "vulnerability": forms.Textarea(attrs={"rows": 2}),
                   "treatment_description": forms.Textarea(attrs={"rows": 3}),
                   "treatment_due_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, methodology: RiskMethodology, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = member_queryset()
        self.fields["treatment_owner"].queryset = member_queryset()
        self.fields["assets"].queryset = Asset.objects.order_by("name")
        if self.instance.pk is not None:
            self.initial.setdefault("assets", list(self.instance.assets.values_list("pk", flat=True)))
        for name, axis in RATING_FIELDS.items():
            levels = getattr(methodology, f"{axis}_levels")
            field = self.fields[name]
            self.fields[name] = forms.TypedChoiceField(
                label=field.label, required=name.startswith("inherent"), coerce=int, empty_value=None,
                choices=_level_choices(levels),
                error_messages={"invalid_choice": _("Choose a level from 1 to %(count)d.") % {"count": len(levels)}},
            )

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "assets"}


class RiskFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    band = forms.ChoiceField(label=_("Band"), required=False, choices=[("", _("all"))] + Band.choices)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("all"))] + Risk.Status.choices)
    owner = MemberChoiceField(queryset=None, required=False, label=_("Risk owner"), empty_label=_("all"))
    asset = forms.ModelChoiceField(queryset=None, required=False, label=_("Asset"), empty_label=_("all"))
    treatment = forms.ChoiceField(label=_("Treatment option"), required=False,
                                  choices=[("", _("all"))] + Risk.Treatment.choices)
    basis = forms.ChoiceField(label=_("Rating"), required=False,
                              choices=[("residual", _("residual")), ("inherent", _("inherent"))])
    likelihood = forms.IntegerField(label=_("Likelihood"), required=False, min_value=1,
                                    widget=forms.HiddenInput)
    impact = forms.IntegerField(label=_("Impact"), required=False, min_value=1, widget=forms.HiddenInput)
    open_acceptance = forms.BooleanField(label=_("Only risks awaiting management acceptance"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = member_queryset()
        self.fields["asset"].queryset = Asset.objects.order_by("name")

    def filters(self) -> RiskFilters:
        """Return the valid filters; an invalid value is reported on the form and does not filter."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        owner, asset = data.get("owner"), data.get("asset")
        basis = data.get("basis") or "residual"
        return RiskFilters(
            text=(data.get("q") or "").strip(), band=data.get("band") or "", status=data.get("status") or "",
            owner_id=owner.pk if owner else None, asset_id=asset.pk if asset else None,
            treatment_option=data.get("treatment") or "", basis=basis if basis in BASES else "residual",
            likelihood=data.get("likelihood"), impact=data.get("impact"),
            needs_acceptance=bool(data.get("open_acceptance")),
        )


class AcceptForm(forms.Form):
    confirmed_sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)
    confirm = forms.BooleanField(
        label=_("I have read the risk and accept the residual risk as a member of management."), required=True)
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput, strip=False)
    otp_code = forms.CharField(label=_("Code from your authenticator app"), required=False, max_length=10,
                               help_text=_("Needed if you use two-factor authentication."),
                               widget=forms.TextInput(attrs={"autocomplete": "one-time-code",
                                                             "inputmode": "numeric"}))
