from django import forms
from django.utils.translation import gettext_lazy as _

from civac.tenancy.roles import Role
from isms.forms.members import MemberChoiceField, member_label, member_queryset
from isms.models import TrainingCourse


class MemberMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return member_label(obj)


class CourseForm(forms.ModelForm):
    audience_roles = forms.MultipleChoiceField(label=_("Roles"), required=False, choices=Role.choices,
                                               widget=forms.CheckboxSelectMultiple)
    audience_people = MemberMultipleChoiceField(queryset=None, required=False, label=_("People"),
                                                widget=forms.SelectMultiple(attrs={"size": 8}))

    class Meta:
        model = TrainingCourse
        fields = ["title", "description", "audience", "audience_roles", "audience_people", "interval_months",
                  "first_due_on", "material_url", "management_training", "archived"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}),
                   "first_due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built inside the request's workspace context, so only this workspace's members are offered.
        self.fields["audience_people"].queryset = member_queryset()

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "audience_people"}


class SessionForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    trainer = forms.CharField(label=_("Trainer"), max_length=200, required=False)
    attendees = MemberMultipleChoiceField(queryset=None, label=_("Attendees"),
                                          widget=forms.CheckboxSelectMultiple)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = member_queryset()


__all__ = ["CourseForm", "MemberChoiceField", "SessionForm"]
