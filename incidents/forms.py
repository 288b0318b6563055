import zoneinfo
from datetime import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from civac.tenancy.forms import TIME_ZONE_CHOICES
from incidents.deadlines import local_time_problem
from incidents.models import Incident

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


class IncidentForm(forms.ModelForm):
    aware_local = forms.DateTimeField(
        label=_("Became aware at (local time)"), widget=LOCAL_INPUT, input_formats=["%Y-%m-%dT%H:%M"],
        help_text=_("The moment the organisation knew of the incident; the reporting clocks start here."),
    )
    detected_local = forms.DateTimeField(
        label=_("Detected at (local time)"), widget=LOCAL_INPUT, input_formats=["%Y-%m-%dT%H:%M"], required=False,
    )
    time_zone = forms.ChoiceField(label=_("Time zone of these times"), choices=TIME_ZONE_CHOICES)

    class Meta:
        model = Incident
        fields = ["title", "description", "severity", "significant", "personal_data_involved",
                  "suspected_malicious", "cross_border_impact"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        cleaned = super().clean()
        zone_name = cleaned.get("time_zone")
        if not zone_name:
            return cleaned
        for source, target in [("aware_local", "aware_at"), ("detected_local", "detected_at")]:
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
        fields = {name: data[name] for name in self.Meta.fields}
        return {**fields, "aware_at": data["aware_at"], "detected_at": data.get("detected_at"),
                "aware_time_zone": data["time_zone"]}


class SubmissionForm(forms.Form):
    submitted_local = forms.DateTimeField(label=_("Submitted at (local time)"), widget=LOCAL_INPUT,
                                          input_formats=["%Y-%m-%dT%H:%M"])
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONE_CHOICES)
    reference_number = forms.CharField(label=_("Reference number of the authority"), max_length=100,
                                       required=False)

    def clean(self):
        cleaned = super().clean()
        naive, zone_name = cleaned.get("submitted_local"), cleaned.get("time_zone")
        if naive and zone_name:
            try:
                cleaned["submitted_at"] = localize(naive.replace(tzinfo=None), zone_name)
            except forms.ValidationError as error:
                self.add_error("submitted_local", error)
        return cleaned
