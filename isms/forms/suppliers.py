from django import forms
from django.utils.translation import gettext_lazy as _

from isms.models import Risk, Supplier
from isms.services.suppliers import questionnaire_choices, supplier_soa_entries
from isms.services.suppliers.questionnaires import CHOICE_ANSWERS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SupplierForm(forms.ModelForm):
    class Meta:
        model = Supplier
        fields = ["name", "services", "criticality", "data_processed", "processes_personal_data",
                  "contract_starts_on", "contract_ends_on", "dpa_signed_on", "security_requirements",
                  "risk_rating", "review_interval_months", "next_review_on", "contact_name", "contact_email",
                  "risks", "soa_entries"]
        widgets = {"services": forms.Textarea(attrs={"rows": 3}), "data_processed": forms.Textarea(attrs={"rows": 2}),
                   "security_requirements": forms.Textarea(attrs={"rows": 4}), "contract_starts_on": DATE,
                   "contract_ends_on": DATE, "dpa_signed_on": DATE, "next_review_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built inside the request's workspace context: only this workspace's risks and supplier controls.
        self.fields["risks"].queryset = Risk.objects.order_by("title")
        self.fields["soa_entries"].queryset = supplier_soa_entries()
        self.fields["soa_entries"].help_text = _("Controls A.5.19 to A.5.22 of the Statement of Applicability.")

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name not in ("risks", "soa_entries")}


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(label=_("Reviewed on"), widget=DATE)
    risk_rating = forms.ChoiceField(label=_("Risk rating"), choices=Supplier.Rating.choices)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AssessmentSendForm(forms.Form):
    template_key = forms.ChoiceField(label=_("Questionnaire"))
    language = forms.ChoiceField(label=_("Language"), choices=[("de", "Deutsch"), ("en", "English")])
    contact_name = forms.CharField(label=_("Contact name"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"))
    valid_days = forms.IntegerField(label=_("Link valid for (days)"), initial=30, min_value=1, max_value=90)

    def __init__(self, *args, language: str = "en", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template_key"].choices = questionnaire_choices(language)


def answer_choices():
    labels = {"yes": _("Yes"), "partly": _("Partly"), "no": _("No"), "not_applicable": _("Not applicable")}
    return [("", "—")] + [(value, labels[value]) for value in CHOICE_ANSWERS]


class QuestionnaireForm(forms.Form):
    """The public questionnaire; fields come from the template, checks from ``assessment_submit``."""

    def __init__(self, *args, template, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        for question in template.questions:
            label = question.text(language) + (" *" if question.required else "")
            if question.kind == "choice":
                field = forms.ChoiceField(label=label, choices=answer_choices(), required=False)
            else:
                field = forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 3}))
            field.help_text = ", ".join(question.controls)
            self.fields[question.key] = field
            if question.upload:
                self.fields[f"{question.key}__file"] = forms.FileField(label=_("Evidence file"), required=False)

    def answers(self) -> dict:
        return {key: value for key, value in self.data.items() if "__" not in key and key != "csrfmiddlewaretoken"}

    def uploads(self) -> dict:
        return {key.removesuffix("__file"): upload for key, upload in self.files.items() if key.endswith("__file")}
