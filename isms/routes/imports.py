from django.urls import path

from isms.views import imports as views

urlpatterns = [
    path("<uuid:batch_id>/", views.import_preview_page, name="import_preview"),
    path("<uuid:batch_id>/confirm/", views.import_confirm_view, name="import_confirm"),
    path("<uuid:batch_id>/discard/", views.import_discard_view, name="import_discard"),
]


def register_patterns(kind: str) -> list:
    """Return the upload and template routes of one register, mounted under that register's own path."""
    return [
        path("import/", views.import_upload, {"kind": kind}, name=f"{kind}_import"),
        path("import/template.csv", views.import_template, {"kind": kind, "file_format": "csv"},
             name=f"{kind}_import_template_csv"),
        path("import/template.xlsx", views.import_template, {"kind": kind, "file_format": "xlsx"},
             name=f"{kind}_import_template_xlsx"),
    ]
