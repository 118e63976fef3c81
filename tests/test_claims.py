from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from clusteratlas import InputError, evaluate_claims, load_claims

# The status each claim of data/claims.toml must get for data/clusters.csv, and why.
EXPECTED = {
    "zone_axis": "match",  # 10/17 = 58.8%, "60%" to the nearest 10%
    "zone_south": "mismatch",  # 4/17 = 23.5%; 30% needs Digipole there, and no source places it
    "zone_east": "match",  # 2/17 = 11.8%
    "zone_most": "match",
    "labeled_yes": "match",  # 11/17 = 64.7%
    "labeled_in_process": "mismatch",  # Table 2: 4/17 = 23.5%, text: 18%
    "labeled_no": "mismatch",  # Table 2: 2/17 = 11.8%, text: 17%
    "governance_private": "mismatch",  # 13/17 = 76.5%, text: more than 90%
    "financing_mixed": "match",
    "perimeter_national": "match",
    "sample_size": "match",
    "since_2010": "match",
    "vocation_industrial_technological": "match",
    "since_2020_technological": "mismatch",
    "divergence_levers": "match",
    "lever_rnd": "match",
    "lever_cooperation": "match",
    "lever_skills": "match",
    "lever_infrastructure": "match",
    "lever_international": "match",
    "lever_subsidies": "match",
    "lever_governance": "match",
    "structural_90": "not computable",
    "management_team": "not computable",
    "international_partnerships": "not computable",
    "partners": "not computable",
}


@pytest.fixture(scope="module")
def results(geocoded: pd.DataFrame) -> dict[str, object]:
    return {r.id: r for r in evaluate_claims(geocoded)}


def test_every_claim_is_covered(results: dict[str, object]) -> None:
    assert set(results) == set(EXPECTED)


@pytest.mark.parametrize(("claim_id", "status"), EXPECTED.items())
def test_claim_status(results: dict, claim_id: str, status: str) -> None:
    r = results[claim_id]
    assert r.status == status, r.explanation
    assert r.explanation


def test_axis_share_reads_58_8(results: dict) -> None:
    assert results["zone_axis"].recomputed == "58.8% (10 of 17)"
    assert results["zone_axis"].recomputed_value == pytest.approx(10 / 17)


def test_claim_follows_the_data_not_the_other_way(geocoded: pd.DataFrame) -> None:
    # Put Digipole in Agadir: the south zone then reads 5/17 = 29.4% and matches.
    moved = geocoded.copy()
    i = moved.index[moved["name"] == "Digipole"][0]
    moved.loc[i, ["region_code", "province_code"]] = ["09", "09.001"]
    out = {r.id: r for r in evaluate_claims(moved)}
    assert out["zone_south"].status == "match"
    assert out["zone_axis"].status == "match"


def test_missing_column_makes_a_claim_not_computable(geocoded: pd.DataFrame) -> None:
    out = {r.id: r for r in evaluate_claims(geocoded.drop(columns=["labeling"]))}
    assert out["labeled_yes"].status == "not computable"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[claim]]\nid = "a"\nkind = "median"\npublished = 1\n', "kind 'median'"),
        ('[[claim]]\nid = "a"\nkind = "share"\nby = "zone"\n', "no 'published'"),
        ('[[claim]]\nid = "a"\nkind = "mode"\npublished = "x"\n', "needs 'by'"),
        ('[[claim]]\nid = "a"\nkind = "count"\npublished = 1\nop = "~"\n', "op '~'"),
        ("title = 'none'\n", "no \\[\\[claim\\]\\] tables"),
    ],
)
def test_bad_claims_files(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_claims(path)
