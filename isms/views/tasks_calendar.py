"""The month calendar of a workspace's tasks, rendered on the server as a grid of weeks."""

import calendar
from datetime import date

from django.contrib import messages
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from civac.tenancy.decorators import workspace_view
from isms.services.tasks.selectors import month_tasks


def _month_from(value: str | None, today: date) -> tuple[date, bool]:
    """Read "YYYY-MM"; returns the first of that month and whether the value was usable."""
    if not value:
        return today.replace(day=1), True
    try:
        year, month = (int(part) for part in value.split("-"))
        return date(year, month, 1), 1900 <= year <= 2200
    except ValueError:
        return today.replace(day=1), False


def _shift_month(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@workspace_view()
def task_calendar(request):
    today = timezone.localdate()
    first, usable = _month_from(request.GET.get("month"), today)
    if not usable:
        messages.error(request, _("The month must be given as YEAR-MONTH, for example 2026-03; showing the "
                                  "current month."))
        first = today.replace(day=1)
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(first.year, first.month)
    by_day: dict[date, list] = {}
    for task in month_tasks(weeks[0][0], weeks[-1][-1]):
        by_day.setdefault(task.due_on, []).append(task)
    grid = [[{"day": day, "tasks": by_day.get(day, []), "in_month": day.month == first.month} for day in week]
            for week in weeks]
    return render(request, "isms/tasks/calendar.html", {
        "first": first, "grid": grid, "today": today,
        "previous": _shift_month(first, -1), "next": _shift_month(first, 1),
        "weekdays": weeks[0],
    })
