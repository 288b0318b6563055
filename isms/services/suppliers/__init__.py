"""Supplier register, reviews, questionnaire assessments through a tokenised link, and the report summary."""

from isms.services.suppliers.assessments import (
    AssessmentClosed,
    assessment_for_token,
    assessment_send,
    assessment_submit,
    assessment_withdraw,
)
from isms.services.suppliers.questionnaires import questionnaire, questionnaire_choices
from isms.services.suppliers.register import (
    supplier_create,
    supplier_review_record,
    supplier_update,
    supplier_values,
)
from isms.services.suppliers.summary import supplier_soa_entries, supplier_summary

__all__ = ["AssessmentClosed", "assessment_for_token", "assessment_send", "assessment_submit", "assessment_withdraw",
           "questionnaire", "questionnaire_choices", "supplier_create", "supplier_review_record",
           "supplier_soa_entries", "supplier_summary", "supplier_update", "supplier_values"]
