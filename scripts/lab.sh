#!/usr/bin/env bash
# Open the chapters in JupyterLab, live: sliders redraw the figures as you drag them.
#
#   bash scripts/lab.sh                  # JupyterLab on book/, prints the URL to open
#   bash scripts/lab.sh --port 8890      # any further option goes to `jupyter lab`
#
# The kernel is the project's .venv (the Python that runs JupyterLab is the Python of the
# "python3" kernel), and the widget extension comes from the pinned jupyterlab_widgets in
# that same environment, so nothing needs setting up by hand. When .venv does not exist yet,
# scripts/setup.sh --install-only creates it first (no book build).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

if [ ! -x "$VENV/bin/jupyter-lab" ]; then
  printf '\n==> %s\n' ".venv missing: installing it with scripts/setup.sh --install-only"
  bash "$ROOT/scripts/setup.sh" --install-only
fi

# Kernel specs and lab extensions are looked up in JUPYTER_PATH first: putting the
# environment's share/jupyter there keeps a python3 kernel or an old widget extension
# installed elsewhere for this user (~/.local/share/jupyter) from shadowing the project's.
export JUPYTER_PATH="$VENV/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"

# The book is offline: no news feed, no update check (scripts/jupyterlab_settings/overrides.json).
# A folder given on the command line (the browser test passes a scratch copy) replaces book/.
options=("--LabApp.app_settings_dir=$ROOT/scripts/jupyterlab_settings")
case " $* " in
  *" --ServerApp.root_dir="* | *" --notebook-dir="* | *" --ServerApp.notebook_dir="*) ;;
  *) options+=("--ServerApp.root_dir=$ROOT/book") ;;
esac
if [ "$(id -u)" = 0 ]; then
  options+=(--allow-root)
fi

# exec: the PID of this script becomes the PID of the server (the browser test stops it by PID).
exec "$VENV/bin/jupyter-lab" "${options[@]}" "$@"
