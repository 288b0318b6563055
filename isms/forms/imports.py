from django import forms
from django.utils.translation import gettext_lazy as _


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("CSV (UTF-8, comma or semicolon) or XLSX, at most 2 MB and "
                                                       "2,000 rows."),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}))
