"""Writes on the escalation policy of a workspace and on the user's calendar feeds."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civac.audit.recorder import append_event
from civac.tenancy.errors import field_error
from incidents.models import CalendarFeed, EscalationPolicy

MAX_HOURS_BEFORE_DUE = 24 * 31


def _parse_hours(raw: str) -> list[int]:
    parts = [part.strip() for part in raw.split(",") if part.strip()]
    if not all(part.isdigit() for part in parts):
        raise field_error("hours_before_due", _("Enter whole hours separated by commas, for example 4,1."),
                          "invalid_hours")
    hours = [int(part) for part in parts]
    if any(not 0 < value <= MAX_HOURS_BEFORE_DUE for value in hours):
        raise field_error("hours_before_due", _("Each value must be between 1 and %(max)s hours.")
                          % {"max": MAX_HOURS_BEFORE_DUE}, "hours_out_of_range")
    return hours


def escalation_policy_save(*, actor, workspace, values: dict) -> EscalationPolicy:
    """Store the policy; it applies to obligations opened from now on."""
    hours = _parse_hours(values.get("hours_before_due", ""))
    values = {**values, "hours_before_due": ",".join(str(value) for value in sorted(set(hours), reverse=True))}
    policy = EscalationPolicy.objects.filter(workspace=workspace).first() or EscalationPolicy(workspace=workspace)
    for name, value in values.items():
        setattr(policy, name, value)
    policy.full_clean()
    policy.save()
    return policy


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_feed_create(*, user, label: str = "") -> tuple[CalendarFeed, str]:
    """Create a feed and return it with its token; only the token's hash is stored."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        feed = CalendarFeed.objects.create(user=user, token_hash=token_hash(token), label=label.strip()[:100])
        append_event(workspace_id=None, action="create", object_type="incidents.calendarfeed", object_id=str(feed.pk),
                     object_repr=feed.label, actor=user)
    return feed, token


def calendar_feed_revoke(*, user, feed: CalendarFeed) -> CalendarFeed:
    if feed.user_id != user.pk:
        raise field_error("feed", _("This calendar feed belongs to another user."), "not_owner")
    if feed.revoked_at is None:
        with transaction.atomic():
            feed.revoked_at = timezone.now()
            feed.save(update_fields=["revoked_at"])
            append_event(workspace_id=None, action="revoke", object_type="incidents.calendarfeed",
                         object_id=str(feed.pk), object_repr=feed.label, actor=user)
    return feed
