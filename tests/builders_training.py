"""Courses, sessions, suppliers and sent questionnaires for the training and supplier tests."""

from datetime import date, datetime, timezone

from django.core.files.uploadedfile import SimpleUploadedFile

from civac.audit.context import acting_as
from civac.tenancy.context import workspace_context
from isms.models import TrainingCourse
from isms.services import suppliers as supplier_services
from isms.services import training as training_services

NOW = datetime(2026, 6, 15, 10, 0, tzinfo=timezone.utc)
TODAY = date(2026, 6, 15)
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def course(workspace, actor, *, title="Security awareness", interval_months=12, first_due_on=date(2026, 7, 1),
           management_training=False, audience=TrainingCourse.Audience.ALL_MEMBERS, roles=(), people=()):
    with workspace_context(workspace), acting_as(actor):
        return training_services.course_create(
            actor=actor, workspace=workspace, people=people,
            values={"title": title, "description": "", "audience": audience, "audience_roles": list(roles),
                    "interval_months": interval_months, "first_due_on": first_due_on, "material_url": "",
                    "management_training": management_training, "archived": False})


def session(course, actor, attendees, *, held_on):
    with workspace_context(course.workspace), acting_as(actor):
        return training_services.session_record(actor=actor, course=course, held_on=held_on, attendees=attendees,
                                                 today=max(held_on, TODAY))


def supplier(workspace, actor, *, name="Cloud Hosting GmbH", **values):
    data = {"name": name, "services": "Hosting of the ERP system", "criticality": "high",
            "review_interval_months": 12, **values}
    with workspace_context(workspace), acting_as(actor):
        return supplier_services.supplier_create(actor=actor, workspace=workspace, values=data)


def sent_assessment(supplier, actor, *, now=None, language="en"):
    with workspace_context(supplier.workspace), acting_as(actor):
        return supplier_services.assessment_send(actor=actor, supplier=supplier, template_key="standard",
                                                 language=language, contact_email="security@supplier.example",
                                                 now=now)


def full_answers() -> dict:
    template = supplier_services.questionnaire("standard")
    return {question.key: "yes" if question.kind == "choice" else "Answer text" for question in template.questions}


def upload(name="certificate.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")
