"""The validated catalogue kept between builds (`tarifa.catalogue.cache`): used only for the same
bytes read by the same Tarifa, never for a catalogue with problems, and never in the way."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from tarifa.catalogue import cache
from tarifa.catalogue.load import load_catalog
from tarifa.problems import TarifaError
from tarifa.project import Project

DISPLAY = "pricing/catalogue.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pricing").mkdir()
    shutil.copy(ROOT / "pricing" / "catalogue.yaml", tmp_path / "pricing" / "catalogue.yaml")
    return tmp_path


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every time the catalogue is read and validated rather than taken from the cache."""
    calls: list[str] = []

    def counted(path: Path, display: str | None = None, raw: bytes | None = None) -> object:
        calls.append(str(path))
        return load_catalog(path, display, raw)

    monkeypatch.setattr(cache, "load_catalog", counted)
    return calls


def kept(project: Path) -> list[str]:
    return sorted(p.name for p in (project / cache.FOLDER).glob("*.pickle"))


def test_the_same_bytes_are_read_once_and_give_the_same_catalogue(project: Path, reads: list[str]) -> None:
    path, folder = project / DISPLAY, project / cache.FOLDER
    first = cache.load(path, DISPLAY, folder)
    second = cache.load(path, DISPLAY, folder)
    assert len(reads) == 1 and len(kept(project)) == 1
    assert second == first == load_catalog(path, DISPLAY) and second is not first
    # What a build uses: the project reads through the cache (a new process: a new Project).
    assert Project.at(project).catalog == first and len(reads) == 1


def test_an_edit_is_read_again_and_replaces_the_older_entry(project: Path, reads: list[str]) -> None:
    path, folder = project / DISPLAY, project / cache.FOLDER
    before = cache.load(path, DISPLAY, folder)
    old = kept(project)
    text = path.read_text(encoding="utf-8")
    assert "\nprovider:\n  name: Kestrel Cloud\n" in text
    path.write_text(text.replace("  name: Kestrel Cloud\n", "  name: Kestrel Cloud Edited\n", 1), "utf-8")
    after = cache.load(path, DISPLAY, folder)
    assert len(reads) == 2 and after.provider.name == "Kestrel Cloud Edited" != before.provider.name
    assert len(kept(project)) == 1 and kept(project) != old


def test_another_tarifa_reads_the_file_again(
    project: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, folder = project / DISPLAY, project / cache.FOLDER
    cache.load(path, DISPLAY, folder)
    monkeypatch.setattr(cache, "_code", lambda: b"another version of tarifa.catalogue")
    cache.load(path, DISPLAY, folder)
    assert len(reads) == 2


def test_a_catalogue_with_problems_is_reported_every_time_and_never_kept(project: Path) -> None:
    path, folder = project / DISPLAY, project / cache.FOLDER
    path.write_text(path.read_text(encoding="utf-8").replace("\nmodels:\n", "\nmodels: 7\nx:\n", 1), "utf-8")
    for _ in range(2):
        with pytest.raises(TarifaError):
            cache.load(path, DISPLAY, folder)
    assert kept(project) == []


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05N."])  # empty, garbage, None
def test_a_damaged_entry_means_reading_the_file(project: Path, reads: list[str], damage: bytes) -> None:
    path, folder = project / DISPLAY, project / cache.FOLDER
    good = cache.load(path, DISPLAY, folder)
    (folder / kept(project)[0]).write_bytes(damage)
    assert cache.load(path, DISPLAY, folder) == good and len(reads) == 2
    assert cache.load(path, DISPLAY, folder) == good and len(reads) == 2  # kept again, whole


def test_a_folder_that_cannot_be_written_means_no_cache(project: Path, reads: list[str]) -> None:
    path = project / DISPLAY
    blocked = project / "blocked"
    blocked.write_text("a file where the cache's folder would be", encoding="utf-8")
    assert cache.load(path, DISPLAY, blocked / "tarifa") == load_catalog(path, DISPLAY)
    assert cache.load(path, DISPLAY, None) == load_catalog(path, DISPLAY)
    assert len(reads) == 2
