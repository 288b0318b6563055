from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from isms.models import SoAEntry


class RiskControlsForm(forms.Form):
    controls = forms.ModelMultipleChoiceField(
        label=_("Controls that treat this risk"), queryset=SoAEntry.objects.none(), required=False,
        help_text=_("Controls marked not applicable in the SoA are not offered."),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built here, inside the request's workspace context, so only this workspace's entries are choices.
        self.fields["controls"].queryset = (
            SoAEntry.objects.exclude(applicability=SoAEntry.Applicability.NOT_APPLICABLE)
            .select_related("catalogue_control", "own_control")
            .order_by(F("catalogue_control__position").asc(nulls_last=True), "own_control__ref")
        )
        self.fields["controls"].label_from_instance = lambda entry: f"{entry.ref} {entry.control.title}"
