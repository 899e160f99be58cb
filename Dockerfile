# policy-cms: the application image (web, worker, beat, the one-shot migration) and the
# nginx image with the collected static files. Build from the repository root:
#   docker build -t policy-cms .            docker build --target nginx -t policy-cms-nginx .

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
RUN python -m venv /venv
COPY pyproject.toml constraints.txt README.md ./
COPY cms cms
COPY interpretations interpretations
COPY search search
COPY plugins plugins
COPY manage.py ./
# Only what production runs: no test tools in the image.
RUN /venv/bin/pip install -c constraints.txt ".[production]"
# collectstatic reads the production settings, which refuse to load without these; no
# database is touched.
RUN SECRET_KEY=build-only-not-used-at-run-time-0123456789abcdefghijklmnop \
    ALLOWED_HOSTS=build DATABASE_URL=postgres://build@build/build STATIC_ROOT=/app/static \
    DJANGO_SETTINGS_MODULE=policy_cms.settings.production \
    /venv/bin/python manage.py collectstatic --noinput

FROM python:3.11-slim AS app
ENV PATH=/venv/bin:$PATH PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=policy_cms.settings.production \
    STATIC_ROOT=/app/static MEDIA_ROOT=/var/lib/policy-cms/media \
    PRIVATE_MEDIA_ROOT=/var/lib/policy-cms/private-media \
    SEARCH_EMBEDDED_PATH=/var/lib/policy-cms/search
RUN groupadd --system cms && useradd --system --gid cms --home /app --shell /usr/sbin/nologin cms \
    && mkdir -p /var/lib/policy-cms/media /var/lib/policy-cms/private-media /var/lib/policy-cms/search /var/lib/policy-cms/beat \
    && chown -R cms:cms /var/lib/policy-cms
COPY --from=build /venv /venv
COPY --from=build --chown=cms:cms /app /app
WORKDIR /app
USER cms
EXPOSE 8000
CMD ["gunicorn", "policy_cms.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--max-requests", "1000", "--max-requests-jitter", "100", "--forwarded-allow-ips", "*"]

FROM nginx:1.27-alpine AS nginx
COPY --from=build /app/static /srv/static
COPY deploy/nginx/policy-cms.conf.template /etc/nginx/templates/default.conf.template
