"""Queries to the client during onboarding: a question to a named member, a due date and the answer kept.

Transitions: open -> answered. Each query opens an ISMS task owned by the
addressee, so the task list's e-mail reminders chase the answer, and
answering completes that task. Files that back the answer are evidence
attached to the query (see ``mandates.apps``).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civac.tenancy.access import resolve_access
from civac.tenancy.errors import field_error
from civac.tenancy.models import Membership
from isms.services.tasks import task_complete, task_create
from mandates.models import Mandate, OnboardingQuery

MAX_QUESTION_LENGTH = 4000
MAX_ANSWER_LENGTH = 10000
# A question the client should answer more than a year from now is a typo, not a plan.
MAX_DAYS_AHEAD = 366
TASK_TITLE_LENGTH = 120


def _check_question(question: str) -> str:
    question = (question or "").strip()
    if not question:
        raise field_error("question", _("Enter the question for the client."), "question_missing")
    if len(question) > MAX_QUESTION_LENGTH:
        raise field_error("question", _("The question is longer than %(max)d characters; shorten it or split it "
                                        "into several queries.") % {"max": MAX_QUESTION_LENGTH}, "question_too_long")
    return question


def _check_due_on(due_on: date | None, today: date) -> None:
    if due_on is None:
        raise field_error("due_on", _("Enter the date by which the answer is due."), "due_on_missing")
    if due_on < today:
        raise field_error("due_on", _("The due date %(date)s lies in the past; choose today or a later day.")
                          % {"date": due_on.isoformat()}, "due_on_past")
    if due_on > today + timedelta(days=MAX_DAYS_AHEAD):
        raise field_error("due_on", _("The due date %(date)s is more than a year ahead; choose an earlier day.")
                          % {"date": due_on.isoformat()}, "due_on_too_far")


def query_ask(*, actor, mandate: Mandate, question: str, addressee, due_on: date,
              today: date | None = None) -> OnboardingQuery:
    """Ask ``addressee``, a member of the client workspace, a question and open their task to answer it."""
    today = today or timezone.localdate()
    if mandate.status != Mandate.Status.ACTIVE:
        raise field_error("mandate", _("Queries can be sent only while the mandate is active."),
                          "mandate_not_active")
    question = _check_question(question)
    _check_due_on(due_on, today)
    if addressee is None or not Membership.all_workspaces.filter(workspace=mandate.workspace,
                                                                 user=addressee).exists():
        raise field_error("addressee", _("Choose a member of %(workspace)s as addressee.")
                          % {"workspace": mandate.workspace.legal_name}, "addressee_not_member")

    title = _("Answer the query: %(question)s") % {"question": question}
    if len(title) > TASK_TITLE_LENGTH:
        title = title[:TASK_TITLE_LENGTH - 1] + "…"
    with transaction.atomic():
        task = task_create(actor=actor, workspace=mandate.workspace, title=title, description=question,
                           owner=addressee, due_on=due_on)
        return OnboardingQuery.objects.create(workspace=mandate.workspace, mandate=mandate, question=question,
                                              addressee=addressee, due_on=due_on, asked_by=actor, task=task)


def may_answer(user, query: OnboardingQuery) -> bool:
    """Return whether ``user`` may answer: the addressee, or anyone who may edit the workspace."""
    if user.pk == query.addressee_id:
        return True
    access = resolve_access(user, query.workspace.slug)
    return access is not None and access.can_edit


def query_answer(*, actor, query: OnboardingQuery, answer: str) -> OnboardingQuery:
    """Keep the answer and complete the addressee's task; an answer, once given, is not overwritten."""
    answer = (answer or "").strip()
    if not answer:
        raise field_error("answer", _("Enter the answer."), "answer_missing")
    if len(answer) > MAX_ANSWER_LENGTH:
        raise field_error("answer", _("The answer is longer than %(max)d characters; shorten it and attach the "
                                      "details as a file.") % {"max": MAX_ANSWER_LENGTH}, "answer_too_long")
    if not may_answer(actor, query):
        raise field_error("answer", _("Only the addressee or the officer can answer this query."),
                          "answer_not_allowed")
    with transaction.atomic():
        locked = OnboardingQuery.objects.select_for_update().get(pk=query.pk)
        if locked.answered_at is not None:
            raise field_error("answer", _("This query was already answered on %(date)s.")
                              % {"date": locked.answered_at.date().isoformat()}, "already_answered")
        locked.answer = answer
        locked.answered_at = timezone.now()
        locked.answered_by = actor
        locked.save()
        if locked.task is not None and locked.task.is_open:
            task_complete(actor=actor, task=locked.task, note=_("Query answered."))
    return locked
