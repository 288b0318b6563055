from django import forms
from django.utils.translation import gettext_lazy

from incidents.models import WebhookEndpoint, WebhookEventType


class WebhookEventsField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=WebhookEventType.choices, label=gettext_lazy("Events"),
                         error_messages={"required": gettext_lazy("Tick at least one event.")}, **kwargs)


class WebhookForm(forms.ModelForm):
    url = forms.URLField(label=gettext_lazy("URL"), max_length=500, assume_scheme="https")
    events = WebhookEventsField(initial=WebhookEventType.values)

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "description", "events"]


class WebhookSubscriptionForm(forms.Form):
    description = forms.CharField(label=gettext_lazy("Description"), max_length=200, required=False)
    events = WebhookEventsField()
