import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civac.settings")

app = Celery("civac")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
