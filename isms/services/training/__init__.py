"""Training programme: courses, sessions and attendance, per-person status, certificates, reminders."""

from isms.services.training.certificates import certificate_for
from isms.services.training.courses import course_create, course_update, session_record
from isms.services.training.reminders import training_open_reminders
from isms.services.training.status import PersonStatus, Status, course_statuses, training_summary

__all__ = ["PersonStatus", "Status", "certificate_for", "course_create", "course_statuses", "course_update",
           "session_record", "training_open_reminders", "training_summary"]
