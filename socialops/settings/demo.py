"""`make demo`: one machine, nothing installed but Python. SQLite, console email, and Celery on
a broker kept in files under var/ so no Redis is needed."""

from socialops.env import env_list, env_str

from .base import *  # noqa: F403
from .base import BASE_DIR

DEBUG = True
SECRET_KEY = env_str("SECRET_KEY", "demo-only-secret-key-never-used-in-production-0123456789")
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# A fixed key so var/demo.sqlite3 stays readable across restarts; demo data only.
ENCRYPTION_KEYS = env_list("ENCRYPTION_KEYS", ["ZGVtby1vbmx5LWtleS1uZXZlci1pbi1wcm9kdWN0aW8="])

VAR_DIR = BASE_DIR / "var"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "demo.sqlite3",
        # The web process and the Celery worker write at once: WAL lets readers go on while one
        # writes, and IMMEDIATE takes the write lock up front instead of failing half-way.
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

CELERY_BROKER_URL = "filesystem://"
_BROKER_DIR = str(VAR_DIR / "broker")
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "data_folder_in": _BROKER_DIR,
    "data_folder_out": _BROKER_DIR,
    "control_folder": str(VAR_DIR / "broker-control"),
}

# runserver serves static files from the app folders through WhiteNoise; nothing is collected.
STATIC_ROOT = None

# Every platform is played by the simulator the demo command starts (platforms/simulator/).
from platforms.simulator.addresses import api_bases, web_bases  # noqa: E402

PLATFORM_SIMULATOR_URL = env_str("PLATFORM_SIMULATOR_URL", "http://127.0.0.1:8765")
PLATFORM_API_BASES = api_bases(PLATFORM_SIMULATOR_URL)
PLATFORM_WEB_BASES = web_bases(PLATFORM_SIMULATOR_URL)
PLATFORM_CLIENTS = {
    "x": {"client_id": "socialops-demo-x", "client_secret": ""},
    "facebook": {"client_id": "900100200300400", "client_secret": "demo-facebook-secret"},
    "instagram": {"client_id": "900100200300400", "client_secret": "demo-facebook-secret"},
    "linkedin": {"client_id": "86demo1inkedin", "client_secret": "demo-linkedin-secret"},
}
PLATFORM_ALLOW_INSECURE_OAUTH = True
