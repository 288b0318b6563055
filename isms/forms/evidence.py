from django import forms
from django.utils.translation import gettext_lazy as _

from isms.services.evidence.filetypes import allowed_extensions


class EvidenceUploadForm(forms.Form):
    # Empty files pass the form so that the upload service rejects them with
    # the same message as every other caller gets.
    file = forms.FileField(label=_("File"), allow_empty_file=True,
                           widget=forms.ClearableFileInput(attrs={"accept": ",".join(allowed_extensions())}))
    description = forms.CharField(label=_("Description"), max_length=500, required=False)


class EvidenceWithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawal"), max_length=500)
