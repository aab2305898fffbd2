#!/usr/bin/env bash
# Run every test of the project; works in a fresh clone with nothing set up.
#
#   1. scripts/setup.sh --if-stale: venv, packages, vendored JS, and the book in _build/html
#      (rebuilt from clean only when a source changed since the last build);
#   2. Debian's Chromium for the browser tests (installed with apt-get when missing);
#   3. ruff over the repository;
#   4. one pytest run over tests/ (engine, chapters' helpers, publishing, the static book and
#      JupyterLab in Chromium).
#   Beside 1-4, in the background from the moment .venv exists: scripts/environments.sh,
#   lecture_lib's sdist and wheel in a clean environment; the Binder/JupyterHub environment
#   (requirements.txt's pins, as .venv) running nbval over every chapter notebook from book/
#   (cells marked # NBVAL_CHECK_OUTPUT are compared): the chapters' nbval run, made once, there;
#   and the oldest supported versions running the engine/unit tests and every chapter (each in
#   its own venv under .venvs/). The build and pytest keep one of the two cores busy, these the
#   other; their summary (test-artifacts/environments.log) follows pytest's.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
start=$(date +%s)

bash scripts/setup.sh --install-only
mkdir -p test-artifacts
bash scripts/environments.sh > test-artifacts/environments.log 2>&1 &
environments_pid=$!
# Whatever stops this script, it ends after the environments' checks, not with them left running.
trap 'wait "$environments_pid" 2>/dev/null || true' EXIT

bash scripts/setup.sh --if-stale

if [ ! -x /usr/bin/chromium ]; then
  printf '\n==> installing Debian chromium for the browser tests\n'
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

printf '\n==> ruff check .\n'
lint_status=0
.venv/bin/ruff check . || lint_status=$?

printf '\n==> set-up, build and lint took %d s (ruff exit code %d)\n' "$(( $(date +%s) - start ))" \
  "$lint_status"
printf '\n==> pytest: tests/ (the chapters run under nbval in the Binder environment, below)\n'
# LECTURE_LIB_REQUIRE_BROWSER=1: a browser test whose built book or Chromium is missing fails
# here instead of being skipped (tests/browser/conftest.py).
status=0
LECTURE_LIB_REQUIRE_BROWSER=1 .venv/bin/python -m pytest tests -p no:cacheprovider -q -rfEs --durations=15 \
  || status=$?
printf '\n==> the environments the book is published for (scripts/environments.sh, begun before the build)\n'
environments_status=0
wait "$environments_pid" || environments_status=$?
cat test-artifacts/environments.log
printf '==> whole test run: %d s\n' "$(( $(date +%s) - start ))"
[ "$status" = 0 ] || exit "$status"
[ "$environments_status" = 0 ] || exit "$environments_status"
exit "$lint_status"
