# One image for every role (migrate, worker, beat, api); compose picks the command.
FROM python:3.11-slim
# Chromium from the OS packages, for sources rendered by JavaScript (render: browser | auto); WITH_CHROMIUM=0 leaves
# it out (such sources then fail with a line saying so; the others are unaffected).
ARG WITH_CHROMIUM=1
RUN if [ "$WITH_CHROMIUM" = "1" ]; then apt-get update -qq \
      && apt-get install -y -qq --no-install-recommends chromium && rm -rf /var/lib/apt/lists/*; fi
RUN pip install --no-cache-dir uv
WORKDIR /app
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_NO_DEV=1 PATH="/app/.venv/bin:$PATH"
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --locked --no-dev --no-group bench --no-install-project
COPY . .
RUN uv sync --locked --no-dev --no-group bench
USER nobody
CMD ["unionfeed", "--help"]
