# Image for the web process, the Celery worker and Celery beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm

RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_PROJECT_ENVIRONMENT=/opt/venv PATH=/opt/venv/bin:$PATH
WORKDIR /app
RUN pip install --no-cache-dir uv==0.13.9
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
RUN python manage.py compilemessages --ignore=.venv \
 && CIVAC_MODE=production SECRET_KEY=build-only-not-used-at-run-time-0123456789abcdefghijklmnop \
    ALLOWED_HOSTS=build DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost \
    EMAIL_URL=console:// CIVAC_VAR_DIR=/tmp/build python manage.py collectstatic --noinput \
 && useradd --system --home /app civac && mkdir -p /app/var && chown civac /app/var
USER civac
EXPOSE 8000
CMD ["gunicorn", "civac.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "4", "--access-logfile", "-"]
