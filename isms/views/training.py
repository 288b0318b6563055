"""Training pages: course list with status counts, course detail with each person's status, sessions, certificates."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from civac.tenancy.decorators import workspace_view
from civac.web.formtools import apply_service_errors
from isms.forms.training import CourseForm, SessionForm
from isms.models import TrainingAttendance, TrainingCourse
from isms.services.training import (
    Status,
    certificate_for,
    course_create,
    course_statuses,
    course_update,
    session_record,
    training_open_reminders,
)

PAGE_SIZE = 50


def _today(request):
    return timezone.localdate(timezone.now(), request.workspace.zone)


@workspace_view()
@require_http_methods(["GET"])
def training_list(request):
    page = Paginator(TrainingCourse.objects.order_by("archived", "title", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page"))
    statuses = course_statuses(today=_today(request), courses=TrainingCourse.objects.filter(
        pk__in=[course.pk for course in page]))
    rows = []
    for course in page:
        people = statuses.get(course.pk, [])
        rows.append({"course": course, **{status: sum(1 for row in people if row.status == status)
                                          for status in (Status.DUE, Status.OVERDUE, Status.COMPLETED)}})
    return render(request, "isms/training/list.html", {"page": page, "rows": rows})


@workspace_view(objects={"course_id": TrainingCourse})
@require_http_methods(["GET"])
def training_course_detail(request, course_id):
    course = get_object_or_404(TrainingCourse, pk=course_id)
    people = course_statuses(today=_today(request), courses=TrainingCourse.objects.filter(pk=course.pk))[course.pk]
    sessions = (course.sessions.prefetch_related("attendances__person").order_by("-held_on"))
    return render(request, "isms/training/detail.html", {"course": course, "people": people, "sessions": sessions})


def _course_form_view(request, course):
    form = CourseForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        people = form.cleaned_data["audience_people"]
        try:
            if course is None:
                course = course_create(actor=request.user, workspace=request.workspace, values=form.values(),
                                       people=people)
            else:
                course = course_update(actor=request.user, course=course, values=form.values(), people=people)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Training course saved."))
            return redirect("isms:training_course_detail", workspace_slug=request.workspace.slug,
                            course_id=course.pk)
    return render(request, "isms/training/form.html", {"form": form, "course": course},
                  status=400 if form.errors else 200)


@workspace_view("edit")
@require_http_methods(["GET", "POST"])
def training_course_new(request):
    return _course_form_view(request, None)


@workspace_view("edit", objects={"course_id": TrainingCourse})
@require_http_methods(["GET", "POST"])
def training_course_edit(request, course_id):
    return _course_form_view(request, get_object_or_404(TrainingCourse, pk=course_id))


@workspace_view("edit", objects={"course_id": TrainingCourse})
@require_http_methods(["GET", "POST"])
def training_session_new(request, course_id):
    course = get_object_or_404(TrainingCourse, pk=course_id)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session_record(actor=request.user, course=course, held_on=data["held_on"], attendees=data["attendees"],
                           trainer=data["trainer"], notes=data["notes"], today=_today(request))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Session recorded."))
            return redirect("isms:training_course_detail", workspace_slug=request.workspace.slug,
                            course_id=course.pk)
    return render(request, "isms/training/session_form.html", {"form": form, "course": course},
                  status=400 if form.errors else 200)


@workspace_view(objects={"attendance_id": TrainingAttendance})
@require_http_methods(["GET"])
def training_certificate(request, attendance_id):
    attendance = get_object_or_404(
        TrainingAttendance.objects.select_related("session__course", "person", "workspace"), pk=attendance_id)
    data = certificate_for(actor=request.user, attendance=attendance, language=get_language() or "de")
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="training-certificate-{attendance.pk}.pdf"'
    return response


@workspace_view("edit")
@require_http_methods(["POST"])
def training_reminders_open(request):
    opened = training_open_reminders(actor=request.user, workspace=request.workspace)
    messages.success(request, _("%(count)d reminder tasks opened.") % {"count": opened})
    return redirect("isms:training_list", workspace_slug=request.workspace.slug)
