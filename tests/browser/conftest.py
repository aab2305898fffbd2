"""Print the page-weight report of the browser tests at the end of the pytest run."""

from pathlib import Path

REPORT = Path(__file__).resolve().parents[2] / "test-artifacts" / "page-weights.txt"


def pytest_sessionstart(session) -> None:
    REPORT.unlink(missing_ok=True)


def pytest_terminal_summary(terminalreporter) -> None:
    if REPORT.is_file():
        terminalreporter.section("static book: page weights (HTML + every file it loaded)")
        terminalreporter.write(REPORT.read_text(encoding="utf-8"))
