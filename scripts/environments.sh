#!/usr/bin/env bash
# The environments the book is published for, each a virtual environment of its own under .venvs/
# (git-ignored), made the way a reader, a class or Binder gets it. scripts/test.sh runs this.
#
#   bash scripts/environments.sh                 # all three checks
#   bash scripts/environments.sh binder oldest   # some of them: package, binder, oldest
#
#   package  lecture_lib's sdist and wheel (`python -m build` into .venvs/dist/), installed one after
#            the other into a fresh virtual environment that has nothing else: pip brings the
#            dependencies pyproject.toml declares, and every module of lecture_lib is imported from
#            outside the repository;
#   binder   binder/requirements.txt installed from the repository's root into a Python 3.11
#            virtual environment, as repo2docker does for Binder and for a class's JupyterHub image,
#            then every chapter executed by nbval (from book/, its working directory);
#   oldest   requirements-oldest.txt, the oldest versions lecture_lib declares, with lecture_lib,
#            then the engine/unit tests (tests/ without the browser tests and the publishing checks)
#            and every chapter (nbval) in one pytest process; the chapters' checked outputs are
#            compared with their numbers masked (tests/nbval_sanitize_oldest.cfg says why).
#
# package and binder run one after the other, beside oldest (one core each). .venvs/binder and
# .venvs/oldest are kept between runs while their requirement files are unchanged (a fresh clone
# makes them anew); .venvs/package is always new. Each check writes test-artifacts/environment-NAME.log,
# whose end is printed here when the check fails.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
VENVS="$ROOT/.venvs"
LOGS="$ROOT/test-artifacts"
PIP_QUIET=(--quiet --disable-pip-version-check)
NBVAL=(--nbval-lax --nbval-current-env -p no:cacheprovider -q)

checks=("$@")
[ "${#checks[@]}" -gt 0 ] || checks=(package binder oldest)
for check in "${checks[@]}"; do
  case "$check" in
    package | binder | oldest) ;;
    *) echo "environments.sh: unknown check '$check' (expected package, binder or oldest)" >&2; exit 2 ;;
  esac
done
wants() { [[ " ${checks[*]} " == *" $1 "* ]]; }

step() { printf '\n==> %s\n' "$*"; }
seconds_since() { echo $(( $(date +%s) - $1 )); }

# venv NAME INPUT...: .venvs/NAME, remade when the hash of the INPUT files or the Python changed.
venv() {
  local dir="$VENVS/$1" stamp hash
  shift
  stamp="$dir/.environment-stamp"
  hash="$({ "$PYTHON" --version; cat "$@"; } | sha256sum | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$hash" ]; then
    rm -rf "$dir"
    "$PYTHON" -m venv "$dir"
    echo "$hash" > "$stamp"
  fi
}

# A fresh matplotlib writes "building the font cache" to stderr on its first import, which would
# be a chapter's output: build the cache before any chapter runs (as scripts/setup.sh does).
font_cache() { "$1/bin/python" -c "import matplotlib.font_manager" >/dev/null 2>&1; }

# installed_from PYTHON FOLDER: lecture_lib imports from FOLDER (not from this repository's source), with
# every module of the source tree, and the installed version is lecture_lib.__version__.
installed_from() {
  local modules scratch
  modules="$(find lecture_lib -name '*.py' -not -path '*/__pycache__/*' | sed 's/\.py$//; s/\/__init__$//; s/\//./g' | sort)"
  scratch="$(mktemp -d)"
  (cd "$scratch" && MODULES="$modules" "$1" - "$2" <<'PY'
import importlib
import importlib.metadata
import os
import pkgutil
import sys
from pathlib import Path

import lecture_lib

where = Path(sys.argv[1]).resolve()
assert where in Path(lecture_lib.__file__).resolve().parents, f"lecture_lib imported from {lecture_lib.__file__}"
installed = {"lecture_lib"} | {m.name for m in pkgutil.walk_packages(lecture_lib.__path__, "lecture_lib.")}
expected = set(os.environ["MODULES"].split())
assert installed == expected, f"missing {sorted(expected - installed)}, extra {sorted(installed - expected)}"
for name in sorted(installed):
    importlib.import_module(name)
version = importlib.metadata.version("lecture_lib")
assert version == lecture_lib.__version__, (version, lecture_lib.__version__)
print(f"lecture_lib {version}: {len(installed)} modules imported from {Path(lecture_lib.__file__).parent}")
PY
  )
  rm -rf "$scratch"
}

check_package() {
  local start dist sdist wheel
  start=$(date +%s)
  dist="$VENVS/dist"
  rm -rf "$dist" "$VENVS/package"
  step "python -m build: lecture_lib's sdist, and its wheel built from the sdist"
  "$ROOT/.venv/bin/python" -m build --outdir "$dist" . >/dev/null
  sdist="$(ls "$dist"/lecture_lib-*.tar.gz)"
  wheel="$(ls "$dist"/lecture_lib-*-py3-none-any.whl)"
  echo "$(basename "$sdist") $(basename "$wheel")"
  "$PYTHON" -m venv "$VENVS/package"
  step "the sdist into a fresh virtual environment, with the dependencies it declares"
  "$VENVS/package/bin/pip" install "${PIP_QUIET[@]}" "$sdist"
  "$VENVS/package/bin/pip" check
  installed_from "$VENVS/package/bin/python" "$VENVS/package"
  step "the wheel in its place"
  "$VENVS/package/bin/pip" install "${PIP_QUIET[@]}" --force-reinstall --no-deps "$wheel"
  installed_from "$VENVS/package/bin/python" "$VENVS/package"
  step "package: $(seconds_since "$start") s"
}

check_binder() {
  local start
  start=$(date +%s)
  venv binder binder/requirements.txt requirements.txt pyproject.toml
  step "pip install -r binder/requirements.txt (from the repository's root, as repo2docker)"
  # pip builds "." in the source tree, in build/; a module deleted since a previous run would still
  # be there and go into the package: start from none, as repo2docker's fresh clone does.
  rm -rf build
  "$VENVS/binder/bin/pip" install "${PIP_QUIET[@]}" -r binder/requirements.txt
  rm -rf build
  "$VENVS/binder/bin/pip" check
  installed_from "$VENVS/binder/bin/python" "$VENVS/binder"
  step "the test runner beside it (not part of the image): pytest and nbval at requirements.txt's pins"
  "$VENVS/binder/bin/pip" install "${PIP_QUIET[@]}" -c requirements.txt pytest nbval
  font_cache "$VENVS/binder"
  step "every chapter, from book/"
  "$VENVS/binder/bin/python" -m pytest book/*.ipynb "${NBVAL[@]}" --nbval-sanitize-with tests/nbval_sanitize.cfg
  step "binder: $(seconds_since "$start") s"
}

check_oldest() {
  local start
  start=$(date +%s)
  venv oldest requirements-oldest.txt pyproject.toml
  step "pip install -r requirements-oldest.txt -e . (pip fails if a pin lies outside what lecture_lib declares)"
  "$VENVS/oldest/bin/pip" install "${PIP_QUIET[@]}" -r requirements-oldest.txt -e .
  "$VENVS/oldest/bin/pip" check
  "$VENVS/oldest/bin/python" -c "import numpy, matplotlib, ipywidgets, PIL
print('numpy', numpy.__version__, 'matplotlib', matplotlib.__version__, 'ipywidgets', ipywidgets.__version__, 'pillow', PIL.__version__)"
  font_cache "$VENVS/oldest"
  step "the engine/unit tests and every chapter"
  "$VENVS/oldest/bin/python" -m pytest tests book/*.ipynb --ignore=tests/browser --ignore=tests/test_publishing.py \
    "${NBVAL[@]}" --nbval-sanitize-with tests/nbval_sanitize_oldest.cfg
  step "oldest: $(seconds_since "$start") s"
}

mkdir -p "$VENVS" "$LOGS"
start=$(date +%s)
lanes=()
pids=()
# lane NAME CHECK...: the checks one after the other in the background, into test-artifacts/.
lane() {
  local name="$1"
  shift
  (for check in "$@"; do "check_$check" > "$LOGS/environment-$check.log" 2>&1; done) &
  lanes+=("$name")
  pids+=($!)
}
first=()
for check in package binder; do wants "$check" && first+=("$check"); done
[ "${#first[@]}" = 0 ] || lane "${first[*]}" "${first[@]}"
wants oldest && lane oldest oldest

status=0
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || status=1
done
for check in "${checks[@]}"; do
  log="$LOGS/environment-$check.log"
  if [ -f "$log" ] && grep -q "^==> $check: [0-9]* s$" "$log"; then
    printf '==> %s: passed (%s); last test line: %s\n' "$check" "$(grep "^==> $check:" "$log" | cut -d' ' -f3-4)" \
      "$(grep -E '^[0-9]+ passed' "$log" | tail -1)"
  else
    printf '==> %s: FAILED (test-artifacts/environment-%s.log ends with):\n' "$check" "$check"
    tail -n 40 "$log" 2>/dev/null || echo "(no log: an earlier check of its lane failed)"
    status=1
  fi
done
printf '==> environments (%s) took %d s\n' "${checks[*]}" "$(seconds_since "$start")"
exit "$status"
