"""Store the outputs nbval checks, and no other, after a chapter's code changed.

    .venv/bin/python scripts/refresh_outputs.py book/02_neuron_and_xor.ipynb [more notebooks]

Each notebook is executed in a fresh kernel from its own folder (as nbval and the book
build do). The outputs of cells marked ``# NBVAL_CHECK_OUTPUT`` are kept, numbered 1, 2, ... (nbval
refuses a stored output without an execution count); every other cell loses its outputs and
its count, and widget state and timing metadata are dropped, so that the repository holds
only what the tests compare.
Read the diff before committing: a changed number is a claim of the book that changed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

CHECK_MARK = "# NBVAL_CHECK_OUTPUT"


def merged_streams(outputs: list) -> list:
    """Consecutive pieces of one stream as one output (a kernel may split a cell's printing)."""
    merged: list = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if output.output_type == "stream" and previous is not None and previous.output_type == "stream" \
                and previous.name == output.name:
            previous.text += output.text
        else:
            merged.append(output)
    return merged


def refresh(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    resources = {"metadata": {"path": str(path.parent)}}
    client = NotebookClient(notebook, timeout=600, kernel_name="python3", resources=resources)
    client.execute()
    checked = 0
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        if cell.source.lstrip().startswith(CHECK_MARK):
            checked += 1
            cell.execution_count = checked
            cell.outputs = merged_streams(cell.outputs)
            for output in cell.outputs:
                if "execution_count" in output:
                    output.execution_count = checked
                output.get("metadata", {}).clear()
        else:
            cell.execution_count = None
            cell.outputs = []
    notebook.metadata.pop("widgets", None)
    notebook.metadata["language_info"] = {"name": "python"}
    nbformat.write(notebook, path)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for name in sys.argv[1:]:
        refresh(Path(name))
        print(f"refreshed {name}")
