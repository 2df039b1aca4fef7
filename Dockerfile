# Production image: gunicorn serving the portal, static files by whitenoise.
# An exact version: a rebuild gets the same Python and Debian release (update it on purpose).
# BASE_IMAGE may name another Debian bookworm image whose `python` and `pip` are Python 3.11
# (the production test builds on one made from Debian's packages where Docker Hub is out of reach).
ARG BASE_IMAGE=python:3.11.11-slim-bookworm
FROM ${BASE_IMAGE}

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=network_portal.settings.prod

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext postgresql-client \
       libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 portal

WORKDIR /app
COPY pyproject.toml constraints.txt ./
RUN pip install -c constraints.txt .

COPY --chown=portal:portal . .

# Translations and hashed static files are built into the image; the values below only let
# the production settings load during the build and are never used at run time.
RUN DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=localhost \
    DATABASE_URL=postgres://build@localhost/build \
    sh -c "python manage.py compilemessages --ignore=.venv && python manage.py collectstatic --noinput" \
    && mkdir -p /app/media && chown -R portal:portal /app/media /app/staticfiles /app/locale

USER portal
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"
CMD ["gunicorn", "--config", "gunicorn.conf.py", "network_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
