# One image for every role (migrate, worker, beat, api); compose picks the command.
FROM python:3.11-slim
RUN pip install --no-cache-dir uv
WORKDIR /app
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_NO_DEV=1 PATH="/app/.venv/bin:$PATH"
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --locked --no-dev --no-group bench --no-install-project
COPY . .
RUN uv sync --locked --no-dev --no-group bench
USER nobody
CMD ["unionfeed", "--help"]
