"""Forms of the ISMS context area. They parse input; the services in ``isms.services.context`` validate it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from civac.tenancy.choices import TrustServiceProvider
from isms.models import ContextIssue, InterestedParty, PartyRequirement, RegistrationItem, ScopeVersion
from isms.services.context.catalogue import load_catalogue
from isms.services.context.register import ISSUE_FIELDS, PARTY_FIELDS, REQUIREMENT_FIELDS

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class ContextIssueForm(forms.ModelForm):
    class Meta:
        model = ContextIssue
        fields = ISSUE_FIELDS
        widgets = {"description": TEXTAREA, "effect_on_isms": TEXTAREA}


class InterestedPartyForm(forms.ModelForm):
    class Meta:
        model = InterestedParty
        fields = PARTY_FIELDS
        widgets = {"description": TEXTAREA}


class PartyRequirementForm(forms.ModelForm):
    class Meta:
        model = PartyRequirement
        fields = REQUIREMENT_FIELDS
        widgets = {"text": TEXTAREA, "how_addressed": TEXTAREA}


CLIMATE_CHOICES = [
    ("", _("Not decided yet")),
    ("yes", _("Yes, climate change is a relevant issue")),
    ("no", _("No, climate change is not a relevant issue")),
]


def _scope_text(label, *, required=False, help_text=""):
    return forms.CharField(label=label, required=required, widget=TEXTAREA, help_text=help_text)


class ScopeForm(forms.Form):
    """The scope statement; ``based_on`` and ``revision`` identify the version the page showed."""

    based_on = forms.UUIDField(widget=forms.HiddenInput, required=False)
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    scope_text = _scope_text(_("Scope statement"), required=True,
                             help_text=_("Which organisation, activities and information the ISMS covers."))
    boundaries = _scope_text(_("Boundaries"), help_text=_("Where the ISMS ends: organisational, physical, technical."))
    interfaces = _scope_text(_("Interfaces and dependencies"),
                             help_text=_("Activities of others the ISMS depends on, such as outsourced IT."))
    exclusions = _scope_text(_("Exclusions"))
    exclusion_justification = _scope_text(_("Justification of the exclusions"))
    locations = _scope_text(_("Locations"))
    organisational_units = _scope_text(_("Organisational units"))
    climate_change_relevant = forms.ChoiceField(label=_("Is climate change a relevant issue?"),
                                                choices=CLIMATE_CHOICES, required=False,
                                                help_text=_("ISO/IEC 27001:2022 Amendment 1:2024 asks for this "
                                                            "decision in clause 4.1."))
    climate_change_reasoning = _scope_text(_("Reasoning on climate change"))

    def scope_values(self) -> dict:
        values = {name: self.cleaned_data[name] for name in self.fields if name not in ("based_on", "revision")}
        values["climate_change_relevant"] = {"yes": True, "no": False}.get(values["climate_change_relevant"])
        return values

    @staticmethod
    def initial_for(version: ScopeVersion | None) -> dict:
        if version is None:
            return {"based_on": "", "revision": 0}
        initial = {name: getattr(version, name) for name in ScopeForm.base_fields
                   if name not in ("based_on", "climate_change_relevant")}
        initial["based_on"] = str(version.pk)
        initial["climate_change_relevant"] = {True: "yes", False: "no"}.get(version.climate_change_relevant, "")
        return initial


class ScopeApproveForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    confirm = forms.BooleanField(label=_("I have read this scope statement and approve it as a member of "
                                         "management."))
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput, strip=False)
    otp_code = forms.CharField(label=_("Code from your authenticator app"), required=False, max_length=10,
                               help_text=_("Needed if you use two-factor authentication."),
                               widget=forms.TextInput(attrs={"autocomplete": "one-time-code",
                                                             "inputmode": "numeric"}))


def entity_type_choices() -> list:
    """Entity types grouped by annex, for a select with option groups."""
    groups = {1: [], 2: []}
    for entity in load_catalogue().entity_types.values():
        groups[entity.annex].append((entity.key, entity.name))
    return [("", _("None of these types")),
            (_("Anlage 1 BSIG"), groups[1]),
            (_("Anlage 2 BSIG"), groups[2])]


class Nis2FactsForm(forms.Form):
    entity_type = forms.ChoiceField(label=_("Entity type (Anlage 1 or 2 BSIG)"), required=False,
                                    help_text=_("The type of the main business activity. Choosing it also sets "
                                                "the workspace's sector."))
    employees = forms.IntegerField(label=_("Employees"), required=False,
                                   help_text=_("Headcount as defined in Recommendation 2003/361/EC."))
    annual_turnover_eur = forms.DecimalField(label=_("Annual turnover (EUR)"), required=False, max_digits=15,
                                             decimal_places=2)
    balance_sheet_total_eur = forms.DecimalField(label=_("Balance sheet total (EUR)"), required=False,
                                                 max_digits=15, decimal_places=2)
    is_kritis_operator = forms.BooleanField(label=_("Operator of a critical facility"), required=False)
    trust_service_provider = forms.ChoiceField(label=_("Trust services (eIDAS)"),
                                               choices=TrustServiceProvider.choices)
    is_financial_entity = forms.BooleanField(label=_("Financial entity under DORA (§28(6) BSIG)"), required=False)
    sector_law_carve_out = forms.BooleanField(
        label=_("Public telecom or energy operator under sector law (§28(5) BSIG)"), required=False)
    negligible_activities_note = forms.CharField(
        label=_("Activities disregarded as negligible (§28(3) BSIG)"), required=False, widget=TEXTAREA)
    linked_enterprises_note = forms.CharField(
        label=_("Partner and linked enterprises left out (§28(4) BSIG)"), required=False, widget=TEXTAREA)
    qualified_on = forms.DateField(label=_("Qualified on"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}),
                                   help_text=_("Day the workspace first met, or met again, the criteria of "
                                               "§28 BSIG. The registration is due three months later."))
    registered_on = forms.DateField(label=_("Registered with the BSI on"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entity_type"].choices = entity_type_choices()


class AdoptForm(forms.Form):
    expected_category = forms.CharField(widget=forms.HiddenInput, max_length=30)


class RegistrationForm(forms.Form):
    """A value and a done mark for each §33 data item, in the order of the law."""

    def __init__(self, *args, items: list[RegistrationItem], suggestions: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            initial = suggestions.get(item.key, "") if item._state.adding else item.value
            self.fields[f"{item.key}_value"] = forms.CharField(
                label=item.get_key_display(), required=False, initial=initial,
                widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"{item.key}_done"] = forms.BooleanField(label=_("done"), required=False, initial=item.done)

    def entries(self) -> dict[str, dict]:
        return {item.key: {"value": self.cleaned_data[f"{item.key}_value"],
                           "done": self.cleaned_data[f"{item.key}_done"]} for item in self.items}

    def rows(self):
        """Yield (item, value field, done field) for the template."""
        for item in self.items:
            yield item, self[f"{item.key}_value"], self[f"{item.key}_done"]
