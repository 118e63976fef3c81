from __future__ import annotations

import csv
import dataclasses
import errno
import html
import importlib
import json
import os
import re
import stat
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clusteratlas import InputError, geocode, load_claims, read_records, shares
from clusteratlas._resources import data_path
from clusteratlas.reporting import (
    RECORDS_LISTED_MAX,
    TOP_LISTED,
    Report,
    build_report,
    compare_records,
    load_renames,
    match_key,
    match_records,
    render_html,
    render_markdown,
    table_files,
    write_report,
)
from clusteratlas.reporting.write import SLUG_MAX

from .test_claims import EXPECTED


@pytest.fixture(scope="module")
def earlier() -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return geocode(read_records(data_path("clusters_2019.csv")))


@pytest.fixture(scope="module")
def report(geocoded: pd.DataFrame, earlier: pd.DataFrame):
    return build_report(
        geocoded,
        claims=load_claims(),
        compare=earlier,
        compare_label="clusters_2019.csv",
        renames=load_renames(),
        data_label="clusters.csv",
        data_file=data_path("clusters.csv"),
        figure=False,
        periods=[2010, 2015, 2020],
    )


def tables(report) -> dict:
    return {t.name: t for t in report.tables()}


@pytest.mark.parametrize("by", ["zone", "region", "sector_group", "governance", "financing", "labeling"])
def test_report_numbers_equal_shares(report, geocoded: pd.DataFrame, by: str) -> None:
    raw = tables(report)[f"by_{by}"].raw
    expected = shares(geocoded, by=by, per_capita=by in ("zone", "region")).table
    pd.testing.assert_frame_equal(raw.reset_index(drop=True), expected.reset_index(drop=True))


def test_period_shares_cover_every_record(report) -> None:
    raw = tables(report)["by_period"].raw
    assert list(raw["group"]) == ["2010–2014", "2015–2019", "2020–2022"]
    assert list(raw["count"]) == [10, 3, 4] and raw["share"].sum() == pytest.approx(1)


def test_default_periods_fit_the_years(geocoded: pd.DataFrame) -> None:
    built = build_report(geocoded, figure=False, data_label="clusters.csv")
    raw = tables(built)["by_period"].raw
    assert int(raw["count"].sum()) == len(geocoded)
    assert built.title == "Regional share report: 17 records in Morocco, from clusters.csv"
    assert "claims" not in [s.key for s in built.sections]


@pytest.mark.parametrize(("claim_id", "status"), EXPECTED.items())
def test_claims_section_gives_each_claim_its_status(report, claim_id: str, status: str) -> None:
    raw = tables(report)["claims"].raw.set_index("id")
    assert raw.at[claim_id, "status"] == status


def test_axis_share_reads_58_8(report) -> None:
    page = render_html(report)
    assert "58.8% (10 of 17)" in page
    assert tables(report)["claims"].raw.set_index("id").at["zone_axis", "recomputed"] == "58.8% (10 of 17)"


def test_compare_lists_renamed_added_and_gone(geocoded: pd.DataFrame, earlier: pd.DataFrame) -> None:
    diff = compare_records(earlier, geocoded, renames=load_renames())
    assert sorted(diff["renamed"]) == [("AgrInnov Cluster", "Agrinova"), ("MDC", "MDFC"), ("Solar Cluster", "ENR")]
    assert diff["gone"] == ["CHTC"]
    assert sorted(diff["added"]) == sorted(
        ["Maintenance 4.0", "MMI", "Valbiom", "AMC", "Green H2 Maroc", "Logipole", "Digipole"]
    )
    assert sorted(diff["same"]) == sorted(["AHP", "MNC", "CE3M", "Menara Cluster", "EMC", "C2TM", "CISE Maroc"])
    assert diff["moved"] == []
    zones = diff["zones"].set_index("group")
    assert zones.at["Casablanca–Settat–Rabat axis", "count_before"] == 8
    assert zones.at["Casablanca–Settat–Rabat axis", "count_after"] == 10
    assert zones.at["Casablanca–Settat–Rabat axis", "change_points"] == pytest.approx(100 * (10 / 17 - 8 / 11))


def test_compare_without_renames_sees_gone_and_added(geocoded: pd.DataFrame, earlier: pd.DataFrame) -> None:
    diff = compare_records(earlier, geocoded)
    assert diff["renamed"] == [] and "MDC" in diff["gone"] and "MDFC" in diff["added"]


def test_compare_detects_a_move(geocoded: pd.DataFrame) -> None:
    moved = geocoded.copy()
    i = moved.index[moved["name"] == "Valbiom"][0]
    moved.loc[i, ["province_code", "province", "region_code"]] = ["03.231", "Fès", "03"]
    diff = compare_records(geocoded, moved)
    assert diff["moved"] == [("Valbiom", "Oujda-Angad", "Fès")]


def test_compare_keeps_names_with_the_same_key() -> None:
    """'B---' and 'B* * *' share the key 'b': both are gone, none vanishes; duplicates match in row order."""
    before = pd.DataFrame({"name": ["B---", "B* * *", "A", "A"], "province_code": ["1", "1", "2", "3"]})
    after = pd.DataFrame({"name": ["a", "C", "c cluster"], "province_code": ["2", None, None]})
    before["province"], after["province"] = before["province_code"], after["province_code"]
    records = match_records(before, after)
    assert records["change"].value_counts().to_dict() == {"gone": 3, "added": 2, "same": 1}
    assert records.loc[records["change"].eq("gone"), "before"].tolist() == ["B---", "B* * *", "A"]
    assert records.loc[records["change"].eq("added"), "after"].tolist() == ["C", "c cluster"]
    same = records[records["change"].eq("same")].iloc[0]
    assert (same["before"], same["after"], same["row_before"], same["row_after"]) == ("A", "a", 2, 0)


NAMES = st.sampled_from(
    ["B---", "B* * *", "b", "B Cluster", "Maroc", "cluster", "Fès", "FES", "<b>x</b>", "=1+1", "", " ", None]
)
CODES = st.sampled_from(["01.1", "02.2", "", None])


def _table(rows: list[tuple[str | None, str | None]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["name", "province_code"], dtype=object)
    frame["province"] = "P" + frame["province_code"].astype(str)
    return frame


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(NAMES, CODES), max_size=30),
    st.lists(st.tuples(NAMES, CODES), max_size=30),
    st.dictionaries(NAMES, NAMES, max_size=3),
)
def test_compare_counts_every_record_once(
    old: list[tuple[str | None, str | None]],
    new: list[tuple[str | None, str | None]],
    renames: dict[str | None, str | None],
) -> None:
    before, after = _table(old), _table(new)
    keys = {match_key(a): match_key(b) for a, b in renames.items()}
    records = match_records(before, after, renames=keys)
    n = records["change"].value_counts().reindex(["added", "gone", "renamed", "moved", "same"], fill_value=0)
    assert n["gone"] + n["renamed"] + n["moved"] + n["same"] == len(before)
    assert n["added"] + n["renamed"] + n["moved"] + n["same"] == len(after)
    assert sorted(records.loc[records["change"].ne("added"), "row_before"]) == list(range(len(before)))
    assert sorted(records.loc[records["change"].ne("gone"), "row_after"]) == list(range(len(after)))
    # one to one: a key is matched as often as the fewer of its records on either side
    target = before["name"].map(match_key).map(lambda k: keys.get(k, k)).value_counts()
    own = after["name"].map(match_key).value_counts()
    matched = records[~records["change"].isin(["added", "gone"])]
    expected = int(pd.concat([target, own], axis=1).fillna(0).min(axis=1).sum())
    assert len(matched) == expected
    assert (matched["before"] == before["name"].fillna("").astype(str).to_numpy()[matched["row_before"]]).all()


def test_match_key() -> None:
    assert match_key("Menara Cluster") == match_key("MENARA") == "menara"
    assert match_key("AgrInnov Cluster") == "agrinnov"
    assert match_key("Cluster") == "cluster"  # never empty


def test_html_is_self_contained_accessible_and_escaped(geocoded: pd.DataFrame) -> None:
    evil = geocoded.copy()
    evil.loc[evil.index[0], "name"] = "<script>alert(1)</script>"
    page = render_html(build_report(evil, figure=False))
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page  # no script at all
    assert 'src="http' not in page and "<link" not in page
    frames = page.count('class="table-wrap" role="region" tabindex="0"')  # each table scrolls in its own frame
    assert page.count("<caption id=") == page.count("<table") == frames
    assert '<th scope="col"' in page and '<th scope="row"' in page and "@media print" in page


def test_markdown_tables_are_gfm_and_pipes_escaped(geocoded: pd.DataFrame) -> None:
    odd = geocoded.copy()
    odd.loc[odd.index[0], "sector_group"] = "A | B"
    text = render_markdown(build_report(odd, figure=False))
    assert "| A \\| B | 1 |" in text
    assert "|---|---:|---:|" in text


def test_report_command_html_md_and_tables(run: Callable, clusters_csv: Path, tmp_path: Path) -> None:
    r = run(
        "report",
        clusters_csv,
        "-o",
        tmp_path / "r.html",
        "--compare",
        data_path("clusters_2019.csv"),
        "--tables-dir",
        tmp_path / "tables",
        "--claims",
        data_path("profiles", "study", "claims.toml"),
        "-q",
    )
    assert r.code == 0, r.err
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'src="data:image/png;base64,' in page
    for section in (
        "summary",
        "zones",
        "regions",
        "columns",
        "profiles",
        "levers",
        "claims",
        "compare",
        "provenance",
        "method",
    ):
        assert f'<section id="{section}"' in page
    doc = json.loads((tmp_path / "tables" / "by_zone.json").read_text(encoding="utf-8"))
    assert {row["group"]: row["count"] for row in doc["rows"]}["Casablanca–Settat–Rabat axis"] == 10
    with (tmp_path / "tables" / "by_zone.csv").open(encoding="utf-8") as f:
        assert sum(int(row["count"]) for row in csv.DictReader(f)) == 17
    r = run("report", clusters_csv, "-o", tmp_path / "r.md", "--lang", "fr", "-q")
    assert r.code == 0, r.err
    md = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert md.startswith("# Rapport de répartition régionale") and "](r_map.png)" in md
    assert (tmp_path / "r_map.png").stat().st_size > 10_000


def test_report_tables_are_formula_safe(run: Callable, tmp_path: Path) -> None:
    data = tmp_path / "evil.csv"
    data.write_text('name,city,sector_group\n"=HYPERLINK(""http://x"")",Rabat,"@cmd"\n', encoding="utf-8")
    r = run("report", data, "-o", tmp_path / "r.html", "--tables-dir", tmp_path / "t", "--no-figure", "-q")
    assert r.code == 0, r.err
    text = (tmp_path / "t" / "by_sector_group.csv").read_text(encoding="utf-8")
    assert "'@cmd" in text and "\n@cmd" not in text
    assert "'=HYPERLINK" in (tmp_path / "t" / "provenance_records.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["-o", "{tmp}/r.pdf"], "cannot write '.pdf'"),
        (["-o", "{tmp}/r.html", "--compare", "{tmp}/nope.csv"], "no such file"),
        (["-o", "{tmp}/r.html", "--compare", "{data}", "--renames", "{tmp}/bad.csv"], "needs columns 'old' and 'new'"),
        (["-o", "{tmp}/r.html", "--claims", "{tmp}/nope.toml"], "no such claims file"),
    ],
)
def test_bad_report_requests(run: Callable, clusters_csv: Path, tmp_path: Path, args: list[str], fragment: str) -> None:
    (tmp_path / "bad.csv").write_text("from,to\nA,B\n", encoding="utf-8")
    r = run("report", clusters_csv, *[a.format(tmp=tmp_path, data=clusters_csv) for a in args])
    assert r.code == 2 and fragment in r.err, r.err
    assert not (tmp_path / "r.html").exists() and not (tmp_path / "r.pdf").exists()


def test_location_sources_are_links_only_when_they_are_urls(geocoded: pd.DataFrame) -> None:
    odd = geocoded.copy()
    odd.loc[odd.index[1], "location_source"] = "javascript:alert(1)"
    page = render_html(build_report(odd, figure=False))
    assert '<a href="https://www.femac.org/6785/" rel="noopener noreferrer">' in page
    assert 'href="javascript' not in page and "javascript:alert(1)" in page


def test_report_without_claims_has_no_claims_section(run: Callable, clusters_csv: Path, tmp_path: Path) -> None:
    r = run("report", clusters_csv, "-o", tmp_path / "r.md", "--no-figure", "-q")
    assert r.code == 0, r.err
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "Published claims" not in text and "Digipole's location is unknown" not in text
    claims = data_path("profiles", "study", "claims.toml")
    r = run("report", clusters_csv, "-o", tmp_path / "c.md", "--no-figure", "-q", "--claims", claims)
    assert r.code == 0, r.err
    assert "17 match, 5 mismatch, 4 not computable" in (tmp_path / "c.md").read_text(encoding="utf-8")


# ------------------------------------------------------------ the library function behind `clusteratlas report`


def test_report_options_and_keywords_are_the_same_fields() -> None:
    from dataclasses import fields

    from clusteratlas.options import ReadKwargs, ReadOptions
    from clusteratlas.reporting import ReportKwargs, ReportOptions

    assert set(ReportKwargs.__annotations__) == {f.name for f in fields(ReportOptions)}
    assert set(ReadKwargs.__annotations__) == {f.name for f in fields(ReadOptions)}


def test_report_reads_geocodes_and_builds_like_build_report(tmp_path: Path) -> None:
    from clusteratlas import report as make_report

    from .randomdata import random_records

    frame = random_records(11, 80).assign(kind=lambda f: ["a", "b", "c", "d"] * 20)
    path = tmp_path / "mine.csv"
    frame.to_csv(path, index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = make_report(path, figure=False, lang="fr")
        expected = build_report(
            geocode(read_records(path)), figure=False, lang="fr", data_label="mine.csv", data_file=path
        )
    assert got.title == expected.title and "mine.csv" in got.title
    assert [t.name for t in got.tables()] == [t.name for t in expected.tables()]
    for a, b in zip(got.tables(), expected.tables(), strict=True):
        pd.testing.assert_frame_equal(a.display, b.display)
    assert render_html(got) == render_html(expected)


def test_report_compares_a_file_and_names_it(tmp_path: Path, clusters_csv: Path) -> None:
    from clusteratlas import report as make_report

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        built = make_report(clusters_csv, compare=data_path("clusters_2019.csv"), figure=False)
    compare = next(s for s in built.sections if s.key == "compare")
    assert compare.paragraphs == ["Before: clusters_2019.csv. After: clusters.csv."]


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """Replace clusteratlas.reporting.report by a spy that records its calls (and draws no figure)."""
    import sys

    module = sys.modules["clusteratlas.reporting"]
    real = module.report
    calls: list[dict] = []

    def spy(data, **kwargs):
        calls.append({"data": data, **kwargs})
        return real(data, **{**kwargs, "figure": False})

    monkeypatch.setattr(module, "report", spy)
    return calls


def test_cli_report_and_reproduce_call_the_same_library_function(
    monkeypatch: pytest.MonkeyPatch, run: Callable, clusters_csv: Path, geocoded: pd.DataFrame, tmp_path: Path
) -> None:
    from clusteratlas.aggregate import load_zones
    from clusteratlas.reproduction import write_reports

    calls = _spy(monkeypatch)
    r = run("report", clusters_csv, "-o", tmp_path / "cli.md", "--lang", "fr", "-q")
    assert r.code == 0 and len(calls) == 1
    assert calls[0]["data"] == clusters_csv and calls[0]["lang"] == "fr"
    written = write_reports(
        geocoded, tmp_path, zones=load_zones(), claims=load_claims(), data=clusters_csv, data_label="clusters.csv"
    )
    assert len(calls) == 2 and calls[1]["data"] is geocoded
    assert calls[1]["compare"] == data_path("clusters_2019.csv")  # the shipped data: compared with 2019
    assert {p.name for p in written} >= {"report.html", "report.md"}


def test_french_comparison_is_written_in_french(geocoded: pd.DataFrame, earlier: pd.DataFrame) -> None:
    """Counts, shares, signed point differences, group names and change words follow the report's language."""
    built = build_report(geocoded, compare=earlier, renames=load_renames(), figure=False, lang="fr")
    zones = tables(built)["compare_zones"]
    shown = zones.display.set_index(zones.display.columns[0])
    raw = zones.raw.set_index("group")
    assert "Autres régions" in shown.index and "Non localisées" in shown.index
    assert "Other regions" not in shown.index and "Unplaced" not in shown.index
    change = shown["Écart (points)"]
    axis = shown.index[0]
    expected = f"{100 * (raw['share_after'].iloc[0] - raw['share_before'].iloc[0]):+.1f}".replace(".", ",")
    assert change[axis] == expected and expected.startswith("-")
    assert all(v[0] in "+-" and "," in v for v in change)
    assert all(v.endswith("\u202f%") and "," in v for v in shown["Après\u00a0: Part"])
    words = set(tables(built)["compare_records"].display["Statut"])
    assert words <= {"ajoutée", "disparue", "renommée", "déplacée"} and "ajoutée" in words
    section = next(s for s in built.sections if s.key == "compare")
    assert section.paragraphs[0].startswith("Avant\u00a0: ") and all("\u00a0: " in item for item in section.items)
    method = next(s for s in built.sections if s.key == "method")
    assert method.items[0].startswith("Zones\u00a0: ") and "\u202f; " in method.items[0]
    assert "régions" in method.items[0]


def test_english_comparison_signs_every_change(geocoded: pd.DataFrame, earlier: pd.DataFrame) -> None:
    built = build_report(geocoded, compare=earlier, figure=False)
    zones = tables(built)["compare_zones"]
    expected = [f"{v:+.1f}" for v in zones.raw["change_points"]]
    assert list(zones.display["Change (points)"]) == expected
    assert set(tables(built)["compare_records"].display["Status"]) <= {"added", "gone", "renamed", "moved"}


# ---------------------------------------------------------------- large tables: summarised lists

HOSTILE_CITY = "<script>alert('x')</script> & \"q\""
HOSTILE_SECTOR = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def register() -> pd.DataFrame:
    """5,000 register-like records (gazetteer spellings, typos, non-places), with hostile values."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from make_register import make_register

    table = make_register(5000, seed=1212)
    table.loc[table.index[::97], "city"] = HOSTILE_CITY  # 52 unplaced records under one spelling
    table.loc[table.index[::7], "sector_group"] = HOSTILE_SECTOR
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return geocode(table)


@pytest.fixture(scope="module")
def big_report(register: pd.DataFrame):
    return build_report(register, figure=False, data_label="register.csv")


def test_large_profiles_list_top_places_whose_counts_add_up(big_report, register: pd.DataFrame) -> None:
    by_region = register[register["region_code"].notna()].groupby("region_code").size()
    named = tables(big_report)
    assert by_region.gt(RECORDS_LISTED_MAX).any()
    for code, n in by_region.items():
        if n <= RECORDS_LISTED_MAX:
            assert len(named[f"profile_{code}"].raw) == n  # small regions still list every record
            continue
        assert f"profile_{code}" not in named
        places = named[f"profile_{code}_places"]
        raw = places.raw
        assert len(raw) <= TOP_LISTED + 1 and raw["count"].sum() == n and raw["share"].sum() == pytest.approx(1)
        top = raw[raw["places"].eq(1)]
        assert top["count"].is_monotonic_decreasing
        part = register[register["region_code"].eq(code)]
        place = [part["province"], part["lat"].round(3), part["lon"].round(3)]  # as mapspec.place_count
        expected = part.groupby(place, dropna=False).size().sort_values(ascending=False)
        assert top["count"].iloc[0] == expected.iloc[0]
        assert raw["places"].sum() == len(expected)  # listed places + the others = every place
        first = part[place[1].eq(top["lat"].iloc[0]) & place[2].eq(top["lon"].iloc[0])]
        spelled = first["city"].str.strip().value_counts()
        assert top["spellings"].iloc[0] == len(spelled) and spelled[top["city"].iloc[0]] == spelled.max()
        assert f"{n:,} records" in places.caption
        categories = named[f"profile_{code}_sector_group"].raw
        assert categories["count"].sum() == n
        assert set(categories["value"]) <= set(part["sector_group"]) | {""}


def test_large_summary_and_provenance_count_every_record(big_report, register: pd.DataFrame) -> None:
    summary = next(s for s in big_report.sections if s.key == "summary")
    unplaced = register[register["region_code"].isna()]
    assert len(unplaced) > RECORDS_LISTED_MAX
    assert len(summary.items) == TOP_LISTED
    listed = sum(int(item.rsplit(": ", 1)[1].replace(",", "")) for item in summary.items)
    spellings = unplaced.groupby([unplaced["city"].fillna("").str.strip(), unplaced["geocode_status"]]).size()
    rest = len(unplaced) - listed
    assert listed == spellings.sort_values(ascending=False).head(TOP_LISTED).sum()
    assert f"{len(unplaced):,} records are not placed, under {len(spellings):,} spellings" in summary.paragraphs[-1]
    assert f"The other {rest:,} records ({len(spellings) - TOP_LISTED:,} spellings)" in summary.paragraphs[-1]
    counts = tables(big_report)["provenance_counts"].raw
    assert "provenance_records" not in tables(big_report)
    assert counts["count"].sum() == len(register)
    by_precision = counts.groupby("geocode_precision")["count"].sum().to_dict()
    assert by_precision == register["geocode_precision"].value_counts().to_dict()


def test_large_report_is_small_and_keeps_hostile_values_as_text(big_report, register: pd.DataFrame) -> None:
    page = render_html(big_report)
    assert len(page.encode()) < 250_000  # every record listed: ~1 MB
    assert "firm 4999" not in page  # no record by record table
    assert "<script" not in page and "<img" not in page
    assert html.escape(HOSTILE_CITY) in page and html.escape(HOSTILE_SECTOR) in page
    text = render_markdown(big_report)
    assert "firm 4999" not in text


def test_threshold_is_per_list(monkeypatch: pytest.MonkeyPatch, geocoded: pd.DataFrame) -> None:
    """At or below the threshold a region lists its records; above it, its places."""
    module = importlib.import_module("clusteratlas.reporting.sections")  # where the threshold is read
    monkeypatch.setattr(module, "RECORDS_LISTED_MAX", 3)
    built = tables(build_report(geocoded, figure=False))
    for code, n in geocoded.groupby("region_code").size().items():
        if n <= 3:
            assert len(built[f"profile_{code}"].raw) == n
        else:
            assert built[f"profile_{code}_places"].raw["count"].sum() == n
    assert built["provenance_counts"].raw["count"].sum() == len(geocoded)


def test_french_summaries_are_in_french(register: pd.DataFrame) -> None:
    built = build_report(register, figure=False, lang="fr")
    summary = next(s for s in built.sections if s.key == "summary")
    assert "fiches ne sont pas placées" in summary.paragraphs[-1]
    assert any(t.caption.startswith("Origine de la localisation des fiches") for t in built.tables())
    assert any(c.startswith("Autres lieux") for t in built.tables() for c in t.display.iloc[:, 0].astype(str))


def test_levers_alt_text_describes_the_drawn_matrix() -> None:
    from clusteratlas.mapspec import describe, map_spec
    from clusteratlas.profile import load_profile
    from clusteratlas.static import LEVER_ROWS_MAX

    for n in (LEVER_ROWS_MAX, LEVER_ROWS_MAX + 1):
        frame = pd.DataFrame({"city": ["Rabat", "Tanger", "Fès"] * n})[:n]
        frame["sector_group"] = ["Automotive", "Textile"] * (n // 2) + ["Automotive"] * (n % 2)
        for j, col in enumerate(load_profile().lever_columns):
            frame[col] = pd.array([(i + j) % 3 == 0 for i in range(n)], dtype="boolean")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            alt = describe(map_spec(geocode(frame)), "levers")
        if n <= LEVER_ROWS_MAX:
            assert f"A matrix of {n} clusters (rows)" in alt
        else:
            assert f"A matrix of 2 categories of Sector group (rows; {n} clusters in all)" in alt


def test_long_comparison_is_summarised_and_counts_every_record(register: pd.DataFrame) -> None:
    """Above RECORDS_LISTED_MAX changes each list names its first TOP_LISTED and says how many more, and where."""
    after = register.iloc[300:].copy()  # 300 gone
    after.loc[after.index[:250], "name"] = [f"new firm {i}" for i in range(250)]  # 250 gone, 250 added
    diff = compare_records(register, after)
    assert len(diff["gone"]) == 550 and len(diff["added"]) == 250
    assert len(diff["gone"]) + len(diff["renamed"]) + len(diff["moved"]) + len(diff["same"]) == len(register)
    for lang, more in (("en", "more)"), ("fr", "de plus)")):
        built = build_report(after, compare=register, figure=False, lang=lang, compare_label="old.csv")
        section = next(s for s in built.sections if s.key == "compare")
        assert str(RECORDS_LISTED_MAX) in section.paragraphs[1] and "old.csv" in section.paragraphs[1]
        rows = tables(built)["compare_records"].raw
        assert rows["change"].value_counts().to_dict() == {"added": TOP_LISTED, "gone": TOP_LISTED}
        assert rows["after"].head(3).tolist() == ["new firm 0", "new firm 1", "new firm 2"]
        gone_item = section.items[1]
        assert gone_item.count(",") == TOP_LISTED and gone_item.endswith(f"{550 - TOP_LISTED} {more}")
    small = build_report(register.iloc[:RECORDS_LISTED_MAX], compare=register.iloc[:10], figure=False)
    compare = next(s for s in small.sections if s.key == "compare")
    assert len(compare.paragraphs) == 1 and len(tables(small)["compare_records"].raw) == RECORDS_LISTED_MAX - 10


# ---------------------------------------------------------------- file names never come from the data (issue 21)

#: Column names that try to steer where a table is written, and the name its files get
#: (``None``: nothing is left of the name, so the table's number).
HOSTILE_HEADERS = {
    "x/../../../PWNED": "by_column_x_pwned",
    "..": None,
    "a\\b": "by_column_a_b",
    "a b": "by_column_a_b_2",  # the same slug as the column before: numbered
    "nul\0byte": "by_column_nul_byte",
    "CON": "by_column_con",
    "zone": "by_column_zone",  # never our by_zone
    "period": "by_column_period",  # never our by_period
    "Zone": "by_column_zone_2",  # one name on a case-insensitive file system
    "L" * 300: "by_column_" + "l" * SLUG_MAX,
    "Région d'accueil": "by_column_region_d_accueil",
    "مدينة": None,
}
#: Region codes of a prepared table that try the same, and their profiles' names.
HOSTILE_CODES = {"../../evil": "profile_evil", "a/b": "profile_a_b", "CON": "profile_con", "..\\..\\x": "profile_x"}
STEM = re.compile(r"^[a-z0-9_]+$")


@pytest.fixture(scope="module")
def hostile_report() -> Report:
    """A report of the study's table with every hostile column name and region code."""
    frame = read_records(data_path("clusters.csv"))
    for col in HOSTILE_HEADERS:
        frame[col] = (["p", "q"] * len(frame))[: len(frame)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(frame)
    geo.loc[geo.index[: len(HOSTILE_CODES)], "region_code"] = list(HOSTILE_CODES)
    return build_report(geo, figure=False, group_by=[*HOSTILE_HEADERS, "sector_group"])


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def test_table_files_are_slugs_inside_the_folder(hostile_report: Report, tmp_path: Path) -> None:
    tables = tmp_path / "out" / "a" / "b" / "c" / "tables"
    written = write_report(hostile_report, tmp_path / "out" / "r.html", tables_dir=tables)
    stems = table_files(hostile_report)
    assert len(stems) == len(hostile_report.tables()) == len(set(stems))
    assert all(STEM.match(s) and len(s) <= len("by_column_") + SLUG_MAX for s in stems), stems
    expected = {tables / f"{s}{ext}" for s in stems for ext in (".csv", ".json")}
    assert _files(tmp_path) == expected | {tmp_path / "out" / "r.html"} == set(written)
    named = {t.file: s for t, s in zip(hostile_report.tables(), stems, strict=True)}
    for header, stem in HOSTILE_HEADERS.items():
        got = named["by_column", header]
        assert got == stem if stem else re.fullmatch(r"by_column_\d+", got), header
    for code, stem in HOSTILE_CODES.items():
        assert named["profile", code] == stem
    assert {"by_zone", "by_period", "by_sector_group", "by_column_sector_group"} <= set(stems)
    ours = json.loads((tables / "by_zone.json").read_text(encoding="utf-8"))
    assert "Casablanca–Settat–Rabat axis" in {row["group"] for row in ours["rows"]}
    assert ours["caption"] == hostile_report.tables()[1].caption  # the zones', not the column's
    period = json.loads((tables / "by_period.json").read_text(encoding="utf-8"))
    theirs = json.loads((tables / "by_column_period.json").read_text(encoding="utf-8"))
    assert period["rows"] and {"p", "q"}.isdisjoint(row["group"] for row in period["rows"])
    assert {row["group"] for row in theirs["rows"]} == {"p", "q"} and theirs["name"] == "by_period"


def test_report_outputs_name_the_files_written(hostile_report: Report, tmp_path: Path) -> None:
    from clusteratlas.reporting import report_outputs

    written = write_report(hostile_report, tmp_path / "r.html", tables_dir=tmp_path / "t")
    assert set(written) <= set(report_outputs(hostile_report, tmp_path / "r.html", tables_dir=tmp_path / "t"))


@pytest.mark.parametrize(("name", "stem"), [("CON", "con_"), ("nul", "nul_"), ("COM1", "com1_"), ("lpt9", "lpt9_")])
def test_windows_device_names_are_never_a_file_name(name: str, stem: str) -> None:
    from clusteratlas.reporting import Section, Table

    empty = pd.DataFrame()
    tables = [Table(name, "", empty, empty), Table("x", "", empty, empty, file=(name,))]
    assert table_files(Report("t", "en", [Section("s", "S", tables=tables)])) == [stem, f"{stem}_2"]


def test_cli_report_writes_no_file_a_header_points_at(run: Callable, tmp_path: Path) -> None:
    """The issue's attack: a header ``x/../../../PWNED`` wrote PWNED.csv three folders up."""
    data = tmp_path / "in.csv"
    rows = [f"firm {i},{city},{'pq'[i % 2]},{'ab'[i % 2]},{'uv'[i % 2]}" for i, city in enumerate(["Rabat", "Fès"] * 3)]
    data.write_text("name,city,x/../../../PWNED,zone,period\n" + "\n".join(rows) + "\n", encoding="utf-8")
    tables = tmp_path / "a" / "b" / "c" / "tables"
    zones = data_path("profiles", "study", "zones.toml")  # zones asked for: a user table has none by default
    r = run("report", data, "-o", tmp_path / "r.html", "--tables-dir", tables, "--no-figure", "-q", "--zones", zones)
    assert r.code == 0, r.err
    outside = _files(tmp_path) - _files(tables) - {data, tmp_path / "r.html"}
    assert outside == set()
    assert not [p for p in _files(tmp_path) if "pwned" in p.name.casefold() and not p.name.startswith("by_column_")]
    assert (tables / "by_column_x_pwned.csv").is_file() and (tables / "by_column_zone.csv").is_file()
    with (tables / "by_zone.csv").open(encoding="utf-8") as f:
        assert "Casablanca–Settat–Rabat axis" in {row["group"] for row in csv.DictReader(f)}


# ---------------------------------------------------------------- all outputs or none (issue 21)


@pytest.fixture(scope="module")
def mapped_report(geocoded: pd.DataFrame) -> Report:
    """A small report with a (fake) map, so that a Markdown report writes its PNG beside it."""
    built = build_report(geocoded, figure=False)
    summary = dataclasses.replace(built.sections[0], figure_png=b"\x89PNG new", figure_alt="map")
    return dataclasses.replace(built, sections=[summary, *built.sections[1:]])


def _listing(folder: Path) -> dict[Path, bytes | None]:
    """Every path under ``folder`` (hidden ones too), with the bytes of the files."""
    return {p: (p.read_bytes() if p.is_file() else None) for p in folder.rglob("*")}


def _earlier(tmp_path: Path) -> None:
    """Outputs of an earlier run: the page and its map, and one table."""
    (tmp_path / "r.md").write_text("old page\n", encoding="utf-8")
    (tmp_path / "r_map.png").write_bytes(b"old map")
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "by_zone.csv").write_text("old table\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("fault", "tables"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "old"),  # a full disk, over earlier tables
        (OSError(errno.ENAMETOOLONG, "File name too long"), "new/tables"),  # in folders not there yet
        (PermissionError(errno.EACCES, "Permission denied"), "old"),  # a read-only folder (CI runs as root)
        (KeyboardInterrupt(), "new/tables"),  # Ctrl-C (or SIGTERM turned into an exception)
    ],
)
def test_a_failing_table_writes_nothing(
    monkeypatch: pytest.MonkeyPatch, mapped_report: Report, tmp_path: Path, fault: BaseException, tables: str
) -> None:
    """Page, map and tables go to temporary files first: the third table fails, nothing is moved or left."""
    from clusteratlas.reporting import write

    _earlier(tmp_path)
    before = _listing(tmp_path)
    calls: list[Path] = []
    real = write.write_csv

    def failing(frame: pd.DataFrame, path: Path) -> Path:
        calls.append(path)
        if len(calls) == 3:
            raise fault
        return real(frame, path)

    monkeypatch.setattr(write, "write_csv", failing)
    with pytest.raises(type(fault)) as caught:
        write_report(mapped_report, tmp_path / "r.md", tables_dir=tmp_path / tables)
    assert _listing(tmp_path) == before  # no temporary file, no new folder, earlier outputs as they were
    if isinstance(fault, OSError):  # the error names the output, not a hidden temporary file
        stem = table_files(mapped_report)[2]
        assert caught.value.filename == str(tmp_path / tables / f"{stem}.csv") and caught.value.errno == fault.errno


def test_every_output_is_replaced_together(mapped_report: Report, tmp_path: Path) -> None:
    _earlier(tmp_path)
    written = write_report(mapped_report, tmp_path / "r.md", tables_dir=tmp_path / "old")
    assert (tmp_path / "r_map.png").read_bytes() == b"\x89PNG new"
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# Regional share report")
    assert "old table" not in (tmp_path / "old" / "by_zone.csv").read_text(encoding="utf-8")
    assert written[:2] == [tmp_path / "r_map.png", tmp_path / "r.md"]
    assert len(written) == 2 + 2 * len(mapped_report.tables())
    assert not list(tmp_path.rglob(".*"))  # no temporary file left


def test_outputs_that_are_not_files_are_refused_before_any_is_written(mapped_report: Report, tmp_path: Path) -> None:
    (tmp_path / "t" / "by_zone.json").mkdir(parents=True)  # a folder where a table goes
    with pytest.raises(InputError, match=r"by_zone\.json: is a folder, not a file"):
        write_report(mapped_report, tmp_path / "r.md", tables_dir=tmp_path / "t")
    assert not (tmp_path / "r.md").exists() and not (tmp_path / "r_map.png").exists()
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.html")
        with pytest.raises(InputError, match=r"pipe\.html: is a special file"):
            write_report(mapped_report, tmp_path / "pipe.html")
        assert stat.S_ISFIFO((tmp_path / "pipe.html").stat().st_mode)


def test_cli_report_whose_tables_cannot_be_written_writes_no_page(
    run: Callable, clusters_csv: Path, tmp_path: Path
) -> None:
    (tmp_path / "file").write_text("a file, not a folder\n", encoding="utf-8")
    tables = tmp_path / "file" / "tables"
    r = run("report", clusters_csv, "-o", tmp_path / "r.html", "--tables-dir", tables, "--no-figure", "-q")
    assert r.code == 2 and r.err.startswith("error: ") and str(tables) in r.err, r.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]
