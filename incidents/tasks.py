import logging

from celery import shared_task
from django.utils import timezone

from incidents.models import EngineHeartbeat
from incidents.outbox import run_tick

logger = logging.getLogger(__name__)


@shared_task(name="incidents.tasks.send_due_alerts", ignore_result=True)
def send_due_alerts() -> dict:
    """Beat tick: record the heartbeat, then send every due alert."""
    EngineHeartbeat.objects.update_or_create(name="alerts", defaults={"last_tick_at": timezone.now()})
    counts = run_tick()
    if counts:
        logger.info("alert tick finished: %s", counts)
    return counts
