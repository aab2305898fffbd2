#!/usr/bin/env bash
# Open the chapters in JupyterLab, live: sliders redraw the figures as you drag them.
#
#   bash scripts/lab.sh                                  # JupyterLab on lab/, prints the URL to open
#   bash scripts/lab.sh --port 8890                      # any further option goes to `jupyter lab`
#   bash scripts/lab.sh --reset 03_mlp_and_nonlinearity  # that chapter back to the book's version
#
# lab/ is the reader's working copy of book/ (git-ignored). The first run creates it; every
# run copies in what book/ has and lab/ lacks (a chapter a `git pull` added), never
# overwrites a file already there, and names the chapters that book/ changed since they were
# copied. JupyterLab saves edits and outputs into lab/ only, so book/ and `git status` stay
# clean however long it runs, and a `git pull` or reset leaves the reader's work alone.
# `--reset NAME...` replaces lab/NAME.ipynb with book/'s current version (the old copy is
# lost); `rm -rf lab` starts everything afresh.
#
# The kernel is the project's .venv (the Python that runs JupyterLab is the Python of the
# "python3" kernel), and the widget extension comes from the pinned jupyterlab_widgets in
# that same environment, so nothing needs setting up by hand. When .venv does not exist yet,
# scripts/setup.sh --install-only creates it first (no book build).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
BOOK="$ROOT/book"
# Beside book/, so that a path a chapter gives relative to its folder works in both.
WORK="$ROOT/lab"

# Everything in book/ that lab/ lacks, except the vendored JavaScript of the built book.
copy_missing() {
  local source target
  while IFS= read -r -d '' source; do
    target="$WORK/${source#"$BOOK"/}"
    if [ ! -e "$target" ]; then
      mkdir -p "$(dirname "$target")"
      cp -p "$source" "$target"
    fi
  done < <(find "$BOOK" \( -path "$BOOK/vendor" -o -name .ipynb_checkpoints \) -prune -o -type f -print0)
}

if [ "${1:-}" = "--reset" ]; then
  shift
  if [ "$#" = 0 ]; then
    echo "lab.sh: --reset needs chapter names, e.g. --reset 03_mlp_and_nonlinearity" >&2
    exit 2
  fi
  for name in "$@"; do
    name="${name%.ipynb}"
    if [ ! -f "$BOOK/$name.ipynb" ]; then
      echo "lab.sh: book/ has no chapter '$name'; it has:" \
        "$(cd "$BOOK" && ls -- *.ipynb | sed 's/\.ipynb$//' | tr '\n' ' ')" >&2
      exit 2
    fi
  done
  mkdir -p "$WORK"
  for name in "$@"; do
    name="${name%.ipynb}"
    cp "$BOOK/$name.ipynb" "$WORK/$name.ipynb"
    echo "lab/$name.ipynb is the book's version again"
  done
  exit 0
fi

if [ ! -x "$VENV/bin/jupyter-lab" ]; then
  printf '\n==> %s\n' ".venv missing: installing it with scripts/setup.sh --install-only"
  bash "$ROOT/scripts/setup.sh" --install-only
fi

[ -d "$WORK" ] || printf '\n==> %s\n' "creating lab/, your working copy of book/ (git-ignored)"
copy_missing
printf '\n==> %s\n' "JupyterLab on lab/; scripts/lab.sh --reset NAME gives a chapter the book's version again"
# A chapter that changed in book/ after it was copied (a git pull) keeps the reader's copy.
for chapter in "$BOOK"/*.ipynb; do
  name="$(basename "$chapter" .ipynb)"
  if [ "$chapter" -nt "$WORK/$name.ipynb" ]; then
    echo "    book/$name.ipynb is newer than your lab/ copy: scripts/lab.sh --reset $name takes it"
  fi
done

# Kernel specs and lab extensions are looked up in JUPYTER_PATH first: putting the
# environment's share/jupyter there keeps a python3 kernel or an old widget extension
# installed elsewhere for this user (~/.local/share/jupyter) from shadowing the project's.
export JUPYTER_PATH="$VENV/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
# The server's own settings (scripts/jupyter_config/jupyter_server_config.py: messages to the
# browser are not held back by Nagle's algorithm). The reader's ~/.jupyter still applies, and wins.
export JUPYTER_CONFIG_PATH="$ROOT/scripts/jupyter_config${JUPYTER_CONFIG_PATH:+:$JUPYTER_CONFIG_PATH}"

# The book is offline: no news feed, no update check (scripts/jupyterlab_settings/overrides.json).
# A folder given on the command line replaces lab/ (JupyterLab refuses two).
options=("--LabApp.app_settings_dir=$ROOT/scripts/jupyterlab_settings")
case " $* " in
  *" --ServerApp.root_dir="* | *" --notebook-dir="* | *" --ServerApp.notebook_dir="*) ;;
  *) options+=("--ServerApp.root_dir=$WORK") ;;
esac
if [ "$(id -u)" = 0 ]; then
  options+=(--allow-root)
fi

# exec: the PID of this script becomes the PID of the server (the browser test stops it by PID).
exec "$VENV/bin/jupyter-lab" "${options[@]}" "$@"
