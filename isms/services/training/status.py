"""Per-person training status, computed from the last attended session and the course interval.

Status as of a reference date ``today``:
- overdue: the due date passed;
- due: never attended, or the due date is at most ``DUE_SOON_DAYS`` away;
- completed: attended, and the next due date is further away.
The next due date is the last attendance plus the interval in months; a day
number that the target month lacks ends on its last day (31 Jan + 1 month is
28 or 29 Feb), as ``relativedelta`` does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Max

from civac.tenancy.context import workspace_context
from civac.tenancy.models import Membership
from civac.tenancy.roles import Role
from isms.models import EvidenceFile, TrainingAttendance, TrainingCourse

DUE_SOON_DAYS = 30


class Status:
    DUE = "due"
    COMPLETED = "completed"
    OVERDUE = "overdue"


@dataclass
class PersonStatus:
    course: TrainingCourse
    person: object
    last_completed_on: date | None
    due_on: date
    status: str
    evidence_count: int = field(default=0)


def next_due_on(course: TrainingCourse, last_completed_on: date | None) -> date:
    if last_completed_on is None:
        return course.first_due_on
    return last_completed_on + relativedelta(months=course.interval_months)


def status_for(due_on: date, last_completed_on: date | None, today: date) -> str:
    if due_on < today:
        return Status.OVERDUE
    if last_completed_on is None or due_on <= today + timedelta(days=DUE_SOON_DAYS):
        return Status.DUE
    return Status.COMPLETED


def _audience(course: TrainingCourse, memberships: list) -> list:
    if course.audience == TrainingCourse.Audience.PEOPLE:
        named = {person.pk for person in course.audience_people.all()}
        return [membership.user for membership in memberships if membership.user_id in named]
    if course.audience == TrainingCourse.Audience.ROLES:
        return [membership.user for membership in memberships if membership.role in course.audience_roles]
    return [membership.user for membership in memberships]


def _last_completions(today: date) -> dict:
    rows = (TrainingAttendance.objects.filter(session__held_on__lte=today)
            .values("session__course_id", "person_id").annotate(last=Max("session__held_on")))
    return {(row["session__course_id"], row["person_id"]): row["last"] for row in rows}


def course_statuses(*, today: date, courses=None) -> dict:
    """Map each course id to the status of every person in its audience; call inside a workspace context.

    Three queries whatever the number of courses and people: members, courses
    with their named people, and the last attendance per course and person.
    """
    memberships = list(Membership.objects.select_related("user").order_by("user__last_name", "user__email"))
    if courses is None:
        courses = TrainingCourse.objects.filter(archived=False)
    courses = list(courses.prefetch_related("audience_people"))
    last = _last_completions(today)
    result = {}
    for course in courses:
        rows = []
        for person in _audience(course, memberships):
            completed = last.get((course.pk, person.pk))
            due_on = next_due_on(course, completed)
            rows.append(PersonStatus(course, person, completed, due_on, status_for(due_on, completed, today)))
        result[course.pk] = rows
    return result


def _management_evidence_counts() -> dict:
    attendances = TrainingAttendance.objects.filter(session__course__management_training=True)
    by_attendance = dict(attendances.values_list("pk", "person_id"))
    counts = (EvidenceFile.objects.filter(subject_type=TrainingAttendance._meta.label_lower,
                                          subject_id__in=list(by_attendance), withdrawn_at__isnull=True)
              .values("subject_id").annotate(total=Count("pk")))
    per_person: dict = {}
    for row in counts:
        person_id = by_attendance[row["subject_id"]]
        per_person[person_id] = per_person.get(person_id, 0) + row["total"]
    return per_person


def training_summary(workspace, period_start: date, period_end: date) -> dict:
    """Counts for the quarterly report, as of ``period_end``, and the management training per management member.

    Returns ``{"due", "overdue", "completed_in_period", "management": [...],
    "management_course_missing"}``; each management entry contains the person,
    their status per management course and the number of evidence files on
    their management training attendances.
    """
    with workspace_context(workspace):
        statuses = course_statuses(today=period_end)
        rows = [row for course_rows in statuses.values() for row in course_rows]
        completed = TrainingAttendance.objects.filter(session__held_on__gte=period_start,
                                                      session__held_on__lte=period_end).count()
        evidence = _management_evidence_counts()
        managers = list(Membership.objects.filter(role=Role.MANAGEMENT).select_related("user")
                        .order_by("user__last_name", "user__email"))
        has_management_course = TrainingCourse.objects.filter(management_training=True, archived=False).exists()
    management_rows = [row for row in rows if row.course.management_training]
    management = []
    for membership in managers:
        mine = [row for row in management_rows if row.person.pk == membership.user_id]
        management.append({"person": membership.user, "courses": mine,
                           "evidence_count": evidence.get(membership.user_id, 0),
                           "status": _worst(mine)})
    return {
        "due": sum(1 for row in rows if row.status == Status.DUE),
        "overdue": sum(1 for row in rows if row.status == Status.OVERDUE),
        "completed_in_period": completed,
        "management": management,
        "management_course_missing": not has_management_course,
    }


def _worst(rows: list) -> str | None:
    """The most urgent status of one person's management courses; None when no such course covers them."""
    for status in (Status.OVERDUE, Status.DUE, Status.COMPLETED):
        if any(row.status == status for row in rows):
            return status
    return None
