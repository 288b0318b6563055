from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from isms.services.imports.parsing import MAX_FILE_BYTES, MAX_ROWS


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("File"), widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per request so that the numbers follow the active language ("2,000" or "2.000").
        self.fields["file"].help_text = _("CSV (UTF-8, comma or semicolon) or XLSX, at most %(size)s MB and "
                                          "%(rows)s rows.") % {
            "size": number_format(MAX_FILE_BYTES // 1024 // 1024),
            "rows": number_format(MAX_ROWS, force_grouping=True)}
