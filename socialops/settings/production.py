"""Production: everything from the environment, HTTPS only. Must pass `check --deploy`."""

from django.core.exceptions import ImproperlyConfigured

from socialops.env import env_bool, env_database_url, env_int, env_list, env_redis_url, env_str

from .base import *  # noqa: F403
from .base import STORAGES

SECRET_KEY = env_str("SECRET_KEY")
# Fernet keys for secrets at rest (platform tokens, consent subjects), newest first.
ENCRYPTION_KEYS = env_list("ENCRYPTION_KEYS")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
SITE_URL = env_str("SITE_URL", f"https://{ALLOWED_HOSTS[0]}")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [f"https://{h}" for h in ALLOWED_HOSTS])

DATABASES = {"default": env_database_url("DATABASE_URL")}
REDIS_URL = env_redis_url("REDIS_URL")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
}
CELERY_BROKER_URL = REDIS_URL

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"

# Uploaded media: on the container's volume, or in an S3-compatible bucket (AWS S3, MinIO,
# Backblaze, R2...) when MEDIA_STORAGE=s3. Files stay private: the app serves them to members.
MEDIA_STORAGE = env_str("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE not in ("filesystem", "s3"):
    raise ImproperlyConfigured("MEDIA_STORAGE must be 'filesystem' or 's3'.")
MEDIA_ROOT = env_str("MEDIA_ROOT", "/app/var/media")
if MEDIA_STORAGE == "s3":
    STORAGES = {
        **STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": env_str("MEDIA_BUCKET"),
                "endpoint_url": env_str("MEDIA_S3_ENDPOINT_URL", "") or None,
                "region_name": env_str("MEDIA_S3_REGION", "") or None,
                "access_key": env_str("MEDIA_S3_ACCESS_KEY_ID", "") or None,
                "secret_key": env_str("MEDIA_S3_SECRET_ACCESS_KEY", "") or None,
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# TLS terminates at the proxy in front of gunicorn, which says so in this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
