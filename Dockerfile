# The bot in a slim image: the package installed, a non-root user, `thidua-bot run` as entry.
# Build: docker build -t thidua-bot .      Run: see compose.yaml and README "Deploying".
FROM python:3.11-slim-bookworm AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY core ./core
COPY handlers ./handlers
COPY services ./services
COPY storage ./storage
COPY schedules ./schedules
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim-bookworm
# postgresql-client: pg_dump / pg_restore for `thidua-bot backup` (version 15, as the compose database).
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /var/lib/thidua --create-home thidua
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    FILES_DIR=/var/lib/thidua/files \
    DATABASE_URL=sqlite+aiosqlite:////var/lib/thidua/thidua.db \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080 \
    LOG_FORMAT=json
USER thidua
WORKDIR /var/lib/thidua
VOLUME ["/var/lib/thidua"]
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/readyz', timeout=4)"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["thidua-bot"]
CMD ["run"]
