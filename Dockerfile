# SocialOps production image: gunicorn serving Django (static files through WhiteNoise), and
# the same image runs the Celery worker and beat. See docker-compose.yml for how they fit.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# procps gives the beat container's health check its pgrep.
RUN apt-get update \
    && apt-get install -y --no-install-recommends procps \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system socialops \
    && useradd --system --gid socialops --home-dir /app --no-create-home --shell /usr/sbin/nologin socialops

WORKDIR /app

# Dependencies first, so a code change does not reinstall them. Every package is pinned by hash.
COPY requirements/base.txt requirements/base.txt
RUN pip install --require-hashes --no-cache-dir -r requirements/base.txt

COPY . .

# Production settings refuse to load without their variables; these dummies exist only for
# this step (collectstatic touches neither the database nor Redis) and are not in the image.
RUN DJANGO_SETTINGS_MODULE=socialops.settings.production \
    SECRET_KEY=build-only-collectstatic-key-not-a-secret-0123456789abcdef \
    ALLOWED_HOSTS=localhost \
    DATABASE_URL=postgres://build@localhost/build \
    REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput

# Uploaded media live under var/media (a volume in docker-compose.yml); the app user owns it.
RUN mkdir -p /app/var/media && chown -R socialops:socialops /app/var

# Whatever runs in this image (gunicorn, celery, manage.py) uses production settings unless
# told otherwise; the demo settings are never a silent fallback.
ENV DJANGO_SETTINGS_MODULE=socialops.settings.production

USER socialops

EXPOSE 8000

CMD ["gunicorn", "socialops.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
