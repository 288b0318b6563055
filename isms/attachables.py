"""The ISMS models that accept evidence files; each area adds its own here."""

from django.urls import reverse

from isms.evidence_registry import register_attachable


def _policy_url(policy, workspace) -> str:
    return reverse("isms:policy_detail", args=[workspace.slug, policy.pk])


def _task_url(task, workspace) -> str:
    return reverse("isms:task_detail", args=[workspace.slug, task.pk])


def _is_task_owner(task, user) -> bool:
    return task.owner_id is not None and task.owner_id == user.pk


def _risk_url(risk, workspace) -> str:
    return reverse("isms:risk_detail", args=[workspace.slug, risk.pk])


def _soa_entry_url(entry, workspace) -> str:
    return reverse("isms:soa_entry", args=[workspace.slug, entry.pk])


def _asset_url(asset, workspace) -> str:
    return reverse("isms:asset_detail", args=[workspace.slug, asset.pk])


def _course_url(course, workspace) -> str:
    return reverse("isms:training_course_detail", args=[workspace.slug, course.pk])


def _attendance_url(attendance, workspace) -> str:
    return reverse("isms:training_course_detail", args=[workspace.slug, attendance.session.course_id])


def _supplier_url(supplier, workspace) -> str:
    return reverse("isms:supplier_detail", args=[workspace.slug, supplier.pk])


def _assessment_url(assessment, workspace) -> str:
    return reverse("isms:supplier_assessment_detail", args=[workspace.slug, assessment.pk])


def _audit_url(audit, workspace) -> str:
    return reverse("isms:audit_detail", args=[workspace.slug, audit.pk])


def _finding_url(finding, workspace) -> str:
    return reverse("isms:audit_finding_detail", args=[workspace.slug, finding.audit_id, finding.pk])


def _nonconformity_url(nonconformity, workspace) -> str:
    return reverse("isms:corrective_detail", args=[workspace.slug, nonconformity.pk])


def _check_url(check, workspace) -> str:
    return reverse("isms:corrective_detail", args=[workspace.slug, check.nonconformity_id])


def register_isms_attachables() -> None:
    from isms.models import (
        Asset,
        AuditFinding,
        EffectivenessCheck,
        InternalAudit,
        Nonconformity,
        Policy,
        Risk,
        SoAEntry,
        Supplier,
        SupplierAssessment,
        Task,
        TrainingAttendance,
        TrainingCourse,
    )

    register_attachable(Asset, "edit", _asset_url)
    register_attachable(Policy, "edit", _policy_url)
    register_attachable(Risk, "edit", _risk_url)
    register_attachable(SoAEntry, "edit", _soa_entry_url)
    register_attachable(Task, "edit", _task_url, also_allowed=_is_task_owner)
    register_attachable(TrainingCourse, "edit", _course_url)
    register_attachable(TrainingAttendance, "edit", _attendance_url)
    register_attachable(Supplier, "edit", _supplier_url)
    register_attachable(SupplierAssessment, "edit", _assessment_url)
    register_attachable(InternalAudit, "edit", _audit_url)
    register_attachable(AuditFinding, "edit", _finding_url)
    register_attachable(Nonconformity, "edit", _nonconformity_url)
    register_attachable(EffectivenessCheck, "edit", _check_url)
