"""A CSV mixing UTF-8 and Windows-1252 lines streams as it reads in memory."""

from __future__ import annotations

import io
import random
import warnings
from pathlib import Path

import pytest

from clusteratlas.errors import ClusterAtlasWarning
from clusteratlas.export import write_records
from clusteratlas.records import encoding
from clusteratlas.records.encoding import MixedText, decode_text
from clusteratlas.stream import stream_geocode

TOWNS = ("Rabat", "Fès", "Tanger", "Kénitra", "Meknès", "Béni Mellal", "Salé", "Tétouan")


def _mixed(rows: int, seed: int, bom: bool = False) -> bytes:
    rng = random.Random(seed)
    lines = [b"name;city;year"]
    for i in range(rows):
        line = f"Firme {i} «éà»;{rng.choice(TOWNS)};20{rng.randint(10, 23)}"
        lines.append(line.encode("cp1252" if i == 1 or rng.random() < 0.05 else "utf-8"))
    return (b"\xef\xbb\xbf" if bom else b"") + b"\r\n".join(lines) + b"\r\n"


@pytest.mark.parametrize(
    ("rows", "seed", "bom", "block"), [(5, 1, False, 16), (400, 2, True, 64), (3000, 3, False, 4096)]
)
def test_mixed_text_reads_what_decode_text_reads(
    rows: int, seed: int, bom: bool, block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = _mixed(rows, seed, bom)
    want, lines = decode_text(raw, Path("x.csv"))
    monkeypatch.setattr(encoding, "_CHUNK", block)  # blocks cut inside lines and around the bad bytes
    reader = MixedText(io.BytesIO(raw))
    got = []
    sizes = random.Random(seed).choices([1, 7, 100, 5000], k=10_000)
    for size in sizes:
        piece = reader.read(size)
        if not piece:
            break
        got.append(piece)
    assert "".join(got) + reader.read() == want
    assert reader.fallback == lines and lines


def test_a_mixed_file_streams_to_the_bytes_memory_writes(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(_mixed(2500, 4))
    with pytest.warns(ClusterAtlasWarning, match="not valid UTF-8") as memory_warned:
        from clusteratlas.engines import run_geocode

        run_geocode(path, tmp_path / "memory.csv")
    with warnings.catch_warnings(record=True) as streamed:
        warnings.simplefilter("always")
        stream_geocode(path, tmp_path / "stream.csv", chunksize=300)
    assert (tmp_path / "memory.csv").read_bytes() == (tmp_path / "stream.csv").read_bytes()
    said = [str(w.message) for w in streamed if "not valid UTF-8" in str(w.message)]
    assert said == [str(w.message) for w in memory_warned if "not valid UTF-8" in str(w.message)]
    assert "Fès" in (tmp_path / "stream.csv").read_text(encoding="utf-8")
    assert write_records is not None
