from incidents.models.alert import AlertDelivery, DeliveryAttempt, EngineHeartbeat
from incidents.models.channels import CalendarFeed, EscalationPolicy, Notification, WebhookEndpoint
from incidents.models.incident import Incident, SignificanceAssessment, TimelineEntry
from incidents.models.obligation import ObligationKind, Regime, ReportingObligation

__all__ = [
    "CalendarFeed", "EscalationPolicy", "Notification", "WebhookEndpoint",
    "AlertDelivery", "DeliveryAttempt", "EngineHeartbeat", "Incident", "ObligationKind", "Regime",
    "ReportingObligation", "SignificanceAssessment", "TimelineEntry",
]
