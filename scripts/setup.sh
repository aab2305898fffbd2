#!/usr/bin/env bash
# Set up everything and build the book into _build/html.
#
#   bash scripts/setup.sh            # venv + packages + vendored JS, then build the book from clean
#   bash scripts/setup.sh --if-stale # same, but skip the build when _build/html was built from
#                                    # exactly the current sources (used by scripts/test.sh)
#   bash scripts/setup.sh --install-only  # step 1 only: the Python environment (scripts/lab.sh)
#
# Steps, each skipped when already done:
#   1. .venv (Python 3.11) with the pinned requirements.txt and lecture_lib installed editable;
#   2. MathJax and the ipywidgets HTML manager, fetched from the npm registry at pinned versions
#      into book/vendor/ (git-ignored), so the built book needs no CDN, and the theme's icon
#      font cut down to the book's icons (scripts/icon_subset.py);
#   3. the book: every chapter executed with LECTURE_LIB_STATIC=1 (every widget's frames
#      rendered ahead of time as image files), warnings treated as errors.
#
# The publisher names the repository the book is published from (repository and launch buttons,
# the install command in downloaded chapters; scripts/publishing.py); without it the book has none:
#   BOOK_REPOSITORY=https://github.com/OWNER/REPO BOOK_BRANCH=main bash scripts/setup.sh
# (a class's own build may add BOOK_JUPYTERHUB=https://HUB: JupyterHub buttons, nbgitpuller links).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

IF_STALE=0
INSTALL_ONLY=0
for arg in "$@"; do
  case "$arg" in
    --if-stale) IF_STALE=1 ;;
    --install-only) INSTALL_ONLY=1 ;;
    *) echo "setup.sh: unknown argument '$arg' (expected --if-stale or --install-only)" >&2; exit 2 ;;
  esac
done

PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
VENV="$ROOT/.venv"

# Pinned front-end assets: npm package spec, the part of the package the book serves, its
# sha256 (checked so a changed tarball can never slip in silently).
MATHJAX_SPEC="mathjax@3.2.2"
MATHJAX_SHA256="1b9c0a1c44df864e915690558e72adb9cc5203360daefd385084ced3b6c64c09"
# The parts of es5/ the book serves: the components _config.yml loads (mathjax3_config.loader)
# and every TeX package, so that a chapter needing one more package only changes _config.yml.
MATHJAX_PARTS="startup.js core.js input/tex-base.js input/tex/extensions output/chtml.js
  output/chtml/fonts a11y/assistive-mml.js"
HTML_MANAGER_SPEC="@jupyter-widgets/html-manager@1.0.15"
HTML_MANAGER_SHA256="2b9d65cb7913e1c7d671757a10008b32c9c2448d4429513371e55c07d6107638"
VENDOR="$ROOT/book/vendor"

log() { printf '\n==> %s\n' "$*"; }

# ---------------------------------------------------------------------------------------------
# 1. Python environment. pip runs only when requirements.txt or pyproject.toml changed since the
#    last successful install (a stamp inside .venv records their hash).
# ---------------------------------------------------------------------------------------------
if [ ! -x "$VENV/bin/python" ]; then
  log "creating $VENV with $("$PYTHON" --version 2>&1)"
  if ! "$PYTHON" -m venv "$VENV"; then
    log "python venv module missing: installing python3-venv with apt-get"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
    "$PYTHON" -m venv "$VENV"
  fi
fi
PY_STAMP="$VENV/.lecture-setup-stamp"
py_inputs_hash="$(cat requirements.txt pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$PY_STAMP" 2>/dev/null)" != "$py_inputs_hash" ]; then
  log "installing Python packages (requirements.txt, lecture_lib editable)"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.txt
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -e .
  echo "$py_inputs_hash" > "$PY_STAMP"
else
  log "Python packages up to date"
fi

if [ "$INSTALL_ONLY" = 1 ]; then
  exit 0
fi

# ---------------------------------------------------------------------------------------------
# 2. Vendored JavaScript. `npm pack` downloads the registry tarball (npm checks its integrity),
#    we check the pinned sha256 and unpack only what the book serves:
#      book/vendor/mathjax/       <- mathjax/es5/   MATHJAX_PARTS: the components loaded one by
#                                    one (startup with the loader, core, TeX input, CHTML output
#                                    and its fonts, assistive MathML), not the 1.2 MB all-in-one
#                                    tex-mml-chtml.js (its context menu alone is 426 KB)
#      book/vendor/html-manager/  <- dist/embed.js  (standalone, no require.js) + its fonts
#    book/vendor/ is listed in html_static_path, so Sphinx copies it to _build/html/_static/.
# ---------------------------------------------------------------------------------------------
fetch_npm_package() {  # spec sha256 -> path of the unpacked "package/" folder
  local spec="$1" sha="$2" tmp tarball
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$spec" >/dev/null)
  tarball="$(ls "$tmp"/*.tgz)"
  if [ "$(sha256sum "$tarball" | cut -d' ' -f1)" != "$sha" ]; then
    echo "setup.sh: sha256 of $spec tarball is not the pinned $sha" >&2
    exit 1
  fi
  tar -xzf "$tarball" -C "$tmp"
  echo "$tmp/package"
}

VENDOR_STAMP="$VENDOR/.versions"
vendor_id="$MATHJAX_SPEC $MATHJAX_SHA256 $(echo $MATHJAX_PARTS) $HTML_MANAGER_SPEC $HTML_MANAGER_SHA256"
if [ "$(cat "$VENDOR_STAMP" 2>/dev/null)" != "$vendor_id" ] \
   || [ ! -f "$VENDOR/mathjax/startup.js" ] || [ ! -f "$VENDOR/html-manager/embed.js" ]; then
  command -v npm >/dev/null 2>&1 || {
    log "npm missing: installing Debian's npm with apt-get"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm
  }
  log "fetching $MATHJAX_SPEC and $HTML_MANAGER_SPEC from the npm registry into book/vendor/"
  rm -rf "$VENDOR"
  mkdir -p "$VENDOR"
  pkg="$(fetch_npm_package "$MATHJAX_SPEC" "$MATHJAX_SHA256")"
  for part in $MATHJAX_PARTS; do
    mkdir -p "$VENDOR/mathjax/$(dirname "$part")"
    cp -r "$pkg/es5/$part" "$VENDOR/mathjax/$part"
  done
  cp "$pkg/LICENSE" "$pkg/package.json" "$VENDOR/mathjax/"
  rm -rf "$(dirname "$pkg")"
  pkg="$(fetch_npm_package "$HTML_MANAGER_SPEC" "$HTML_MANAGER_SHA256")"
  mkdir -p "$VENDOR/html-manager"
  (cd "$pkg/dist" && cp embed.js embed.js.LICENSE.txt ./*.eot ./*.svg ./*.ttf ./*.woff ./*.woff2 \
    "$VENDOR/html-manager/")
  cp "$pkg/package.json" "$VENDOR/html-manager/package.json"  # licence: BSD-3-Clause
  rm -rf "$(dirname "$pkg")"
  echo "$vendor_id" > "$VENDOR_STAMP"
else
  log "vendored MathJax and HTML manager present"
fi
# The theme's style sheet and icon fonts cut down to the book's icons (book/vendor/styles/,
# book/vendor/icons/). They depend on the installed theme (requirements.txt) and the script's
# list of icons; making them takes a second and gives the same bytes, so it is simply redone.
"$VENV/bin/python" scripts/icon_subset.py "$VENDOR"

# ---------------------------------------------------------------------------------------------
# 3. The book. The fingerprint covers every input of the build; with --if-stale an existing
#    _build/html built from the same fingerprint is kept. Otherwise build from clean: `--all`
#    re-executes every chapter (a plain rebuild would reuse the previous pages).
# ---------------------------------------------------------------------------------------------
book_fingerprint() {
  {
    find book lecture_lib -type f \
      -not -path 'book/vendor/*' -not -path '*/__pycache__/*' -not -path '*/.ipynb_checkpoints/*' \
      -print0 | sort -z | xargs -0 sha256sum
    sha256sum _config.yml _toc.yml requirements.txt pyproject.toml scripts/setup.sh \
      scripts/icon_subset.py
    cat "$VENDOR_STAMP"
    # The publisher's setting (scripts/publishing.py): a book built for another repository, or
    # for none, is another book.
    sha256sum scripts/publishing.py
    echo "BOOK_REPOSITORY=${BOOK_REPOSITORY:-} BOOK_BRANCH=${BOOK_BRANCH:-} BOOK_JUPYTERHUB=${BOOK_JUPYTERHUB:-}"
  } | sha256sum | cut -d' ' -f1
}
FINGERPRINT_FILE="$ROOT/_build/.book-fingerprint"
fingerprint="$(book_fingerprint)"
if [ "$IF_STALE" = 1 ] && [ -f _build/html/index.html ] \
   && [ "$(cat "$FINGERPRINT_FILE" 2>/dev/null)" = "$fingerprint" ]; then
  log "book in _build/html is up to date with the sources (build skipped)"
  exit 0
fi

# A fresh matplotlib writes "building the font cache" to stderr on first import; do it here so
# the chapters' outputs stay clean (stderr in a chapter is a build error).
"$VENV/bin/python" -c "import matplotlib.font_manager" >/dev/null 2>&1
log "building the book from clean (every chapter executed, warnings are errors)"
if [ -n "${BOOK_REPOSITORY:-}" ]; then
  log "repository and launch buttons for $BOOK_REPOSITORY, branch ${BOOK_BRANCH:-main}${BOOK_JUPYTERHUB:+, JupyterHub $BOOK_JUPYTERHUB}"
else
  log "no BOOK_REPOSITORY given: no repository or launch buttons (README, \"Publishing the book\")"
fi
rm -rf _build
# The widgets' frames are written during execution into _build/static/html (copied into the
# site by html_extra_path at the end of the build) and their checks into _build/static/checks.
mkdir -p _build/static/html
start=$(date +%s.%N)
LECTURE_LIB_STATIC=1 LECTURE_LIB_STATIC_DIR="$ROOT/_build/static" LECTURE_LIB_BOOK_ROOT="$ROOT" \
  "$VENV/bin/jupyter-book" build --all -W -n --keep-going --builder html .
end=$(date +%s.%N)
mkdir -p _build
echo "$fingerprint" > "$FINGERPRINT_FILE"
"$VENV/bin/python" -c "print(f'\\n==> book built into _build/html in {$end - $start:.1f} s')"
# One line per live figure (id, frames, seconds, bytes), written by lecture_lib.widgets.static.
awk -F'\t' '{frames += $2; seconds += $3; bytes += $4} END {
  if (frames) printf "==> %d static frames (%.1f MB) rendered in %.1f s: %.0f frames/s\n", frames, bytes / 1e6, seconds, frames / seconds
}' _build/static/frames.tsv
