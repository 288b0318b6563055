"""Hours the partner spent on the mandate in the quarter, against the hours the mandate contracts per month."""

from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from mandates.models import Mandate, TimeEntry
from reporting.sections import SectionInput, register


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _months(first_day: date, end_day: date) -> list[date]:
    """Return the first day of each month from ``first_day`` up to the exclusive ``end_day``."""
    months, month = [], first_day.replace(day=1)
    while month < end_day:
        months.append(month)
        month = _next_month(month)
    return months


def _covered_months(mandate: Mandate, months: list[date]) -> list[date]:
    """Return the months in which the mandate ran on at least one day."""
    return [month for month in months
            if mandate.starts_on < _next_month(month) and (mandate.ends_on is None or mandate.ends_on >= month)]


def _hours(minutes: int) -> float:
    return round(minutes / 60, 1)


@register("mandate_hours", _("Hours used on the mandate"), order=80)
def mandate_hours(section: SectionInput) -> dict:
    """Sum the time entries of each mandate that ran in the quarter, per month and against the contracted hours.

    A month counts as contracted when the mandate ran on at least one of its
    days, so a mandate starting mid-month is held to the full monthly hours.
    """
    zone = section.workspace.zone
    first_day = section.period_start.astimezone(zone).date()
    end_day = section.period_end.astimezone(zone).date()
    months = _months(first_day, end_day)
    mandates = list(Mandate.objects.filter(status__in=[Mandate.Status.ACTIVE, Mandate.Status.ENDED],
                                           starts_on__lt=end_day)
                    .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first_day))
                    .select_related("partner").order_by("starts_on"))
    per_month = (TimeEntry.objects.filter(mandate__in=mandates, worked_on__gte=first_day, worked_on__lt=end_day)
                 .annotate(month=TruncMonth("worked_on")).values("mandate_id", "month")
                 .annotate(minutes=Sum("minutes")))
    minutes = {(row["mandate_id"], row["month"]): row["minutes"] for row in per_month}

    rows = []
    for mandate in mandates:
        used = [minutes.get((mandate.pk, month), 0) for month in months]
        contracted = None
        if mandate.hours_per_month is not None:
            contracted = float(mandate.hours_per_month * Decimal(len(_covered_months(mandate, months))))
        used_hours = _hours(sum(used))
        rows.append({
            "partner": mandate.partner.name,
            "starts_on": mandate.starts_on.isoformat(),
            "ends_on": mandate.ends_on.isoformat() if mandate.ends_on else None,
            "hours_per_month": float(mandate.hours_per_month) if mandate.hours_per_month is not None else None,
            "months": [{"month": month.isoformat(), "hours": _hours(value)} for month, value in zip(months, used)],
            "used_hours": used_hours,
            "contracted_hours": contracted,
            "used_share": round(100 * used_hours / contracted) if contracted else None,
        })
    return {"mandates": rows}
