"""Publishing the book (issue 16): the publisher's repository setting, the chapters' install cell,
lecture_lib's declared versions, the Binder/JupyterHub files and the Pages workflow.

The book built without the setting (``_build/html``, what CI builds) is checked by
``tests/browser/test_static_book.py``: no repository or launch button, no invented link. A book
built with the setting is checked here on a scratch book of two pages built in a temporary folder
with the real ``_config.yml`` (execution off): a second full build would cost minutes.
The environments themselves (the wheel and sdist, Binder's, the oldest versions) are made and run
by ``scripts/environments.sh``.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version
from sphinx.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from publishing import (  # noqa: E402
    Repository,
    install_cell,
    publish_install_cell,
    publisher_setting,
)

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
EXAMPLE = {
    "BOOK_REPOSITORY": "https://github.com/example-org/example-book",
    "BOOK_BRANCH": "course",
    "BOOK_JUPYTERHUB": "https://hub.example.edu/",
}
EXAMPLE_REPOSITORY = Repository("https://github.com/example-org/example-book", "course", "https://hub.example.edu")


def pins(path: Path) -> dict[str, Version]:
    """name -> version of every `name==version` line of a requirements file."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            requirement = Requirement(line)
            found[requirement.name.lower().replace("_", "-")] = Version(next(iter(requirement.specifier)).version)
    return found


def declared_requirements() -> list[Requirement]:
    project = PYPROJECT["project"]
    return [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["chapters"]]


# ----------------------------------------------------------------------- the publisher's setting
@pytest.mark.parametrize("environ", [{}, {"BOOK_REPOSITORY": "  "}, {"BOOK_BRANCH": "course"}])
def test_no_repository_without_the_setting(environ: dict[str, str]) -> None:
    assert publisher_setting(environ) is None


def test_a_class_adds_its_jupyterhub() -> None:
    assert publisher_setting(EXAMPLE) == EXAMPLE_REPOSITORY


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/example-org/example-book", "https://github.com/example-org/example-book"),
        ("https://github.com/example-org/example-book/", "https://github.com/example-org/example-book"),
        ("https://github.com/example-org/example.book.git", "https://github.com/example-org/example.book"),
    ],
)
def test_repository_address_is_normalised(url: str, expected: str) -> None:
    assert publisher_setting({"BOOK_REPOSITORY": url}) == Repository(expected, "main")
    assert publisher_setting({"BOOK_REPOSITORY": url, "BOOK_BRANCH": "course/2027"}).branch == "course/2027"


@pytest.mark.parametrize(
    "environ",
    [
        {"BOOK_REPOSITORY": "https://gitlab.com/example-org/example-book"},
        {"BOOK_REPOSITORY": "http://github.com/example-org/example-book"},
        {"BOOK_REPOSITORY": "github.com/example-org/example-book"},
        {"BOOK_REPOSITORY": "https://github.com/example-org"},
        {"BOOK_REPOSITORY": "https://github.com/example-org/example-book/tree/main"},
        {"BOOK_REPOSITORY": "https://github.com/example-org/example-book", "BOOK_BRANCH": "a b"},
        {"BOOK_REPOSITORY": "https://github.com/example-org/example-book", "BOOK_BRANCH": "../main"},
        {"BOOK_REPOSITORY": "https://github.com/example-org/example-book", "BOOK_JUPYTERHUB": "http://hub.example.edu"},
        {"BOOK_REPOSITORY": "https://github.com/example-org/example-book", "BOOK_JUPYTERHUB": "https://hub/?x=1"},
        {"BOOK_JUPYTERHUB": "https://hub.example.edu"},
    ],
)
def test_a_setting_the_buttons_cannot_use_stops_the_build(environ: dict[str, str]) -> None:
    with pytest.raises(ConfigError):
        publisher_setting(environ)


# ------------------------------------------------------------------------------ the install cell
def run_without_lecture_lib(code: str) -> subprocess.CompletedProcess:
    """Run ``code`` in a Python that cannot import lecture_lib (no site-packages, outside the repository)."""
    return subprocess.run(
        [sys.executable, "-S", "-c", code], capture_output=True, text=True, cwd="/", timeout=60, check=False
    )


@pytest.mark.parametrize(
    ("repository", "command"),
    [
        (None, '%pip install "lecture_lib[chapters] @ git+https://github.com/OWNER/REPO@BRANCH"'),
        (
            EXAMPLE_REPOSITORY,
            '%pip install "lecture_lib[chapters] @ git+https://github.com/example-org/example-book@course"',
        ),
    ],
)
def test_install_cell_says_how_to_install_lecture_lib(repository: Repository | None, command: str) -> None:
    result = run_without_lecture_lib(install_cell(repository))
    assert result.returncode == 1
    message = result.stderr.strip().splitlines()
    assert message[-1] == command, result.stderr
    assert message[-2].startswith("ImportError: This chapter needs lecture_lib")
    assert ("OWNER/REPO/blob/BRANCH is in this notebook's address" in message[-2]) == (repository is None)
    assert "ModuleNotFoundError" not in result.stderr


def test_install_command_is_a_requirement_pip_reads() -> None:
    requirement = Requirement(install_cell(EXAMPLE_REPOSITORY).split('%pip install "', 1)[1].split('"', 1)[0])
    assert requirement.name == PYPROJECT["project"]["name"]
    assert requirement.extras == {"chapters"} <= PYPROJECT["project"]["optional-dependencies"].keys()
    assert requirement.url == "git+https://github.com/example-org/example-book@course"


def test_install_cell_is_silent_where_lecture_lib_is_installed() -> None:
    result = subprocess.run(
        [sys.executable, "-c", install_cell()], capture_output=True, text=True, cwd="/", timeout=60, check=False
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def notebook(*sources: str) -> dict:
    cells = [{"cell_type": "markdown", "metadata": {}, "source": ["# A chapter\n"]}]
    cells += [{"cell_type": "code", "metadata": {}, "outputs": [], "source": s.splitlines(True)} for s in sources]
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def test_download_copy_names_the_repository_and_keeps_the_rest() -> None:
    chapter = notebook(install_cell() + "\nimport numpy as np\n", "x = 1\n")
    assert publish_install_cell(chapter, EXAMPLE_REPOSITORY)
    assert "".join(chapter["cells"][1]["source"]) == install_cell(EXAMPLE_REPOSITORY) + "\nimport numpy as np\n"
    assert chapter["cells"][2]["source"] == ["x = 1\n"]
    assert publish_install_cell(chapter, EXAMPLE_REPOSITORY)  # a copy already published stays as it is
    assert "".join(chapter["cells"][1]["source"]) == install_cell(EXAMPLE_REPOSITORY) + "\nimport numpy as np\n"


@pytest.mark.parametrize("sources", [(), ("import numpy as np\n",), ("x = 1\n", install_cell())])
def test_a_chapter_without_the_install_cell_is_reported(sources: tuple[str, ...]) -> None:
    chapter = notebook(*sources)
    unchanged = json.dumps(chapter)
    assert not publish_install_cell(chapter, EXAMPLE_REPOSITORY)
    assert json.dumps(chapter) == unchanged


CHAPTERS = sorted((ROOT / "book").glob("*.ipynb"))


def first_code_cell(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "".join(next(cell for cell in cells if cell["cell_type"] == "code")["source"])


def test_there_are_chapters() -> None:
    assert len(CHAPTERS) >= 7


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda path: path.name)
def test_chapter_says_how_to_install_lecture_lib_where_it_is_missing(path: Path) -> None:
    """The chapter's own first cell, run where lecture_lib is missing (Colab, a downloaded copy),
    stops with the install command before anything else of the chapter is imported."""
    source = first_code_cell(path)
    assert source.startswith(install_cell())
    result = run_without_lecture_lib(source)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        '%pip install "lecture_lib[chapters] @ git+https://github.com/OWNER/REPO@BRANCH"'
    ), result.stderr
    assert "ModuleNotFoundError" not in result.stderr


def test_launch_buttons_point_at_committed_chapters() -> None:
    """Binder and Colab open book/NAME.ipynb of the repository: every chapter of the book is committed there."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    chapters = {entry["file"] for part in toc["parts"] for entry in part["chapters"]}
    committed = subprocess.run(
        ["git", "ls-files", "book"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    notebooks = {name for name in chapters if (ROOT / f"{name}.ipynb").exists()}
    assert notebooks and {f"{name}.ipynb" for name in notebooks} <= set(committed)
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert config["repository"]["path_to_book"] == ""  # so book/NAME.ipynb is the path in the repository


# ------------------------------------------------------------------- a book built with the setting
@pytest.fixture(scope="module")
def published_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A book of two pages (the introduction and a chapter) built with the publisher's setting."""
    scratch = tmp_path_factory.mktemp("published")
    source = scratch / "source"
    (source / "book").mkdir(parents=True)
    (source / "_build" / "static" / "html").mkdir(parents=True)  # html_extra_path
    for name in ("intro.md", "references.bib", "chrome", "templates", "vendor"):
        (source / "book" / name).symlink_to(ROOT / "book" / name)
    chapter = notebook(install_cell() + "\nimport numpy as np\n")
    chapter["metadata"]["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    (source / "book" / "chapter.ipynb").write_text(json.dumps(chapter), encoding="utf-8")
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["execute"]["execute_notebooks"] = "off"
    config["sphinx"]["local_extensions"]["publishing"] = str(ROOT / "scripts")
    (source / "_config.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    toc = {"format": "jb-book", "root": "book/intro", "chapters": [{"file": "book/chapter"}]}
    (source / "_toc.yml").write_text(yaml.safe_dump(toc), encoding="utf-8")
    result = subprocess.run(
        [str(Path(sys.executable).parent / "jupyter-book"), "build", str(source), "--path-output", str(scratch)],
        env={**os.environ, **EXAMPLE},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return scratch / "_build" / "html"


def hrefs(page: Path) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]+)"', page.read_text(encoding="utf-8"))]


def test_published_pages_link_to_the_repository(published_book: Path) -> None:
    for page in ("book/intro.html", "book/chapter.html"):
        assert "https://github.com/example-org/example-book" in hrefs(published_book / page), page


def test_published_chapter_launches_its_notebook(published_book: Path) -> None:
    """Binder and Colab open the chapter; the class's hub pulls the repository into the student's
    home (a folder named after the repository) with nbgitpuller, then opens the chapter there."""
    launches = [h for h in hrefs(published_book / "book/chapter.html") if re.search("mybinder|colab|git-pull", h)]
    assert launches == [
        "https://mybinder.org/v2/gh/example-org/example-book/course?urlpath=lab/tree/book/chapter.ipynb",
        "https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A//github.com/example-org/example-book"
        "&urlpath=lab/tree/example-book/book/chapter.ipynb&branch=course",
        "https://colab.research.google.com/github/example-org/example-book/blob/course/book/chapter.ipynb",
    ]
    assert "dropdown-launch-buttons" not in (published_book / "book/intro.html").read_text(encoding="utf-8")


def test_published_download_names_the_repository(published_book: Path) -> None:
    assert "../_sources/book/chapter.ipynb" in hrefs(published_book / "book/chapter.html")
    copy = json.loads((published_book / "_sources/book/chapter.ipynb").read_text(encoding="utf-8"))
    first = "".join(copy["cells"][1]["source"])
    assert first == install_cell(EXAMPLE_REPOSITORY) + "\nimport numpy as np\n"


# ------------------------------------------------------------------------- lecture_lib's versions
OLDEST = pins(ROOT / "requirements-oldest.txt")
NEWEST = pins(ROOT / "requirements.txt")


@pytest.mark.parametrize("requirement", declared_requirements(), ids=str)
def test_lower_bound_is_the_oldest_version_ci_tests(requirement: Requirement) -> None:
    name = requirement.name.lower()
    lower = [Version(s.version) for s in requirement.specifier if s.operator == ">="]
    assert lower == [OLDEST[name]], f"{requirement}: requirements-oldest.txt pins {OLDEST.get(name)}"
    assert NEWEST[name] in requirement.specifier, f"{requirement}: requirements.txt pins {NEWEST[name]}"


def test_numpy_matplotlib_and_ipywidgets_are_declared_as_a_range() -> None:
    """Colab's versions are older than our pins: the declared range must reach below them."""
    declared = {r.name: r for r in declared_requirements()}
    for name in ("numpy", "matplotlib", "ipywidgets"):
        assert OLDEST[name] < NEWEST[name] and OLDEST[name] in declared[name].specifier


def test_the_chapters_install_command_builds_from_a_git_checkout(tmp_path: Path) -> None:
    """pip reads `lecture_lib[chapters] @ git+URL@REF` from a clone of this repository's HEAD, as on Colab."""
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True)
    # file://localhost/..., not file:///...: the pip of a Python 3.11 venv (23.2) wants a host in the URL.
    requirement = f"lecture_lib[chapters] @ git+file://localhost{ROOT}@{head.stdout.strip()}"
    report = tmp_path / "report.json"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--dry-run", "--no-deps", "--ignore-installed",
         "--report", str(report), requirement],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    (installed,) = json.loads(report.read_text(encoding="utf-8"))["install"]
    import lecture_lib

    assert (installed["metadata"]["name"], installed["metadata"]["version"]) == ("lecture_lib", lecture_lib.__version__)
    declared = {Requirement(r).name for r in installed["metadata"]["requires_dist"] if 'extra == "chapters"' in r}
    assert declared == {r.name for r in map(Requirement, PYPROJECT["project"]["optional-dependencies"]["chapters"])}


# ------------------------------------------------------------------ Binder, JupyterHub and Pages
def test_binder_environment_is_python_311_with_lecture_lib_and_the_tested_pins() -> None:
    runtime = (ROOT / "binder" / "runtime.txt").read_text(encoding="utf-8").strip()
    assert runtime == f"python-{sys.version_info.major}.{sys.version_info.minor}"
    assert Version(runtime.removeprefix("python-")) in SpecifierSet(PYPROJECT["project"]["requires-python"])
    lines = [
        line.split("#", 1)[0].strip()
        for line in (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    ]
    lines = [line for line in lines if line]
    assert "-c ../requirements.txt" in lines and ".[chapters]" in lines
    for line in lines:
        if not line.startswith(("-c", ".")):
            requirement = Requirement(line)
            assert len(requirement.specifier) == 1 and next(iter(requirement.specifier)).operator == "==", line


def test_pages_workflow_builds_with_the_publishers_setting_and_deploys_the_build() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "book.yml").read_text(encoding="utf-8"))
    build = workflow["jobs"]["build"]["steps"]
    run = [step for step in build if "run" in step]
    assert [step["run"].strip() for step in run] == ["bash scripts/setup.sh"]
    assert run[0]["env"] == {
        "BOOK_REPOSITORY": "${{ github.server_url }}/${{ github.repository }}",
        "BOOK_BRANCH": "${{ github.ref_name }}",
    }
    python = next(step for step in build if step.get("uses", "").startswith("actions/setup-python@"))
    assert f"python-{python['with']['python-version']}" == (ROOT / "binder" / "runtime.txt").read_text().strip()
    upload = next(step for step in build if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "_build/html"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    # Only the deploying job may write to Pages; the build (which runs the chapters) only reads.
    assert workflow["permissions"] == {"contents": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
