from mandates.models import Mandate


def active_mandate_workspace_ids_for_user(user) -> set:
    """Return the workspaces where a partner that employs ``user`` has an active mandate."""
    return set(
        Mandate.all_workspaces.filter(status=Mandate.Status.ACTIVE, partner__staff__user=user)
        .values_list("workspace_id", flat=True)
    )


def partner_oncall_emails(workspace) -> list[str]:
    """On-call addresses of partners with an active mandate for ``workspace``."""
    return sorted(
        set(
            Mandate.all_workspaces.filter(workspace=workspace, status=Mandate.Status.ACTIVE)
            .values_list("partner__oncall_email", flat=True)
        )
    )


def partner_staff_emails(workspace) -> list[str]:
    """Staff of partners with an active mandate for ``workspace``; they work there as officers."""
    return sorted(
        set(
            Mandate.all_workspaces.filter(workspace=workspace, status=Mandate.Status.ACTIVE)
            .values_list("partner__staff__user__email", flat=True)
        ) - {None}
    )


def partner_staff_users(workspace):
    """Users who work in ``workspace`` as staff of a partner with an active mandate."""
    from django.contrib.auth import get_user_model

    user_ids = Mandate.all_workspaces.filter(workspace=workspace, status=Mandate.Status.ACTIVE).values(
        "partner__staff__user")
    return get_user_model().objects.filter(pk__in=user_ids).order_by("email")


def hours_by_month(mandate) -> list[dict]:
    """Hours recorded per month against the contracted hours, newest month first; one query."""
    from django.db.models import Sum
    from django.db.models.functions import TruncMonth

    from mandates.models import TimeEntry

    rows = (TimeEntry.objects.filter(mandate=mandate).annotate(month=TruncMonth("worked_on"))
            .values("month").annotate(minutes=Sum("minutes")).order_by("-month"))
    contracted = float(mandate.hours_per_month) if mandate.hours_per_month else None
    return [{"month": row["month"], "hours": round(row["minutes"] / 60, 1), "contracted": contracted,
             "over": contracted is not None and row["minutes"] / 60 > contracted} for row in rows]
