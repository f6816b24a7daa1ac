# syntax=docker/dockerfile:1
#
# Souk's container image: gunicorn by default; the same image runs the Celery worker,
# beat and migrations (see docker-compose.yml).
#
# Docker does not run on the machine where Souk is developed and tested, so no test
# builds this image. Each step is therefore kept identical to an install path the test
# suite does exercise:
#   - dependencies: `pip install .` of pyproject.toml into a venv, as `make install`
#     does (minus -e). The wheel of `.` is empty by design (bypass-selection), so this
#     installs the dependencies only; the source is copied in next to it;
#   - import path: PYTHONPATH=/app:/app/platform:/app/tenants, the same three folders
#     the editable install's .pth adds (tests/config/test_stdlib_platform.py runs Souk
#     and `gunicorn --check-config config.wsgi` with exactly this PYTHONPATH);
#   - static files: `collectstatic --noinput` with the production settings and a dummy
#     DATABASE_URL (it does not connect), run by hand with the same environment.
# If you change a step here, change it there too, and the other way round.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- builder: compilers and headers, in case a dependency has no wheel -------------
FROM ${PYTHON_IMAGE} AS builder

RUN apt-get update \
    && apt-get install --yes --no-install-recommends build-essential libpq-dev \
    && rm -rf /var/lib/apt/lists/*

ENV VIRTUAL_ENV=/opt/venv \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv "$VIRTUAL_ENV"
ENV PATH="$VIRTUAL_ENV/bin:$PATH"

WORKDIR /build
# Only what the dependency install reads, so this layer is rebuilt when the
# dependencies change, not on every source edit. README.md is the project's readme.
COPY pyproject.toml README.md ./
RUN pip install --upgrade pip && pip install .

# --- runtime: no compilers; runs as an unprivileged user --------------------------
FROM ${PYTHON_IMAGE} AS runtime

# postgresql-client: shop export runs pg_dump, which must match the server's major
# version (Debian bookworm ships 15, as does the postgres:15 service in compose).
RUN apt-get update \
    && apt-get install --yes --no-install-recommends postgresql-client curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system souk \
    && useradd --system --gid souk --home-dir /app --shell /usr/sbin/nologin souk

ENV VIRTUAL_ENV=/opt/venv \
    PATH="/opt/venv/bin:$PATH" \
    PYTHONPATH=/app:/app/platform:/app/tenants \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/media \
    EXPORT_ROOT=/data/exports

COPY --from=builder /opt/venv /opt/venv
WORKDIR /app
# The source stays owned by root: the souk user can read it, not change it.
COPY . /app

# Throwaway values: production settings refuse to load without them, and
# collectstatic neither connects to the database nor signs anything.
RUN SECRET_KEY="build-only-$(python -c 'import secrets; print(secrets.token_urlsafe(60))')" \
    DATABASE_URL=postgres://build:build@db.invalid:5432/build \
    PLATFORM_DOMAIN=build.invalid \
    python manage.py collectstatic --noinput \
    && mkdir -p /data/media /data/exports \
    && chown -R souk:souk /data

USER souk
VOLUME ["/data"]
EXPOSE 8000

# The platform's landing page, asked for as the proxy would (the platform domain,
# HTTPS already terminated), so routing, templates and the database are all exercised.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD curl --fail --silent --output /dev/null \
        --header "Host: ${PLATFORM_DOMAIN}" --header "X-Forwarded-Proto: https" \
        http://127.0.0.1:8000/ || exit 1

# Workers: about 2 x CPUs + 1 is gunicorn's rule of thumb; set WEB_CONCURRENCY to tune.
# HTTPS is detected from X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER in production.py).
CMD ["sh", "-c", "exec gunicorn config.wsgi --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-3} --timeout 60 --access-logfile -"]
