"""Settings shared by every way SocialOps runs. Environment-specific modules import from here.

Values that differ between machines come from the environment through socialops.env, which
refuses bad values at start-up instead of guessing.
"""

from pathlib import Path

from socialops.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "django_htmx",
    "socialops",
    "policies",
    "posts",
    "approvals",
    "platforms",
    "analytics",
]

MIDDLEWARE = [
    # First, so load balancers and container health checks get an answer before host
    # validation and the HTTPS redirect (they speak plain HTTP to the container).
    "socialops.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A member with a policy version to acknowledge lands on the acknowledgement page first.
    "policies.middleware.PolicyGateMiddleware",
]

ROOT_URLCONF = "socialops.urls"
WSGI_APPLICATION = "socialops.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "socialops.context_processors.shell",
                "approvals.context_processors.crisis_pause",
            ],
        },
    },
]

AUTH_USER_MODEL = "socialops.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Org-level roles live on Membership; guardian is only for per-object grants, and nothing is
# granted to anonymous visitors, so guardian needs no anonymous user row.
ANONYMOUS_USER_NAME = None
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = BASE_DIR / "var" / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# HIPAA's automatic logoff: a login lasts one working day, then the person logs in again.
SESSION_COOKIE_AGE = 60 * 60 * 10
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "SocialOps <no-reply@socialops.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Site operators: told by email when a nightly audit-chain check finds a broken chain.
ADMINS = [("", email) for email in env_list("ADMINS", [])]

# Where people reach the app: links in emails (invitations) start with this.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# How long an invitation link stays good.
INVITATION_TTL_DAYS = 7

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SocialOps API",
    "DESCRIPTION": "Governed social media for community health centers. Every endpoint under "
    "/api/v1/orgs/<org_slug>/ is scoped to one organization.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per choice set where several serializers share it.
    "ENUM_NAME_OVERRIDES": {
        "PlatformEnum": "platforms.models.Platform",
        "ConnectionStateEnum": "platforms.models.ConnectionState",
        "PostStateEnum": "posts.models.PostState",
        "ConsentKindEnum": "policies.models.ConsentKind",
    },
}

# The publisher (platforms/publishing.py). Seconds, except where said.
PUBLISH_SWEEP_SECONDS = 2
# The most targets one sweep hands out (the next sweep takes the rest).
PUBLISH_SWEEP_BATCH = 5000
# A target handed out and not claimed by then (a lost message) is handed out again.
PUBLISH_REQUEUE_SECONDS = 60
# A claim older than this belongs to a worker that died mid-call: the target becomes unconfirmed
# and is read back. Longer than the publish task's hard time limit, so a live worker keeps it.
PUBLISH_CLAIM_LEASE = env_int("PUBLISH_CLAIM_LEASE", 240)
# Unconfirmed targets are read back this often, for this long, before a person must decide.
PUBLISH_RECONCILE_EVERY = env_int("PUBLISH_RECONCILE_EVERY", 20)
PUBLISH_RECONCILE_WINDOW = env_int("PUBLISH_RECONCILE_WINDOW", 600)
# Tokens of accounts with posts due this soon are renewed ahead of time.
PUBLISH_PREPARE_AHEAD = 600

# Celery: the app in socialops/celery.py reads every CELERY_* name below.
CELERY_TIMEZONE = "UTC"
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "platforms.tasks.publish_*": {"queue": "publishing"},
    "platforms.tasks.sweep_publishing": {"queue": "publishing"},
    "platforms.tasks.prepare_publishing": {"queue": "publishing"},
    "platforms.tasks.reconcile_target": {"queue": "publishing"},
    "platforms.tasks.pull_*": {"queue": "metrics"},
    "analytics.tasks.*": {"queue": "metrics"},
}
# A task that runs past the soft limit gets SoftTimeLimitExceeded and can record why; the hard
# limit kills the worker process.
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
# Acks late so a worker that dies mid-task leaves the message to be delivered again...
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# ...and Redis must not hand the message to a second worker while the first is still within
# its hard time limit: the visibility timeout has to be longer than that limit.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    # The publisher: every few seconds, hand due targets to the workers (platforms/tasks.py).
    # Two beats running at once are harmless: a worker publishes only what it claimed.
    "sweep-publishing": {
        "task": "platforms.tasks.sweep_publishing",
        "schedule": PUBLISH_SWEEP_SECONDS,
        "options": {"queue": "publishing", "expires": PUBLISH_SWEEP_SECONDS * 5},
    },
    "prepare-publishing": {
        "task": "platforms.tasks.prepare_publishing",
        "schedule": 60,
        "options": {"queue": "publishing", "expires": 120},
    },
    "verify-audit-chains": {
        "task": "socialops.tasks.verify_audit_chains",
        "schedule": 60 * 60 * 24,
        "options": {"queue": "default"},
    },
    "policy-reminders": {
        "task": "policies.tasks.send_policy_reminders",
        "schedule": 60 * 60 * 24,
        "options": {"queue": "default"},
    },
    "consent-lapses": {
        "task": "policies.tasks.announce_consent_lapses",
        "schedule": 60 * 60 * 24,
        "options": {"queue": "default"},
    },
    # A minute late at most: a post whose time passed unapproved shows as expired, not pending.
    "expire-overdue-posts": {
        "task": "approvals.tasks.expire_overdue_posts",
        "schedule": 60,
        "options": {"queue": "default"},
    },
    "remind-reviewers": {
        "task": "approvals.tasks.remind_reviewers",
        "schedule": 60 * 15,
        "options": {"queue": "default"},
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Platforms (platforms/). Where each platform's API and consent pages live: the real hosts here;
# demo and test settings point them at the platform simulator instead. Mastodon instances and
# Bluesky PDSes are per account (chosen when connecting); these are the defaults offered.
PLATFORM_API_BASES = {
    "x": "https://api.x.com",
    "facebook": "https://graph.facebook.com/v25.0",
    "instagram": "https://graph.facebook.com/v25.0",
    "linkedin": "https://api.linkedin.com",
    "mastodon": "https://mastodon.social",
    "bluesky": "https://bsky.social",
}
PLATFORM_WEB_BASES = {
    "x": "https://x.com",
    "facebook": "https://www.facebook.com/v25.0",
    "instagram": "https://www.facebook.com/v25.0",
    "linkedin": "https://www.linkedin.com",
}
# SocialOps' own app registration on each platform (Mastodon registers itself per instance;
# Bluesky uses the account's app password).
PLATFORM_CLIENTS = {
    platform: {
        "client_id": env_str(f"{platform.upper()}_CLIENT_ID", ""),
        "client_secret": env_str(f"{platform.upper()}_CLIENT_SECRET", ""),
    }
    for platform in ("x", "facebook", "linkedin")
}
PLATFORM_CLIENTS["instagram"] = PLATFORM_CLIENTS["facebook"]
LINKEDIN_API_VERSION = "202601"
# (connect, read) seconds for every platform call, and retries of idempotent calls.
PLATFORM_HTTP_TIMEOUT = (5.0, 30.0)
PLATFORM_HTTP_RETRIES = 2
# OAuth over plain HTTP: only ever for the loopback simulator.
PLATFORM_ALLOW_INSECURE_OAUTH = False
# Set (demo) to the simulator's root URL: the demo command starts it there.
PLATFORM_SIMULATOR_URL = ""
