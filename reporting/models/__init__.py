from reporting.models.reports import QuarterlyReport, ReportAcknowledgement
from reporting.models.reviews import ManagementReview

__all__ = ["ManagementReview", "QuarterlyReport", "ReportAcknowledgement"]
