"""Writes on courses and sessions; each save is audited through the row itself."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from civac.tenancy.context import workspace_context
from civac.tenancy.errors import field_error
from civac.tenancy.models import Membership
from civac.tenancy.roles import Role
from isms.models import TrainingAttendance, TrainingCourse, TrainingSession

MAX_INTERVAL_MONTHS = 60
COURSE_FIELDS = ["title", "description", "audience", "audience_roles", "interval_months", "first_due_on",
                 "material_url", "management_training", "archived"]


def _check_course(values: dict, people, workspace) -> None:
    if not (values.get("title") or "").strip():
        raise field_error("title", _("Enter the topic of the training."), "title_missing")
    interval = values.get("interval_months")
    if interval is None or not 1 <= interval <= MAX_INTERVAL_MONTHS:
        raise field_error("interval_months", _("Enter an interval between 1 and %(max)d months.")
                          % {"max": MAX_INTERVAL_MONTHS}, "interval_invalid")
    if values.get("first_due_on") is None:
        raise field_error("first_due_on", _("Enter the date by which the training must first be completed."),
                          "first_due_missing")
    audience = values.get("audience")
    roles = values.get("audience_roles") or []
    if audience == TrainingCourse.Audience.ROLES:
        if not roles or any(role not in Role.values for role in roles):
            raise field_error("audience_roles", _("Choose at least one role for this audience."), "roles_missing")
    if audience == TrainingCourse.Audience.PEOPLE:
        if not people:
            raise field_error("audience_people", _("Choose at least one person for this audience."),
                              "people_missing")
        members = set(Membership.all_workspaces.filter(workspace=workspace).values_list("user_id", flat=True))
        if any(person.pk not in members for person in people):
            raise field_error("audience_people", _("Choose members of this workspace only."), "people_not_members")


def _clean(values: dict) -> dict:
    cleaned = {field: values[field] for field in COURSE_FIELDS if field in values}
    cleaned["title"] = (cleaned.get("title") or "").strip()
    if cleaned.get("audience") != TrainingCourse.Audience.ROLES:
        cleaned["audience_roles"] = []
    return cleaned


def course_create(*, actor, workspace, values: dict, people=()) -> TrainingCourse:
    """Create a course; ``people`` is the audience when it is "named people", ignored otherwise."""
    values = _clean(values)
    people = list(people) if values.get("audience") == TrainingCourse.Audience.PEOPLE else []
    _check_course(values, people, workspace)
    with transaction.atomic(), workspace_context(workspace):
        course = TrainingCourse.objects.create(workspace=workspace, **values)
        course.audience_people.set(people)
    return course


def course_update(*, actor, course: TrainingCourse, values: dict, people=()) -> TrainingCourse:
    merged = _clean({field: values.get(field, getattr(course, field)) for field in COURSE_FIELDS})
    people = list(people) if merged.get("audience") == TrainingCourse.Audience.PEOPLE else []
    _check_course(merged, people, course.workspace)
    with transaction.atomic(), workspace_context(course.workspace):
        for field, value in merged.items():
            setattr(course, field, value)
        course.save()
        course.audience_people.set(people)
    return course


def session_record(*, actor, course: TrainingCourse, held_on: date, attendees, trainer: str = "",
                   notes: str = "", today: date) -> TrainingSession:
    """Record a held session and who attended; every attendee counts as having completed the course that day."""
    if held_on is None:
        raise field_error("held_on", _("Enter the date on which the session was held."), "held_on_missing")
    if held_on > today:
        raise field_error("held_on", _("A session can be recorded only once it was held; choose today or an "
                                       "earlier date."), "held_on_future")
    attendees = list(attendees)
    if not attendees:
        raise field_error("attendees", _("Choose at least one person who attended."), "attendees_missing")
    members = set(Membership.all_workspaces.filter(workspace=course.workspace).values_list("user_id", flat=True))
    if any(person.pk not in members for person in attendees):
        raise field_error("attendees", _("Choose members of this workspace only."), "attendees_not_members")
    with transaction.atomic(), workspace_context(course.workspace):
        session = TrainingSession.objects.create(workspace=course.workspace, course=course, held_on=held_on,
                                                 trainer=trainer.strip(), notes=notes.strip())
        for person in attendees:
            TrainingAttendance.objects.create(workspace=course.workspace, session=session, person=person)
    return session
