"""Management reviews (ISO/IEC 27001:2022 clause 9.3): compile inputs, record outputs, approve with re-authentication.

The inputs follow 9.3.2 a to g: (a) status of actions from previous reviews,
(b) changes in external and internal issues, (c) changes in the needs and
expectations of interested parties, (d) feedback on performance, (e)
feedback from interested parties, (f) results of risk assessment and status
of the risk treatment plan, (g) opportunities for continual improvement.
"""

from __future__ import annotations

from datetime import datetime, time

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from civac.audit.context import acting_as
from civac.audit.models import AuditEvent
from civac.audit.recorder import append_event
from civac.documents import render_pdf, sha256_hex
from civac.tenancy.errors import field_error
from civac.tenancy.models import Membership
from civac.tenancy.roles import Role
from isms.models import Task
from officers.reauth import check_reauthentication
from reporting.models import ManagementReview
from reporting.quarters import quarter_of
from reporting.sections import SectionInput, provider

EDITABLE_FIELDS = ["title", "held_on", "participants", "input_notes", "outputs", "decisions"]


def _changes_since(workspace, object_types: list[str], since: datetime) -> int:
    return AuditEvent.objects.filter(workspace_id=workspace.pk, object_type__in=object_types,
                                     occurred_at__gte=since).count()


def compile_inputs(*, workspace, review: ManagementReview, now: datetime) -> dict:
    """Compile inputs a to g from the data since the previous approved review; runs in the workspace context."""
    previous = (ManagementReview.objects.filter(status=ManagementReview.Status.APPROVED, held_on__lt=review.held_on)
                .exclude(pk=review.pk).order_by("-held_on").first())
    since = (datetime.combine(previous.held_on, time.min, tzinfo=workspace.zone) if previous
             else workspace.created_at)
    section = SectionInput(workspace=workspace, quarter=quarter_of(review.held_on), period_start=since,
                           period_end=now, previous_figures={})
    tasks = Task.objects.filter(created_at__gte=since).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(status=Task.Status.DONE)))
    trainings = provider("trainings").compile(section)
    suppliers = provider("suppliers").compile(section)
    return {
        "since": since.isoformat(),
        "a_previous_actions": {"held_on": previous.held_on.isoformat() if previous else None,
                               "decisions": previous.decisions if previous else "",
                               "outputs": previous.outputs if previous else ""},
        "b_issue_changes": _changes_since(workspace, ["isms.contextissue", "isms.scopeversion"], since),
        "c_party_changes": _changes_since(workspace, ["isms.interestedparty", "isms.partyrequirement"], since),
        "d_performance": {"incidents": provider("incidents").compile(section),
                          "tasks_created": tasks["total"], "tasks_done": tasks["done"],
                          "trainings": trainings, "suppliers": suppliers,
                          "audits": provider("audits").compile(section)},
        "e_party_feedback": None,
        "f_risks": provider("risks").compile(section),
        "g_improvement": _improvement_opportunities(trainings, suppliers),
        "missing": section.missing,
    }


def _improvement_opportunities(trainings: dict, suppliers: dict) -> dict:
    """Count the gaps in trainings and suppliers that the review should turn into improvements."""
    return {
        "trainings_overdue": trainings["overdue"],
        "management_training_overdue": trainings["management_overdue"],
        "supplier_reviews_overdue": suppliers["reviews_overdue"],
        "dpa_missing": suppliers["dpa_missing"],
        "critical_suppliers_unassessed": suppliers["critical_without_assessment"],
    }


def review_create(*, actor, workspace, values: dict) -> ManagementReview:
    now = timezone.now()
    with transaction.atomic(), acting_as(actor):
        review = ManagementReview(workspace=workspace, **{key: values[key] for key in EDITABLE_FIELDS if key in values})
        review.inputs = compile_inputs(workspace=workspace, review=review, now=now)
        review.inputs_compiled_at = now
        review.save()
    return review


def _require_draft(review: ManagementReview) -> None:
    if review.status != ManagementReview.Status.DRAFT:
        raise field_error("review", _("This management review is approved and can no longer be changed."),
                          "review_approved")


def review_update(*, actor, review: ManagementReview, values: dict) -> ManagementReview:
    with transaction.atomic(), acting_as(actor):
        locked = ManagementReview.objects.select_for_update().get(pk=review.pk)
        _require_draft(locked)
        for key in EDITABLE_FIELDS:
            if key in values:
                setattr(locked, key, values[key])
        locked.save()
    return locked


def review_compile(*, actor, review: ManagementReview) -> ManagementReview:
    """Compile the inputs again from today's data, for a draft whose meeting has not happened yet."""
    now = timezone.now()
    with transaction.atomic(), acting_as(actor):
        locked = ManagementReview.objects.select_for_update().get(pk=review.pk)
        _require_draft(locked)
        locked.inputs = compile_inputs(workspace=locked.workspace, review=locked, now=now)
        locked.inputs_compiled_at = now
        locked.save()
    return locked


def review_digest(review: ManagementReview) -> str:
    """Hash what management approves: the entered text and the compiled inputs."""
    import json

    content = {key: str(getattr(review, key)) for key in EDITABLE_FIELDS} | {"inputs": review.inputs}
    return sha256_hex(json.dumps(content, sort_keys=True).encode())


def review_approve(*, actor, review: ManagementReview, confirmed_sha256: str, password: str,
                   otp_code: str = "") -> ManagementReview:
    """Record management's approval of exactly the content it saw, render the PDF and freeze the review."""
    if not Membership.objects.filter(user=actor, role=Role.MANAGEMENT).exists():
        raise field_error("password", _("Only management can approve a management review."), "not_management")
    _require_draft(review)
    if not review.outputs.strip() or not review.decisions.strip():
        raise field_error("outputs", _("Enter the outputs and the decisions of the meeting before approval."),
                          "outputs_missing")
    if confirmed_sha256 != review_digest(review):
        raise field_error("confirmed_sha256", _("The review changed after you opened it; reload and approve again."),
                          "hash_mismatch")
    check_reauthentication(actor, password=password, otp_code=otp_code)

    approved_at = timezone.now()
    review.approved_by, review.approved_at, review.status = actor, approved_at, ManagementReview.Status.APPROVED
    pdf = render_pdf("reporting/review_pdf.html", {"review": review, "workspace": review.workspace},
                     language=review.workspace.default_language)
    digest = sha256_hex(pdf)
    with transaction.atomic(), acting_as(actor):
        locked = ManagementReview.objects.select_for_update().get(pk=review.pk)
        _require_draft(locked)
        locked.status, locked.approved_by, locked.approved_at = review.status, actor, approved_at
        locked.sha256 = digest
        locked.file.save(f"management-review-{review.held_on.isoformat()}-{str(review.pk)[:8]}.pdf",
                         ContentFile(pdf), save=False)
        locked.save()
        append_event(workspace_id=locked.workspace_id, action="approve", object_type="reporting.managementreview",
                     object_id=str(locked.pk), object_repr=str(locked), actor=actor,
                     changes={"sha256": digest, "content_sha256": confirmed_sha256})
    return locked
