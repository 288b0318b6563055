import zoneinfo
from datetime import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from civac.tenancy.forms import TIME_ZONE_CHOICES
from incidents.deadlines import local_time_problem
from incidents.models import Incident

class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock time without zone; the form's own time zone field decides its zone.

    Django's field would read the input in the active (workspace) zone and
    reject times that a daylight-saving change skips or repeats there, even
    when the user picked another zone.
    """

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        for input_format in self.input_formats:
            try:
                return datetime.strptime(str(value).strip(), input_format)
            except ValueError:
                continue
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


LOCAL_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local", "step": "60"}, format="%Y-%m-%dT%H:%M")
_ZONE_ERRORS = {
    "nonexistent": _("%(time)s does not exist in %(zone)s because the clocks were put forward; check the time."),
    "ambiguous": _("%(time)s occurs twice in %(zone)s because the clocks were put back; enter the time in UTC instead."),
}


def localize(naive: datetime, zone_name: str) -> datetime:
    """Attach ``zone_name`` to a local time, rejecting times a daylight-saving change skips or repeats."""
    zone = zoneinfo.ZoneInfo(zone_name)
    problem = local_time_problem(naive, zone)
    if problem:
        raise forms.ValidationError(_ZONE_ERRORS[problem], code=problem,
                                    params={"time": naive.strftime("%Y-%m-%d %H:%M"), "zone": zone_name})
    return naive.replace(tzinfo=zone)


def _local_field(label, required=False, help_text=""):
    return LocalDateTimeField(label=label, widget=LOCAL_INPUT, input_formats=["%Y-%m-%dT%H:%M"], required=required,
                               help_text=help_text)


class RegimeFieldsMixin:
    """Drop the fields of reporting regimes that do not apply to the workspace."""

    def drop_inapplicable(self, workspace) -> None:
        from civac.tenancy.choices import TrustServiceProvider

        if not workspace.is_financial_entity:
            for name in ("dora_major", "dora_classified_local"):
                self.fields.pop(name, None)
        if not workspace.is_kritis_operator:
            self.fields.pop("physical_resilience_impact", None)
        if workspace.trust_service_provider == TrustServiceProvider.NONE:
            self.fields.pop("trust_service_impact", None)


class IncidentForm(RegimeFieldsMixin, forms.ModelForm):
    aware_local = LocalDateTimeField(
        label=_("Became aware at (local time)"), widget=LOCAL_INPUT, input_formats=["%Y-%m-%dT%H:%M"],
        help_text=_("The moment the organisation knew of the incident; the reporting clocks start here."),
    )
    detected_local = LocalDateTimeField(
        label=_("Detected at (local time)"), widget=LOCAL_INPUT, input_formats=["%Y-%m-%dT%H:%M"], required=False,
    )
    dora_classified_local = _local_field(_("Classified as major at (local time)"))
    time_zone = forms.ChoiceField(label=_("Time zone of these times"), choices=TIME_ZONE_CHOICES)

    class Meta:
        model = Incident
        fields = ["title", "description", "severity", "significant", "personal_data_involved",
                  "suspected_malicious", "cross_border_impact", "affected_services", "affected_assets",
                  "dora_major", "physical_resilience_impact", "trust_service_impact"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}),
                   "affected_services": forms.Textarea(attrs={"rows": 2}),
                   "affected_assets": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.drop_inapplicable(workspace)

    def clean(self):
        cleaned = super().clean()
        zone_name = cleaned.get("time_zone")
        if not zone_name:
            return cleaned
        for source, target in [("aware_local", "aware_at"), ("detected_local", "detected_at"),
                               ("dora_classified_local", "dora_classified_at")]:
            naive = cleaned.get(source)
            if naive is None:
                cleaned[target] = None
                continue
            try:
                cleaned[target] = localize(naive.replace(tzinfo=None), zone_name)
            except forms.ValidationError as error:
                self.add_error(source, error)
        return cleaned

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields if name in self.fields}
        if "dora_classified_local" in self.fields:
            fields["dora_classified_at"] = data.get("dora_classified_at")
        return {**fields, "aware_at": data["aware_at"], "detected_at": data.get("detected_at"),
                "aware_time_zone": data["time_zone"]}


class IncidentFactsForm(RegimeFieldsMixin, forms.ModelForm):
    """Facts that may change while the incident is handled; awareness stays as registered."""

    dora_classified_local = _local_field(_("Classified as major at (local time)"))
    time_zone = forms.ChoiceField(label=_("Time zone of these times"), choices=TIME_ZONE_CHOICES)

    class Meta:
        model = Incident
        fields = ["title", "description", "severity", "significant", "personal_data_involved",
                  "suspected_malicious", "cross_border_impact", "affected_services", "affected_assets",
                  "dora_major", "physical_resilience_impact", "trust_service_impact"]
        widgets = IncidentForm.Meta.widgets

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.drop_inapplicable(workspace)

    def clean(self):
        cleaned = super().clean()
        naive, zone_name = cleaned.get("dora_classified_local"), cleaned.get("time_zone")
        if naive and zone_name:
            try:
                cleaned["dora_classified_at"] = localize(naive.replace(tzinfo=None), zone_name)
            except forms.ValidationError as error:
                self.add_error("dora_classified_local", error)
        return cleaned

    def changed_values(self) -> dict:
        values = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}
        if "dora_classified_local" in self.fields and self.cleaned_data.get("dora_classified_at"):
            values["dora_classified_at"] = self.cleaned_data["dora_classified_at"]
        return values


class TimelineForm(forms.Form):
    occurred_local = _local_field(_("Time (local)"), required=True)
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONE_CHOICES)
    text = forms.CharField(label=_("What happened"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        return _localize_into(self, "occurred_local", "occurred_at")


class CloseForm(forms.Form):
    closed_local = _local_field(_("Handling completed at (local time)"), required=True)
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONE_CHOICES)

    def clean(self):
        return _localize_into(self, "closed_local", "closed_at")


class InterimRequestForm(forms.Form):
    requested_local = _local_field(_("BSI request received at (local time)"), required=True)
    due_local = _local_field(_("Deadline set by the BSI (local time)"), required=True)
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONE_CHOICES)

    def clean(self):
        _localize_into(self, "requested_local", "requested_at")
        return _localize_into(self, "due_local", "due_at")


def _localize_into(form: forms.Form, source: str, target: str) -> dict:
    cleaned = form.cleaned_data
    naive, zone_name = cleaned.get(source), cleaned.get("time_zone")
    if naive and zone_name:
        try:
            cleaned[target] = localize(naive.replace(tzinfo=None), zone_name)
        except forms.ValidationError as error:
            form.add_error(source, error)
    return cleaned


class SubmissionForm(forms.Form):
    submitted_local = LocalDateTimeField(label=_("Submitted at (local time)"), widget=LOCAL_INPUT,
                                          input_formats=["%Y-%m-%dT%H:%M"])
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONE_CHOICES)
    reference_number = forms.CharField(label=_("Reference number of the authority"), max_length=100,
                                       required=False)
    as_progress = forms.BooleanField(
        label=_("Submitted as progress report (incident still ongoing)"), required=False,
        help_text=_("The final report then falls due one month after the incident is closed."),
    )

    def __init__(self, *args, obligation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if obligation is None or obligation.kind != "nis2_final_report":
            del self.fields["as_progress"]

    def clean(self):
        super().clean()
        return _localize_into(self, "submitted_local", "submitted_at")


class AssessmentForm(forms.Form):
    """Questions of §2 Nr. 11 BSIG, and of IR 2024/2690 for the entity types it covers."""

    serious_disruption = forms.BooleanField(label=_("Serious operational disruption of services"), required=False)
    financial_loss_entity = forms.BooleanField(label=_("Financial loss for the entity"), required=False)
    damage_to_others = forms.BooleanField(
        label=_("Considerable material or non-material damage to other natural or legal persons"), required=False)
    financial_loss_eur = forms.DecimalField(label=_("Direct financial loss (EUR)"), min_value=0, required=False,
                                            max_digits=15, decimal_places=2)
    trade_secrets = forms.BooleanField(label=_("Trade secrets exfiltrated"), required=False)
    death = forms.BooleanField(label=_("Death of a natural person"), required=False)
    health_damage = forms.BooleanField(label=_("Considerable damage to a natural person's health"), required=False)
    malicious_access = forms.BooleanField(
        label=_("Successful, suspected malicious and unauthorised access able to cause severe operational "
                "disruption"),
        required=False)
    recurring = forms.BooleanField(
        label=_("At least two incidents in six months with the same apparent root cause that together meet the "
                "financial threshold"), required=False)
    outage_minutes = forms.IntegerField(label=_("Service fully unavailable (minutes)"), min_value=0, required=False)
    limited_minutes = forms.IntegerField(label=_("Availability limited (minutes)"), min_value=0, required=False)
    limited_share_percent = forms.DecimalField(label=_("Users affected by the limitation (percentage of users in the EU)"),
                                               min_value=0, max_value=100, required=False)
    limited_users = forms.IntegerField(label=_("Users affected by the limitation (number)"), min_value=0,
                                       required=False)
    data_malicious = forms.BooleanField(
        label=_("Integrity, confidentiality or authenticity of data compromised by suspected malicious action"),
        required=False)
    data_share_percent = forms.DecimalField(label=_("Users whose data were compromised (percentage)"), min_value=0,
                                            max_value=100, required=False)
    data_users = forms.IntegerField(label=_("Users whose data were compromised (number)"), min_value=0,
                                    required=False)
    physical_access = forms.BooleanField(label=_("Physical access to a restricted area compromised"),
                                         required=False)
    notes = forms.CharField(label=_("Reasoning and notes"), required=False, max_length=10000,
                            widget=forms.Textarea(attrs={"rows": 3}))

    GENERAL = ("serious_disruption", "financial_loss_entity", "damage_to_others", "notes")

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        if workspace.digital_entity_type == "none":
            for name in list(self.fields):
                if name not in self.GENERAL:
                    del self.fields[name]

    def answers(self) -> dict:
        from civac.audit.recorder import jsonable

        return {name: jsonable(value) for name, value in self.cleaned_data.items()
                if name != "notes" and value not in (None, "", False)}
