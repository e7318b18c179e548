"""`make test`: the real PostgreSQL and Redis of the machine. tests/conftest.py refuses to run,
naming the service, when either is unreachable; there is no fallback to SQLite."""

import tempfile

from socialops.env import env_database_url, env_redis_url

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key-0123456789-0123456789-0123456789"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
ENCRYPTION_KEYS = ["dGVzdC1vbmx5LWtleS0wMTIzNDU2Nzg5LTAxMjM0NTY="]

DATABASES = {
    "default": env_database_url("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/socialops")
}
DATABASES["default"]["CONN_MAX_AGE"] = 0
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

# Uploaded files (signed consent forms) go to a throw-away folder, never into the worktree.
MEDIA_ROOT = tempfile.mkdtemp(prefix="socialops-test-media-")
