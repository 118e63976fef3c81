"""The study is cited by its authors and title, and nothing points outside the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = [
    ROOT / "README.md",
    ROOT / "CITATION.cff",
    *sorted((ROOT / "data").rglob("*")),
    *sorted((ROOT / "src").rglob("*")),
]
TEXT = [
    p for p in SHIPPED if p.is_file() and p.suffix in {".md", ".csv", ".toml", ".py", ".js", ".css", ".cff", ".json"}
]


@pytest.mark.parametrize("path", TEXT, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_wrong_citation_or_outside_path(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    assert "Hobad et al" not in text
    assert "shared/" not in text and "seeds/0" not in text


def test_study_cited_by_its_authors() -> None:
    for path in (ROOT / "README.md", ROOT / "data" / "SOURCES.md", ROOT / "CITATION.cff"):
        text = path.read_text(encoding="utf-8")
        assert "Errajaoui" in text and "Nokairi" in text, path
    assert "10.9770/IRD.2020.2.1(1)" in (ROOT / "data" / "SOURCES.md").read_text(encoding="utf-8")
