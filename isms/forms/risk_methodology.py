"""The methodology form: up to six levels per scale, the band thresholds, and old-to-new level mappings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from isms.models import MAX_LEVELS, Band, RiskMethodology

AXES = ("likelihood", "impact")


class MethodologyForm(forms.Form):
    """Levels are the filled label rows from the top; mapping fields appear once the service requests them."""

    medium_from = forms.IntegerField(label=_("Medium from score"), min_value=2)
    high_from = forms.IntegerField(label=_("High from score"), min_value=3)
    critical_from = forms.IntegerField(label=_("Critical from score"), min_value=4)
    acceptance_band = forms.ChoiceField(label=_("Highest band a risk owner may retain without management "
                                                "acceptance"), choices=Band.choices)

    def __init__(self, *args, methodology: RiskMethodology, mapping_axes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.methodology = methodology
        self.mapping_axes = tuple(mapping_axes)
        for axis in AXES:
            levels = getattr(methodology, f"{axis}_levels")
            for number in range(1, MAX_LEVELS + 1):
                level = levels[number - 1] if number <= len(levels) else {"label": "", "description": ""}
                self.fields[f"{axis}_label_{number}"] = forms.CharField(
                    label=_("Level %(number)d") % {"number": number}, required=False, max_length=60,
                    initial=level["label"])
                self.fields[f"{axis}_description_{number}"] = forms.CharField(
                    label=_("Description of level %(number)d") % {"number": number}, required=False,
                    max_length=300, initial=level["description"])
        for axis in self.mapping_axes:
            old_levels = getattr(methodology, f"{axis}_levels")
            for number, level in enumerate(old_levels, start=1):
                self.fields[f"{axis}_map_{number}"] = forms.IntegerField(
                    label=_("Old level %(number)d (%(label)s) becomes new level")
                    % {"number": number, "label": level["label"]}, required=False, min_value=1,
                    max_value=MAX_LEVELS)
        if not self.is_bound:
            self.initial.update(medium_from=methodology.medium_from, high_from=methodology.high_from,
                                critical_from=methodology.critical_from,
                                acceptance_band=methodology.acceptance_band)

    def _level_rows(self, axis: str) -> list[tuple]:
        return [(self[f"{axis}_label_{number}"], self[f"{axis}_description_{number}"])
                for number in range(1, MAX_LEVELS + 1)]

    def _mapping_fields(self, axis: str) -> list:
        return [self[name] for name in self.fields if name.startswith(f"{axis}_map_")]

    # Templates cannot pass arguments, so each axis gets its own properties.
    @property
    def likelihood_rows(self):
        return self._level_rows("likelihood")

    @property
    def impact_rows(self):
        return self._level_rows("impact")

    @property
    def likelihood_mapping(self):
        return self._mapping_fields("likelihood")

    @property
    def impact_mapping(self):
        return self._mapping_fields("impact")

    def _levels(self, axis: str) -> list[dict]:
        levels = []
        for number in range(1, MAX_LEVELS + 1):
            label = self.cleaned_data.get(f"{axis}_label_{number}", "").strip()
            description = self.cleaned_data.get(f"{axis}_description_{number}", "").strip()
            if not label:
                if description:
                    self.add_error(f"{axis}_label_{number}", _("Enter a label for this level or clear its "
                                                               "description."))
                continue
            if len(levels) != number - 1:
                self.add_error(f"{axis}_label_{number}", _("Fill the levels from level 1 without gaps."))
            levels.append({"label": label, "description": description})
        return levels

    def clean(self):
        cleaned = super().clean()
        cleaned["likelihood_levels"] = self._levels("likelihood")
        cleaned["impact_levels"] = self._levels("impact")
        for axis in self.mapping_axes:
            cleaned[f"{axis}_mapping"] = {
                int(name.rsplit("_", 1)[1]): value for name, value in cleaned.items()
                if name.startswith(f"{axis}_map_") and value is not None
            }
        return cleaned

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        arguments = {name: data[name] for name in ("likelihood_levels", "impact_levels", "medium_from", "high_from",
                                                   "critical_from", "acceptance_band")}
        for axis in self.mapping_axes:
            arguments[f"{axis}_mapping"] = data[f"{axis}_mapping"]
        return arguments
