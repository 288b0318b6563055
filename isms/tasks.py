from celery import shared_task

from isms.services.evidence.scanning import scan_pending_evidence as sweep


@shared_task(name="isms.tasks.scan_pending_evidence")
def scan_pending_evidence() -> int:
    return sweep()
