"""The Celery app. Configuration lives in Django settings under CELERY_*; queues are declared
here so every worker and the beat agree on them.

Queues: `publishing` (posts going out at their time: kept short so nothing waits behind a metrics
pull), `metrics` (engagement pulls, slow and bulky), `default` (everything else).
"""

import os

from celery import Celery
from kombu import Exchange, Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialops.settings.demo")

app = Celery("socialops")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_queues = tuple(
    Queue(name, Exchange(name, type="direct"), routing_key=name)
    for name in ("default", "publishing", "metrics")
)
app.autodiscover_tasks()
