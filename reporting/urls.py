from django.urls import path

from reporting.services.exports import EXISTING, FORMATS, KINDS
from reporting.views import exports, reports, reviews

app_name = "reporting"
urlpatterns = [
    path("", reports.archive, name="archive"),
    path("request/", reports.report_request, name="report_request"),
    path("<uuid:report_id>/", reports.report_detail, name="report"),
    path("<uuid:report_id>/pdf/", reports.report_pdf, name="report_pdf"),
    path("<uuid:report_id>/release/", reports.report_release, name="report_release"),
    path("<uuid:report_id>/acknowledge/", reports.report_acknowledge, name="report_acknowledge"),
    path("reviews/", reviews.review_list, name="reviews"),
    path("reviews/new/", reviews.review_new, name="review_new"),
    path("reviews/<uuid:review_id>/", reviews.review_detail, name="review"),
    path("reviews/<uuid:review_id>/edit/", reviews.review_edit, name="review_edit"),
    path("reviews/<uuid:review_id>/compile/", reviews.review_compile, name="review_compile"),
    path("reviews/<uuid:review_id>/approve/", reviews.review_approve, name="review_approve"),
    path("reviews/<uuid:review_id>/pdf/", reviews.review_pdf, name="review_pdf"),
    path("exports/", exports.export_index, name="exports"),
] + [
    # One fixed route per table and format, so no route takes a free-form name.
    path(f"exports/{kind}.{file_format}", exports.export_download, {"kind": kind, "file_format": file_format},
         name=f"export_{kind}_{file_format}")
    for kind in KINDS for file_format in FORMATS if (kind, file_format) not in EXISTING
]
