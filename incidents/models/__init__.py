from incidents.models.alert import AlertDelivery, DeliveryAttempt, EngineHeartbeat
from incidents.models.channels import CalendarFeed, EscalationPolicy, Notification
from incidents.models.incident import Incident, SignificanceAssessment, TimelineEntry
from incidents.models.obligation import ObligationKind, Regime, ReportingObligation
from incidents.models.webhooks import PING_EVENT, WebhookEndpoint, WebhookEvent, WebhookEventType

__all__ = [
    "CalendarFeed", "EscalationPolicy", "Notification", "PING_EVENT", "WebhookEndpoint", "WebhookEvent",
    "WebhookEventType",
    "AlertDelivery", "DeliveryAttempt", "EngineHeartbeat", "Incident", "ObligationKind", "Regime",
    "ReportingObligation", "SignificanceAssessment", "TimelineEntry",
]
