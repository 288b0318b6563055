from django import forms
from django.utils.translation import gettext_lazy as _

from isms.forms.members import MemberChoiceField, member_queryset
from isms.models import Asset, ProtectionNeed


class AssetForm(forms.ModelForm):
    owner = MemberChoiceField(queryset=None, required=False, label=_("Owner"))
    dependencies = forms.ModelMultipleChoiceField(
        queryset=None, required=False, label=_("Depends on"),
        help_text=_("Assets this one needs to work, for example the server an application runs on."),
        error_messages={"invalid_choice": _("Choose other assets of this workspace; an asset cannot depend on "
                                            "itself.")},
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Asset
        fields = ["name", "kind", "description", "owner", "owner_role", "confidentiality", "integrity",
                  "availability"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built here, inside the request's workspace context, so the choices hold only this workspace's rows.
        self.fields["owner"].queryset = member_queryset()
        others = Asset.objects.order_by("name")
        if self.instance.pk is not None:
            others = others.exclude(pk=self.instance.pk)
            self.initial.setdefault("dependencies", list(self.instance.dependencies.values_list("pk", flat=True)))
        self.fields["dependencies"].queryset = others

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AssetFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("all"))] + Asset.Kind.choices)
    need = forms.ChoiceField(label=_("Protection need at least"), required=False,
                             choices=[("", _("any")), (ProtectionNeed.HIGH, _("high")),
                                      (ProtectionNeed.VERY_HIGH, _("very high"))])
    owner = MemberChoiceField(queryset=None, required=False, label=_("Owner"), empty_label=_("all"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = member_queryset()
