"""Sphinx extension of the book: the repository it is published from, given once by the publisher.

    BOOK_REPOSITORY=https://github.com/OWNER/REPO BOOK_BRANCH=main bash scripts/setup.sh

``BOOK_REPOSITORY`` (a GitHub repository's address) and ``BOOK_BRANCH`` (default ``main``) are
read from the environment when the book is built (``_config.yml`` loads this module from
``scripts/``). With them:

* every page has the repository button, and every chapter the Binder and Colab launch buttons
  (the services are named in ``_config.yml``, ``launch_buttons``), all pointing at that
  repository and branch, where the chapters are ``book/*.ipynb`` as here; a class that builds the
  book for its own JupyterHub adds ``BOOK_JUPYTERHUB=https://HUB``, and every chapter also gets a
  JupyterHub button: the nbgitpuller link that copies the chapters into the student's home there;
* the copy of each chapter that the download button gives has its first cell (``install_cell``)
  name that repository, so that the cell prints the exact command that installs lecture_lib.

Without ``BOOK_REPOSITORY`` the book links to no repository and launches nothing (Jupyter Book's
defaults would otherwise name its own repository), and the downloaded chapters carry the
generic first cell, which tells where to read the repository's name on Colab.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)

REPOSITORY_VARIABLE = "BOOK_REPOSITORY"
BRANCH_VARIABLE = "BOOK_BRANCH"
JUPYTERHUB_VARIABLE = "BOOK_JUPYTERHUB"
DEFAULT_BRANCH = "main"
# Binder's gh/ provider, Colab's /github/ pages and the install command all need a GitHub
# repository: https://github.com/OWNER/REPO (a trailing slash or .git is dropped).
GITHUB_REPOSITORY = re.compile(r"https://github\.com/([A-Za-z0-9-]+)/([A-Za-z0-9._-]+?)(?:\.git)?/?")
BRANCH_NAME = re.compile(r"[A-Za-z0-9._/-]+")
HUB_ADDRESS = re.compile(r"https://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[A-Za-z0-9._~/-]*)?")
# The repository buttons of sphinx-book-theme; all of them are removed when none is configured.
REPOSITORY_OPTIONS = ("repository_url", "repository_branch", "use_repository_button", "launch_buttons")
GENERIC_SOURCE = "https://github.com/OWNER/REPO@BRANCH"


class Repository(NamedTuple):
    url: str  # https://github.com/OWNER/REPO
    branch: str
    jupyterhub: str | None = None  # https://HUB of a class, for its nbgitpuller links

    @property
    def pip_source(self) -> str:
        """What follows ``git+`` in a pip requirement: the repository at the branch."""
        return f"{self.url}@{self.branch}"


def publisher_setting(environ: Mapping[str, str]) -> Repository | None:
    """The repository the book is published from, or None when the publisher gave none."""
    url = environ.get(REPOSITORY_VARIABLE, "").strip()
    branch = environ.get(BRANCH_VARIABLE, "").strip() or DEFAULT_BRANCH
    hub = environ.get(JUPYTERHUB_VARIABLE, "").strip().rstrip("/") or None
    if not url:
        if hub is not None:
            raise ConfigError(f"{JUPYTERHUB_VARIABLE} needs {REPOSITORY_VARIABLE}: the hub pulls the chapters from it")
        return None
    if hub is not None and HUB_ADDRESS.fullmatch(hub) is None:
        raise ConfigError(f"{JUPYTERHUB_VARIABLE}={hub!r} is not a JupyterHub's https:// address")
    match = GITHUB_REPOSITORY.fullmatch(url)
    if match is None:
        raise ConfigError(
            f"{REPOSITORY_VARIABLE}={url!r} is not a GitHub repository's address such as "
            "https://github.com/OWNER/REPO (Binder's and Colab's launch buttons and the chapters' "
            "install command need one)"
        )
    if BRANCH_NAME.fullmatch(branch) is None or ".." in branch:
        raise ConfigError(f"{BRANCH_VARIABLE}={branch!r} is not a branch name")
    owner, name = match.groups()
    return Repository(f"https://github.com/{owner}/{name}", branch, hub)


def install_cell(repository: Repository | None = None) -> str:
    """The start of every chapter's first code cell: lecture_lib, or how to install it.

    The chapters in the repository carry ``install_cell()``; the published book's download
    button gives copies that carry ``install_cell(repository)`` instead.
    """
    if repository is None:
        source = GENERIC_SOURCE
        where = " (on Colab, OWNER/REPO/blob/BRANCH is in this notebook's address)"
    else:
        source, where = repository.pip_source, ""
    return (
        "try:\n"
        "    import lecture_lib  # noqa: F401\n"
        "except ModuleNotFoundError:  # e.g. on Colab, or in a chapter downloaded from the book\n"
        "    raise ImportError(\n"
        "        \"This chapter needs lecture_lib, the book's library. Install it from the book's repository, \"\n"
        f'        "then run this cell again{where}:\\n"\n'
        f"        '%pip install \"lecture_lib[chapters] @ git+{source}\"'\n"
        "    ) from None\n"
    )


def publish_install_cell(notebook: dict[str, Any], repository: Repository) -> bool:
    """Make the notebook's first code cell name ``repository``; False if it has no install cell."""
    cell = next((cell for cell in notebook["cells"] if cell["cell_type"] == "code"), None)
    if cell is None:
        return False
    source = "".join(cell["source"])
    generic, published = install_cell(), install_cell(repository)
    if source.startswith(published):
        return True
    if not source.startswith(generic):
        return False
    cell["source"] = (published + source[len(generic) :]).splitlines(keepends=True)
    return True


def configure_buttons(app: Sphinx, config: Config) -> None:
    """config-inited: the repository and launch buttons from the publisher's setting, or none."""
    options = config.html_theme_options
    repository = publisher_setting(os.environ)
    if repository is None:
        for key in REPOSITORY_OPTIONS:
            options.pop(key, None)
        return
    options.update(repository_url=repository.url, repository_branch=repository.branch, use_repository_button=True)
    if repository.jupyterhub is not None:
        options["launch_buttons"] = {**options.get("launch_buttons", {}), "jupyterhub_url": repository.jupyterhub}


def publish_downloads(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: the chapters' downloadable copies name the publisher's repository."""
    repository = publisher_setting(os.environ)
    if exception is not None or repository is None or app.builder.format != "html":
        return
    for docname in sorted(app.env.found_docs):
        if Path(app.env.doc2path(docname)).suffix != ".ipynb":
            continue
        copy = Path(app.outdir, "_sources", f"{docname}.ipynb")
        notebook = json.loads(copy.read_text(encoding="utf-8"))
        if not publish_install_cell(notebook, repository):
            LOGGER.warning(
                "%s: the first code cell does not start with the install cell (scripts/publishing.py, "
                "install_cell()), so its downloaded copy cannot say how to install lecture_lib",
                docname,
            )
            continue
        copy.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", configure_buttons)
    app.connect("build-finished", publish_downloads)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
