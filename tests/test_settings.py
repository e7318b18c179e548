"""How SocialOps is configured and deployed: production settings, the environment helpers that
refuse bad values, the health check, docker-compose.yml and the Celery app."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ImproperlyConfigured

from socialops.env import env_bool, env_database_url, env_int, env_list, env_redis_url

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SERVICES = {"postgres", "redis", "web", "worker", "publisher", "beat"}
QUEUES = {"default", "publishing", "metrics"}

# Every variable the settings read; the subprocesses below start from none of them.
SETTINGS_VARIABLES = {
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SITE_URL",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "REDIS_URL",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "DEFAULT_FROM_EMAIL",
    "ADMINS",
    "ENCRYPTION_KEYS",
    "MEDIA_STORAGE",
    "MEDIA_ROOT",
    "MEDIA_BUCKET",
    "MEDIA_S3_ENDPOINT_URL",
}


def production_env(**overrides: str | None) -> dict[str, str]:
    """The environment of a production process; an override of None removes the variable."""
    # DJANGO_ALLOW_ASYNC_UNSAFE is set for the browser tests in this same run; a production
    # process never has it (and check --deploy rightly flags it).
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in SETTINGS_VARIABLES and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="socialops.settings.production",
        SECRET_KEY=secrets.token_hex(32),
        ALLOWED_HOSTS="socialops.example.org",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/socialops",
        REDIS_URL="redis://127.0.0.1:6379/0",
        ENCRYPTION_KEYS="dGVzdC1vbmx5LWtleS0wMTIzNDU2Nzg5LTAxMjM0NTY=",
    )
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def run_python(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py, fixed arguments
        [sys.executable, *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# Production settings ---------------------------------------------------------------------------


def test_it_passes_the_deploy_check_without_a_single_warning():
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env()
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("SECRET_KEY", None),
        ("ALLOWED_HOSTS", None),
        ("DATABASE_URL", "mysql://x/y"),
        ("DATABASE_URL", "not-a-url"),
        ("DATABASE_URL", "postgres://127.0.0.1:5432"),
        ("REDIS_URL", "http://x"),
        ("SECURE_SSL_REDIRECT", "maybe"),
        ("EMAIL_PORT", "twenty-five"),
    ],
    ids=[
        "missing-secret-key",
        "missing-allowed-hosts",
        "mysql-database",
        "database-not-a-url",
        "database-without-name",
        "redis-over-http",
        "boolean-maybe",
        "port-not-a-number",
    ],
)
def test_it_refuses_to_start_production_naming_the_bad_variable(variable, value):
    result = run_python(
        ["-c", "import django; django.setup()"], production_env(**{variable: value})
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr.strip().splitlines()[-1]


def test_it_starts_production_with_nothing_but_the_required_variables():
    result = run_python(["-c", "import django; django.setup()"], production_env())

    assert result.returncode == 0, result.stderr


# Environment helpers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        *[("1", True), ("TRUE", True), (" yes ", True), ("on", True)],
        *[("0", False), ("false", False), ("No", False), ("off", False)],
    ],
)
def test_it_reads_booleans_in_their_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("FEATURE_ON", raw)

    assert env_bool("FEATURE_ON") is expected


@pytest.mark.parametrize("raw", ["maybe", "2", "y e s"])
def test_it_refuses_a_boolean_it_cannot_read(monkeypatch, raw):
    monkeypatch.setenv("FEATURE_ON", raw)

    with pytest.raises(ImproperlyConfigured, match="FEATURE_ON"):
        env_bool("FEATURE_ON")


def test_it_reads_whole_numbers_and_refuses_anything_else(monkeypatch):
    monkeypatch.setenv("SMTP_PORT", "587")
    assert env_int("SMTP_PORT") == 587

    monkeypatch.setenv("SMTP_PORT", "5.87")
    with pytest.raises(ImproperlyConfigured, match="SMTP_PORT"):
        env_int("SMTP_PORT")


def test_it_reads_a_comma_separated_list_without_blanks(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example.org, b.example.org ,")

    assert env_list("HOSTS") == ["a.example.org", "b.example.org"]


def test_it_refuses_a_list_of_nothing_but_commas(monkeypatch):
    monkeypatch.setenv("HOSTS", " , ,")

    with pytest.raises(ImproperlyConfigured, match="HOSTS"):
        env_list("HOSTS")


def test_it_uses_the_default_when_the_variable_is_unset_or_blank(monkeypatch):
    monkeypatch.delenv("UNSET_FLAG", raising=False)
    monkeypatch.setenv("BLANK_PORT", "  ")

    assert env_bool("UNSET_FLAG", True) is True
    assert env_int("BLANK_PORT", 25) == 25
    assert env_list("UNSET_FLAG", []) == []


@pytest.mark.parametrize("helper", [env_bool, env_int, env_list, env_database_url, env_redis_url])
def test_it_names_a_required_variable_that_is_missing(monkeypatch, helper):
    monkeypatch.delenv("REQUIRED_THING", raising=False)

    with pytest.raises(ImproperlyConfigured, match="REQUIRED_THING"):
        helper("REQUIRED_THING")


def test_it_reads_a_postgresql_database_url(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://app:s3cret@db.internal:6543/socialops")

    config = env_database_url("DATABASE_URL")

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 6543, "socialops")
    assert (config["USER"], config["PASSWORD"]) == ("app", "s3cret")


def test_it_accepts_a_sqlite_database_url(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/socialops.sqlite3")

    assert env_database_url("DATABASE_URL")["ENGINE"] == "django.db.backends.sqlite3"


@pytest.mark.parametrize(
    "raw", ["mysql://x/y", "not-a-url", "postgres://db.internal:5432", "redis://x:6379/0"]
)
def test_it_refuses_a_database_url_that_is_not_postgresql_or_sqlite(monkeypatch, raw):
    monkeypatch.setenv("DATABASE_URL", raw)

    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env_database_url("DATABASE_URL")


@pytest.mark.parametrize("raw", ["redis://redis:6379/0", "rediss://:pw@cache.example.org:6380/1"])
def test_it_reads_a_redis_url(monkeypatch, raw):
    monkeypatch.setenv("REDIS_URL", raw)

    assert env_redis_url("REDIS_URL") == raw


@pytest.mark.parametrize("raw", ["http://x", "redis://", "localhost:6379"])
def test_it_refuses_a_redis_url_it_cannot_connect_with(monkeypatch, raw):
    monkeypatch.setenv("REDIS_URL", raw)

    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        env_redis_url("REDIS_URL")


# Health check ----------------------------------------------------------------------------------


def test_it_answers_the_health_check_for_a_host_it_does_not_serve(client, db):
    response = client.get("/healthz/", HTTP_HOST="10.0.0.5")

    assert response.status_code == 200
    assert response.content == b"ok"


def test_it_answers_the_health_check_over_plain_http_despite_the_https_redirect(
    client, db, settings
):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz/", HTTP_HOST="10.0.0.5").status_code == 200
    assert client.get("/", HTTP_HOST="testserver").status_code == 301


# docker-compose.yml ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())


def test_it_describes_every_service_with_a_health_check(compose):
    assert "version" not in compose
    assert set(compose["services"]) == SERVICES
    for name, service in compose["services"].items():
        assert service.get("healthcheck", {}).get("test"), f"{name} has no health check"


def test_it_runs_every_app_service_with_production_settings(compose):
    for name in ("web", "worker", "publisher", "beat"):
        environment = compose["services"][name]["environment"]
        assert environment["DJANGO_SETTINGS_MODULE"] == "socialops.settings.production", name
        assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"} <= set(environment)


def _worker_option(command: list[str], option: str) -> str | None:
    return command[command.index(option) + 1] if option in command else None


def test_it_has_the_workers_consume_every_queue_the_app_declares_once(compose):
    from socialops.celery import app

    consumed = [
        queue
        for name in ("worker", "publisher")
        for queue in _worker_option(compose["services"][name]["command"], "-Q").split(",")
    ]

    assert sorted(consumed) == sorted({queue.name for queue in app.conf.task_queues})
    assert set(consumed) == QUEUES


def test_it_publishes_on_a_pool_that_keeps_many_calls_in_flight(compose):
    command = compose["services"]["publisher"]["command"]

    assert _worker_option(command, "-Q") == "publishing"
    assert _worker_option(command, "--pool") == "threads"
    assert int(_worker_option(command, "--concurrency")) >= 16
    # Each worker has its own node name, which its health check pings.
    node = _worker_option(command, "-n").split("@")[0]
    assert f"-d {node}@$$HOSTNAME" in " ".join(
        compose["services"]["publisher"]["healthcheck"]["test"]
    )


# Celery ----------------------------------------------------------------------------------------


def test_it_declares_each_queue_with_its_own_exchange_and_routing_key():
    from socialops.celery import app

    queues = {queue.name: queue for queue in app.conf.task_queues}

    assert set(queues) == QUEUES
    assert len({queue.exchange.name for queue in queues.values()}) == len(QUEUES)
    assert len({queue.routing_key for queue in queues.values()}) == len(QUEUES)
    assert app.conf.task_default_queue == "default"


def test_it_sends_only_json_and_acknowledges_after_the_task_ran():
    from socialops.celery import app

    assert app.conf.task_serializer == "json"
    assert list(app.conf.accept_content) == ["json"]
    assert app.conf.task_acks_late is True


def test_it_kills_a_stuck_task_before_redis_would_deliver_it_again():
    from socialops.celery import app

    soft, hard = app.conf.task_soft_time_limit, app.conf.task_time_limit
    visibility_timeout = app.conf.broker_transport_options["visibility_timeout"]

    assert 0 < soft < hard < visibility_timeout


def test_it_has_beat_run_only_tasks_that_exist():
    from socialops.celery import app

    app.loader.import_default_modules()

    assert app.conf.beat_schedule
    for name, entry in app.conf.beat_schedule.items():
        assert entry["task"] in app.tasks, f"beat entry {name} names an unknown task"


@pytest.mark.parametrize(
    ("task", "queue"),
    [
        ("platforms.tasks.publish_post", "publishing"),
        ("platforms.tasks.pull_metrics", "metrics"),
        ("analytics.tasks.rollup_daily", "metrics"),
        ("socialops.tasks.verify_audit_chains", "default"),
    ],
)
def test_it_routes_each_task_to_its_queue(task, queue):
    from socialops.celery import app

    assert app.amqp.router.route({}, task)["queue"].name == queue
