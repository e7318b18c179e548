import pytest

from socialops.celery import app


@pytest.fixture
def eager_celery():
    """Run tasks in the test's own process when they are sent (to see their emails)."""
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before
