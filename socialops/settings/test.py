"""`make test`: the real PostgreSQL and Redis of the machine. tests/conftest.py refuses to run,
naming the service, when either is unreachable; there is no fallback to SQLite."""

from socialops.env import env_database_url, env_int, env_redis_url, env_str

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key-0123456789-0123456789-0123456789"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
ENCRYPTION_KEYS = ["dGVzdC1vbmx5LWtleS0wMTIzNDU2Nzg5LTAxMjM0NTY="]

DATABASES = {
    "default": env_database_url("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/socialops")
}
# A connection per test; the worker processes of bench_publish and chaos_publish keep theirs, as
# production's do (DATABASE_URL there gives 60 seconds).
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 0)
REDIS_URL = env_redis_url("REDIS_URL", "redis://127.0.0.1:6379/15")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
}
CELERY_BROKER_URL = REDIS_URL

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Static files straight from the app folders (no collectstatic before tests); the browser
# tests need the real CSS and htmx.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Tests start the simulator on a free port and point these at it (platforms/conftest.py); the
# unused port 9 (discard) makes a test that forgot the fixture fail at once, never reach out.
# Worker processes started as subprocesses (bench_publish, chaos_publish, the killed-worker
# test) are told where theirs runs.
from platforms.simulator.addresses import api_bases, web_bases  # noqa: E402

_SIMULATOR = env_str("PLATFORM_SIMULATOR_URL", "http://127.0.0.1:9")
PLATFORM_API_BASES = api_bases(_SIMULATOR)
PLATFORM_WEB_BASES = web_bases(_SIMULATOR)
PLATFORM_CLIENTS = {
    "x": {"client_id": "socialops-test-x", "client_secret": ""},
    "facebook": {"client_id": "900100200300400", "client_secret": "test-facebook-secret"},
    "instagram": {"client_id": "900100200300400", "client_secret": "test-facebook-secret"},
    "linkedin": {"client_id": "86test1inkedin", "client_secret": "test-linkedin-secret"},
}
PLATFORM_ALLOW_INSECURE_OAUTH = True
PLATFORM_HTTP_TIMEOUT = (2.0, 5.0)
