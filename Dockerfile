# One image for every role (migrate, crawl and process workers, beat, api); compose picks the command.
# Build: `docker compose build` (or `docker build -t unionfeed:local .`). What the build context holds: .dockerignore.
#
# Pinned: the base image by version and digest, uv by the version that writes uv.lock. A rebuild installs the same
# interpreter and resolves nothing (uv.lock, --locked). Bump them on purpose, with a test run.
ARG PYTHON_IMAGE=python:3.11.10-slim-bookworm@sha256:5148c0e4bbb64271bca1d3322360ebf4bfb7564507ae32dd639322e4952a6b16

# --- build: the locked dependencies, then the project itself, installed as a wheel (not editable) -----------------
FROM ${PYTHON_IMAGE} AS build
COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /bin/uv
WORKDIR /app
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never UV_PYTHON=/usr/local/bin/python3.11
# Dependencies first (their layer survives a code change), then the project.
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --locked --no-dev --no-editable --no-install-project
COPY . .
RUN uv sync --locked --no-dev --no-editable

# --- runtime: the virtual environment and sources.yaml; no uv, no source tree, no tests -------------------------
FROM ${PYTHON_IMAGE} AS runtime
# Chromium from the OS packages, for sources rendered by JavaScript (render: browser | auto); WITH_CHROMIUM=0 leaves
# it out (such sources then fail with a line saying so; the others are unaffected).
ARG WITH_CHROMIUM=1
RUN if [ "$WITH_CHROMIUM" = "1" ]; then apt-get update -qq \
      && apt-get install -y -qq --no-install-recommends chromium && rm -rf /var/lib/apt/lists/*; fi
# The runtime user owns its home (Chromium's profile) and /app/var, where the default database URL
# (sqlite:///./var/unionfeed.db, relative to WORKDIR) puts the SQLite file when no DATABASE_URL is given.
RUN useradd --system --uid 10001 --user-group --create-home --home-dir /home/unionfeed --shell /usr/sbin/nologin \
      unionfeed \
    && mkdir -p /app/var && chown unionfeed:unionfeed /app/var
WORKDIR /app
COPY --from=build /app/.venv /app/.venv
COPY sources.yaml ./
ENV PATH="/app/.venv/bin:$PATH" PYTHONUNBUFFERED=1 UNIONFEED_SOURCES_PATH=/app/sources.yaml
VOLUME ["/app/var"]
USER unionfeed
# `unionfeed serve --host 0.0.0.0 --port 8000` (the api service).
EXPOSE 8000
# One image, several roles: each role has its own check (`unionfeed health probe api|worker|beat`, run as the module
# alone: it skips loading the other commands), set per service in docker-compose.yml; by default, the API's.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
  CMD ["python", "-m", "unionfeed.commands.probe", "api"]
CMD ["unionfeed", "--help"]
