"""Forms of the controls area; validation of IDs and themes is the services' job."""

from django import forms
from django.utils.translation import gettext_lazy as _

from isms.models import ControlTheme, MeasureArea


class OwnControlForm(forms.Form):
    ref = forms.CharField(label=_("ID"), max_length=30,
                          help_text=_("Your own ID with a prefix of your choice, for example ORG-1."))
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    theme = forms.ChoiceField(label=_("Theme"), choices=ControlTheme.choices, initial=ControlTheme.ORGANIZATIONAL)
    measure_areas = forms.ModelMultipleChoiceField(
        label=_("§30 BSIG measure areas"), queryset=MeasureArea.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
