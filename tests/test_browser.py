"""The HTML atlas in real Chromium (Debian's, driven by Playwright), with the network blocked.

Every request that is not a file: or data: URL is aborted and counted; the tests fail on
any such request, on any console error and on any dialog. They never skip: `make test`
installs Chromium when it is missing.
"""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from clusteratlas import geocode, map_spec, read_records
from clusteratlas.interactive import FIELDS, interactive_map, render_map, write_map

ARTIFACTS = Path(__file__).with_name("artifacts")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("Chromium is not installed: run `make test`, which installs Debian's chromium package")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()


class Page:
    """A page opened with every non-file request blocked, and what it tried."""

    def __init__(
        self,
        browser: Any,
        path: Path,
        ready: str = "html[data-clusteratlas=ready]",
        viewport: dict[str, int] | None = None,
    ) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(viewport=viewport or {"width": 1400, "height": 900})
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_selector(ready)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "about:")):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def visible_markers(self) -> int:
        """Records drawn on the map: single markers plus the counts of the cluster symbols."""
        return int(
            self.page.evaluate(
                """() => document.querySelectorAll('.leaflet-marker-pane .ca-marker').length +
                   [...document.querySelectorAll('.leaflet-marker-pane .ca-cluster-count')]
                     .reduce((n, e) => n + Number(e.dataset.count), 0)"""
            )
        )

    def wait_markers(self, n: int) -> None:
        for _ in range(50):
            if self.visible_markers() == n:
                return
            self.page.wait_for_timeout(50)
        assert self.visible_markers() == n

    def marker_options(self, key: str) -> list[Any]:
        """An option of every marker in the cluster layer (shown or folded in a cluster)."""
        return list(self.page.evaluate(f"window.clusteratlas.cluster.getLayers().map(m => m.options.{key})"))

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def atlas(geocoded: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("atlas") / "clusters.html"
    write_map(interactive_map(map_spec(geocoded, data_label="clusters.csv")), path)
    return path


@pytest.fixture
def page(browser: Any, atlas: Path) -> Iterator[Page]:
    p = Page(browser, atlas)
    yield p
    assert p.requests == [], p.requests
    assert p.errors == [], p.errors
    assert p.dialogs == []
    p.close()


def test_leaflet_loads_offline_with_no_request_and_no_error(page: Page) -> None:
    assert page.page.evaluate("typeof L === 'object' && L.version") == "1.9.3"
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / "clusters_html.png"), full_page=True)
    assert (ARTIFACTS / "clusters_html.png").stat().st_size > 50_000


def test_one_marker_per_placed_cluster_and_twelve_regions(page: Page, geocoded: pd.DataFrame) -> None:
    assert page.visible_markers() == int(geocoded["region_code"].notna().sum()) == 16
    regions = page.page.evaluate(
        """() => { let n = 0; window.clusteratlas.layers.regions.eachLayer(g =>
              g.eachLayer(l => { if (l._path && l._path.isConnected) { n += 1; } })); return n; }"""
    )
    assert regions == 12
    names = page.marker_options("title")
    assert sorted(names) == sorted(geocoded.loc[geocoded["region_code"].notna(), "name"])
    assert page.page.locator(".ca-cluster-count").count() >= 1  # Casablanca's records, one symbol


def test_clicking_a_marker_opens_its_popup_as_text(page: Page, geocoded: pd.DataFrame) -> None:
    page.page.evaluate("(i) => window.clusteratlas.show(i)", int(list(geocoded["name"]).index("Valbiom")))
    page.page.locator(".ca-marker[title='Valbiom']").click()
    popup = page.page.locator(".leaflet-popup-content .ca-popup")
    popup.wait_for()
    assert popup.locator("h3").inner_text() == "Valbiom"
    text = popup.inner_text()
    assert "Oujda" in text and "Energy & environment" in text and "medium" in text
    assert popup.locator(".ca-levers li").count() == 7
    links = popup.locator(".ca-sources a")
    assert links.count() == 2 and links.first.get_attribute("rel") == "noopener noreferrer"


def test_year_filter_hides_clusters_created_after_the_chosen_year(page: Page, geocoded: pd.DataFrame) -> None:
    placed = geocoded[geocoded["region_code"].notna()]
    for year in (2015, 2012, 2022):
        page.page.evaluate(
            """(y) => { const el = document.getElementById('ca-year-to'); el.value = String(y);
                       el.dispatchEvent(new Event('input', {bubbles: true})); }""",
            year,
        )
        assert page.visible_markers() == int((placed["year"] <= year).sum())
        assert max(page.marker_options("year")) <= year
    assert page.page.locator("#ca-year-to-out").inner_text() == "2022"


def test_sector_labeling_governance_filters_and_search(page: Page, geocoded: pd.DataFrame) -> None:
    placed = geocoded[geocoded["region_code"].notna()]
    page.page.locator("input[name=category][value='Energy & environment']").uncheck()
    not_energy = placed["sector_group"] != "Energy & environment"
    assert page.visible_markers() == int(not_energy.sum()) == 11
    page.page.locator("input[name=governance][value='Mixed']").uncheck()
    assert page.visible_markers() == int((not_energy & (placed["governance"] != "Mixed")).sum()) == 10
    page.page.locator("input[name=labeling][value='In process']").uncheck()
    expected = not_energy & (placed["governance"] != "Mixed") & (placed["labeling"] != "In process")
    assert page.visible_markers() == int(expected.sum())
    page.page.locator("#ca-reset").click()
    page.wait_markers(16)
    page.page.fill("#ca-search", "menara")
    assert page.visible_markers() == 1
    assert page.page.locator("#ca-table tbody tr:not([hidden])").count() == 1
    assert "1 of 17" in page.page.locator("#ca-status").inner_text()


def test_toggling_a_layer_hides_it_and_its_legend(page: Page) -> None:
    control = page.page.locator(".leaflet-control-layers")
    assert page.page.locator(".ca-legend-points").count() == 1
    control.get_by_text("Clusters", exact=True).click()
    assert page.visible_markers() == 0
    assert page.page.locator(".ca-legend-points").count() == 0
    control.get_by_text("Clusters", exact=True).click()
    assert page.visible_markers() == 16 and page.page.locator(".ca-legend-points").count() == 1
    assert page.page.locator(".ca-legend-classes").count() == 1
    control.get_by_text("Regions: Clusters").click()
    assert page.page.locator(".ca-legend-classes").count() == 0
    assert page.page.evaluate("map_0001.hasLayer(window.clusteratlas.layers.regions)") is False
    control.get_by_text("Zones", exact=True).click()
    assert page.page.locator(".ca-legend-zones").count() == 0


def test_table_row_focuses_its_marker(page: Page) -> None:
    row = page.page.locator("#ca-table tbody tr", has_text="Logipole")
    row.click()
    popup = page.page.locator(".leaflet-popup-content h3")
    popup.wait_for()
    assert popup.inner_text() == "Logipole"
    assert page.page.locator("#ca-table caption").inner_text().startswith("Records (17)")
    assert page.page.locator("#ca-table thead th[scope=col]").count() == 8


HOSTILE = [
    "<script>alert(1)</script>",
    'Chambre d\'Industrie "Sud"',
    "<img src=x onerror=alert(2)>",
    "</script><script>alert(3)</script>",
    "`${alert(4)}`",
]


def test_names_with_markup_run_nothing_and_show_as_text(browser: Any, tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "name": HOSTILE,
            "city": ["Casablanca", "Agadir", "Oujda", "Fès", "Rabat"],
            "sector_group": ["<b>bold</b>", "A & B", "x", "y", "z"],
            "location_source": ["javascript:alert(5)", "https://example.org/a?b=<c>", "", "", ""],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(frame)
    path = write_map(interactive_map(map_spec(geo)), tmp_path / "hostile.html")
    html = path.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html
    p = Page(browser, path)
    try:
        assert p.visible_markers() == 5
        scripts = p.page.locator("script").count()
        for i, name in enumerate(HOSTILE):
            p.page.evaluate("(i) => window.clusteratlas.focusRecord(i)", i)
            heading = p.page.locator(".leaflet-popup-content").get_by_role("heading", name=name, exact=True)
            heading.wait_for()
            assert heading.inner_text() == name
        assert p.page.locator("script").count() == scripts  # no element was injected
        assert p.page.locator("#ca-table tbody th").all_inner_texts() == HOSTILE
        assert p.page.locator("a[href^='javascript']").count() == 0
        assert p.page.locator("img[src=x]").count() == 0
        assert p.dialogs == [] and p.errors == [] and p.requests == []
    finally:
        p.close()


def test_page_is_small_and_the_same_bytes_every_time(geocoded: pd.DataFrame) -> None:
    spec = map_spec(geocoded, data_label="clusters.csv")
    first = render_map(interactive_map(spec))
    second = render_map(interactive_map(spec))
    assert first == second
    assert len(first.encode("utf-8")) <= 400_000
    for needle in ("cdn.", "unpkg", "jsdelivr", "googleapis", "<script src", '<link rel="stylesheet" href'):
        assert needle not in first


def test_report_opens_offline_and_shows_each_section(browser: Any, geocoded: pd.DataFrame, tmp_path: Path) -> None:
    from clusteratlas import load_claims
    from clusteratlas.reporting import build_report, write_report

    path = tmp_path / "report.html"
    write_report(build_report(geocoded, claims=load_claims(), data_label="clusters.csv"), path)
    opened = Page(browser, path, ready="footer")
    page = opened.page
    try:
        for section in (
            "summary",
            "zones",
            "regions",
            "columns",
            "profiles",
            "levers",
            "claims",
            "provenance",
            "method",
        ):
            heading = page.locator(f"section#{section} h2")
            assert heading.is_visible()
        img = page.locator("figure img")
        assert img.evaluate("i => i.complete && i.naturalWidth > 500")
        axis = page.locator("#table-by_zone tbody tr", has_text="Casablanca–Settat–Rabat axis")
        assert "58.8%" in axis.inner_text()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "report_html.png"), full_page=True)
        page.emulate_media(media="print")
        assert page.locator("nav").is_hidden()
        assert opened.requests == [] and opened.errors == [] and opened.dialogs == []
    finally:
        opened.close()


def test_osm_tiles_only_on_request_and_attributed(geocoded: pd.DataFrame) -> None:
    spec = map_spec(geocoded)
    offline = render_map(interactive_map(spec))
    online = render_map(interactive_map(spec, tiles="osm"))
    assert "tile.openstreetmap.org" not in offline
    assert "tile.openstreetmap.org" in online and "OpenStreetMap contributors" in online


# ---------------------------------------------------------------- hostile data, every column
ATTACKS = [
    "<img src=x onerror=alert(1)>",
    "</script><svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '"><b>x',
    "'><script>alert(1)</script>",
    "javascript:alert(1)",
    "<a href=javascript:alert(1)>link</a>",
    "{{7*7}} ${alert(1)} &amp; &lt;b&gt;",
    # folium/branca elements are Jinja templates: data must never become template source.
    "{{ cycler.__init__.__globals__.os.getcwd() }} {% endraw %}{%",
]
URL_ATTACKS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://example.org/?q=<img src=x onerror=alert(1)>",
    "vbscript:msgbox(1) | javascript:alert(2)",
]
TEXT_COLUMNS = (
    "full_name",
    "sector",
    "sector_group",
    "perimeter",
    "vocation",
    "governance",
    "financing",
    "labeling",
    "location_confidence",
    "location_note",
)


def hostile_records(n: int, seed: int) -> pd.DataFrame:
    """``n`` records at random populous gazetteer places, with an attack in every text column.

    The last two rows name no real place (their city is an attack too): they stay off the map
    but appear in the table and the summary.
    """
    import numpy as np

    from clusteratlas.gazetteer import load_gazetteer

    rng = np.random.default_rng(seed)
    places = load_gazetteer().places
    big = places[(places["population"] >= 50_000) & places["region_code"].notna()]
    cities = list(big["name"].sample(n - 2, random_state=seed, replace=True)) + ATTACKS[:2]
    k = len(ATTACKS)
    frame = pd.DataFrame(
        {
            "name": [f"{ATTACKS[i % k]} #{i}" for i in range(n)],
            "city": cities,
            "year": rng.integers(1995, 2024, n),
            "location_source": [URL_ATTACKS[i % len(URL_ATTACKS)] for i in range(n)],
            **{c: [ATTACKS[(i + j) % k] for i in range(n)] for j, c in enumerate(TEXT_COLUMNS, start=1)},
            "lever_rnd": rng.integers(0, 2, n).astype(bool),
            ATTACKS[0]: rng.integers(1, 9, n),  # a hostile column name, used as the choropleth value
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return geocode(frame)


def hostile_zones() -> Any:
    from clusteratlas.aggregate import load_zones

    study = load_zones()
    rename = {z: ATTACKS[i + 1] for i, z in enumerate(study.names)}
    return type(study)(
        names=tuple(rename[z] for z in study.names),
        region_to_zone={c: rename[z] for c, z in study.region_to_zone.items()},
        rest=rename[study.rest],
    )


def assert_nothing_injected(p: Page, scripts: int) -> None:
    page = p.page
    assert page.locator("script").count() == scripts, "a script element was injected"
    for selector in ("img[src=x]", "iframe", "svg[onload]", "b", "a[href^='javascript' i]", "a[href^='data' i]"):
        assert page.locator(selector).count() == 0, selector
    assert page.locator("[onerror], [onload], [onclick]").count() == 0
    assert p.dialogs == [], p.dialogs
    assert p.errors == [], p.errors
    assert p.requests == [], p.requests


@pytest.mark.parametrize("seed", [1, 2])
def test_hostile_strings_in_every_column_stay_text_through_every_interaction(
    browser: Any, tmp_path: Path, seed: int
) -> None:
    geo = hostile_records(14, seed)
    spec = map_spec(geo, value=ATTACKS[0], zones=hostile_zones(), title=ATTACKS[3])
    path = write_map(interactive_map(spec), tmp_path / "hostile.html")
    p = Page(browser, path)
    page = p.page
    try:
        scripts = page.locator("script").count()
        placed = int(geo["region_code"].notna().sum())
        assert placed == 12
        # Hover every marker (its tooltip), then click it (its popup).
        for i in range(len(geo)):
            if pd.isna(geo["region_code"].iloc[i]):
                continue
            page.evaluate("(i) => window.clusteratlas.show && window.clusteratlas.show(i)", i)
            marker = page.locator(f".ca-marker[data-index='{i}']")
            marker.dispatch_event("mouseover")
            tip = page.locator(".leaflet-tooltip-pane .leaflet-tooltip").last
            tip.wait_for()
            assert tip.inner_text().strip() == geo["name"].iloc[i]
            marker.dispatch_event("mouseout")
            marker.dispatch_event("click")
            popup = page.locator(".leaflet-popup-content .ca-popup").last  # the one closing may linger
            popup.wait_for()
            assert popup.locator("h3").inner_text() == geo["name"].iloc[i]
            text = popup.inner_text()
            for col in ("full_name", *(k for k, _ in FIELDS if k in TEXT_COLUMNS)):
                assert str(geo[col].iloc[i]) in text, col
            sources = popup.locator(".ca-sources li")
            assert sources.count() >= 1
            for href in popup.locator(".ca-sources a").evaluate_all("as => as.map(a => a.href)"):
                assert href.startswith(("http://", "https://")), href
        # Region tooltips.
        for region in page.locator("path.leaflet-interactive").all()[:12]:
            region.dispatch_event("mouseover")
        # Every table row.
        for row in page.locator("#ca-table tbody tr").all():
            row.click()
        assert page.locator("#ca-table tbody th").all_inner_texts() == list(geo["name"])
        # Search with hostile text, then clear it.
        for attack in ATTACKS:
            page.fill("#ca-search", attack)
        page.fill("#ca-search", "")
        # Every filter checkbox and every layer, off and on again.
        boxes = page.locator("#ca-filters input[type=checkbox]")
        for j in range(boxes.count()):
            boxes.nth(j).click()
            boxes.nth(j).click()
        labels = page.locator(".leaflet-control-layers-overlays label")
        for j in range(labels.count()):
            labels.nth(j).click()
            labels.nth(j).click()
        body = page.locator("body").inner_text()
        for attack in ATTACKS:
            assert attack in body, attack
        assert ATTACKS[0] in page.locator(".leaflet-control-layers").inner_text()  # the hostile value column
        assert ATTACKS[2] in page.locator(".ca-legend-zones").inner_text()
        assert page.title() == ATTACKS[3]
        assert_nothing_injected(p, scripts)
    finally:
        p.close()


def test_hostile_strings_in_the_report_stay_text(browser: Any, tmp_path: Path) -> None:
    from clusteratlas.reporting import build_report, write_report

    geo = hostile_records(14, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # adjustText's own DeprecationWarning on long labels
        report = build_report(geo, zones=hostile_zones(), data_label=ATTACKS[1])
    path = write_report(report, tmp_path / "r.html")[0]
    assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\';' in path.read_text("utf-8")
    p = Page(browser, path, ready="footer")
    try:
        text = p.page.locator("body").inner_text()
        for attack in (*ATTACKS[:5], "javascript:alert(1)"):
            assert attack in text, attack
        links = p.page.locator("a[href]").evaluate_all("as => as.map(a => a.getAttribute('href'))")
        assert all(h.startswith(("#", "http://", "https://")) for h in links), links
        assert_nothing_injected(p, 0)
    finally:
        p.close()


def test_the_page_policy_forbids_what_the_map_does_not_need(browser: Any, tmp_path: Path) -> None:
    geo = hostile_records(6, 4)
    path = write_map(interactive_map(map_spec(geo)), tmp_path / "csp.html")
    html = path.read_text(encoding="utf-8")
    policy = html.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"', 1)[0]
    rules = {k: v for k, _, v in (r.strip().partition(" ") for r in policy.split(";")) if k}
    assert rules["default-src"] == "'none'" and rules["connect-src"] == "'none'"
    assert "unsafe-eval" not in policy and "unsafe-inline" not in rules["script-src"]
    assert "http" not in policy  # no remote origin: not even tiles, unless asked for
    assert html.index("Content-Security-Policy") < html.index("<script")
    p = Page(browser, path)
    try:
        # Markup injected by some future bug could not run: inline handlers are blocked.
        p.page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=\"window.pwned=1\">')")
        p.page.wait_for_timeout(200)
        assert p.page.evaluate("window.pwned === undefined")
        assert any("Content Security Policy" in e for e in p.errors), p.errors
    finally:
        p.close()
    online = render_map(interactive_map(map_spec(geo), tiles="osm"))
    assert "img-src data: https://tile.openstreetmap.org" in online


# ---------------------------------------------------------------- layout, view and clustering
def random_records(n: int, seed: int, *, same_place: int = 0) -> pd.DataFrame:
    """``n`` records at gazetteer places drawn weighted by population (the south included),
    the first ``same_place`` of them all in Casablanca."""
    import numpy as np

    from clusteratlas.gazetteer import load_gazetteer

    rng = np.random.default_rng(seed)
    places = load_gazetteer().places
    lat = pd.to_numeric(places["lat"], errors="coerce")  # communes without coordinates are ""
    places = places[places["region_code"].notna() & lat.notna()]
    lat = pd.to_numeric(places["lat"]).to_numpy(dtype=float)
    lon = pd.to_numeric(places["lon"]).to_numpy(dtype=float)
    pop = pd.to_numeric(places["population"], errors="coerce").fillna(0).to_numpy(dtype=float)
    weights = np.sqrt(pop + 1000)
    idx = rng.choice(len(places), n, p=weights / weights.sum())
    lat, lon = lat[idx], lon[idx]
    lat[:same_place], lon[:same_place] = 33.5731, -7.5898
    far = int(np.argmin(pd.to_numeric(places["lat"]).to_numpy(dtype=float)))  # the southernmost place
    lat[-1] = float(pd.to_numeric(places["lat"]).iloc[far])
    lon[-1] = float(pd.to_numeric(places["lon"]).iloc[far])
    frame = pd.DataFrame(
        {
            "name": [f"Record {i} " + "very long name " * int(rng.integers(0, 6)) for i in range(n)],
            "lat": lat,
            "lon": lon,
            "sector_group": rng.choice(["Agri-food", "Textile", "Digital", "Energy", "Health"], n),
            "year": rng.integers(2000, 2024, n),
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return geocode(frame)


@pytest.fixture(scope="module")
def random_atlas(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pd.DataFrame]:
    geo = random_records(150, 11, same_place=8)
    path = tmp_path_factory.mktemp("random") / "random.html"
    write_map(interactive_map(map_spec(geo)), path)
    return path, geo


@pytest.mark.parametrize(
    ("width", "height"), [(360, 740), (414, 896), (768, 1024), (1024, 768), (1280, 800), (1440, 900), (1920, 1080)]
)
def test_no_horizontal_overflow_and_the_opening_view_shows_everything(
    browser: Any, random_atlas: tuple[Path, pd.DataFrame], width: int, height: int
) -> None:
    path, geo = random_atlas
    p = Page(browser, path, viewport={"width": width, "height": height})
    try:
        page = p.page
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.evaluate("document.body.scrollWidth") <= width
        for selector in (".leaflet-control-layers", ".ca-legend", ".leaflet-control-attribution"):
            right = page.evaluate(
                f"Math.max(...[...document.querySelectorAll('{selector}')].map(e => e.getBoundingClientRect().right))"
            )
            assert right <= width, selector
        fits = page.evaluate(
            """() => { const c = window.clusteratlas, b = c.map.getBounds();
                       let regions = null; c.layers.regions.eachLayer(g => { regions = g.getBounds(); });
                       const placed = c.markers.filter(m => m);
                       return [b.contains(regions), placed.every(m => b.contains(m.getLatLng()))]; }"""
        )
        assert fits == [True, True]
        assert page.evaluate("window.clusteratlas.map.getMaxZoom()") == 11
        assert p.visible_markers() == int(geo["region_code"].notna().sum())
        if width in (360, 1024, 1920):
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"random_html_{width}.png"))
        assert p.errors == [] and p.requests == [] and p.dialogs == []
    finally:
        p.close()


def test_records_at_one_place_are_one_symbol_spread_out_on_demand(
    browser: Any, random_atlas: tuple[Path, pd.DataFrame]
) -> None:
    path, _ = random_atlas
    p = Page(browser, path)
    try:
        page = p.page
        # Every marker stands at its record's own coordinates: no ring offsets.
        where = page.evaluate("window.clusteratlas.markers.slice(0, 8).map(m => m.getLatLng())")
        assert [[w["lat"], w["lng"]] for w in where] == [[33.5731, -7.5898]] * 8
        assert page.evaluate("window.clusteratlas.show(0)") is True
        assert page.evaluate("window.clusteratlas.map.getZoom()") == 11
        markers = page.locator(".leaflet-marker-pane .ca-marker")
        markers.first.wait_for()
        shown = sorted(int(i) for i in markers.evaluate_all("els => els.map(e => e.dataset.index)"))
        assert set(range(8)) <= set(shown)  # spread out (spiderfied) at the deepest zoom
        # Spread out only while shown so: each keeps its record's coordinates underneath.
        where = page.evaluate("window.clusteratlas.markers.slice(0, 8).map(m => m._preSpiderfyLatlng)")
        assert [[w["lat"], w["lng"]] for w in where] == [[33.5731, -7.5898]] * 8
        assert page.locator(".leaflet-cluster-spider-leg, path.leaflet-interactive").count() >= 8
        assert p.errors == [] and p.requests == [] and p.dialogs == []
    finally:
        p.close()


def test_a_few_thousand_markers_stay_a_few_symbols(browser: Any, tmp_path: Path) -> None:
    geo = random_records(3000, 5)
    path = write_map(interactive_map(map_spec(geo)), tmp_path / "many.html")
    p = Page(browser, path)
    try:
        placed = int(geo["region_code"].notna().sum())
        assert p.visible_markers() == placed
        symbols = p.page.locator(".leaflet-marker-pane > *").count()
        assert symbols < 150, symbols
        p.page.locator("input[name=category][value='Energy']").uncheck()
        assert p.visible_markers() == int((geo["region_code"].notna() & (geo["sector_group"] != "Energy")).sum())
        assert p.errors == [] and p.requests == [] and p.dialogs == []
    finally:
        p.close()


def badges_read_well(p: Page) -> None:
    """Every count reads at 4.5:1 or more on its symbol's colour, on one line (4 digits too)."""
    badges = p.page.locator(".leaflet-marker-pane .ca-cluster-count").evaluate_all(
        """els => els.map(e => { const s = getComputedStyle(e), r = document.createRange();
             r.selectNodeContents(e);
             return [e.textContent, s.color, s.backgroundColor, r.getClientRects().length]; })"""
    )
    assert len(badges) > 5
    for text, ink, paper, lines in badges:
        assert contrast(ink, paper) >= 4.5, (text, ink, paper)
        assert lines == 1, text
    # A group's count is written on its category's colour: black or white, whichever reads.
    from clusteratlas.mapspec import PALETTE

    for colour in (*PALETTE, "#9e9e9e", "#ffffff", "#000000", "#777777"):
        ink = p.page.evaluate("(c) => window.clusteratlas.ink(c)", colour)
        rgb = "rgb({}, {}, {})".format(*(int(colour[i : i + 2], 16) for i in (1, 3, 5)))
        paper = ink.replace("#000", "rgb(0, 0, 0)").replace("#fff", "rgb(255, 255, 255)")
        assert contrast(paper, rgb) >= 4.5, colour


def test_four_digit_counts_stay_on_one_line(browser: Any, tmp_path: Path) -> None:
    geo = random_records(1400, 13, same_place=1200)
    p = Page(browser, write_map(interactive_map(map_spec(geo)), tmp_path / "dense.html"))
    try:
        counts = p.page.locator(".leaflet-marker-pane .ca-cluster-count").evaluate_all(
            """els => els.map(e => { const r = document.createRange(); r.selectNodeContents(e);
                 return [e.textContent, r.getClientRects().length, e.scrollWidth <= e.clientWidth]; })"""
        )
        assert any(len(text) >= 4 for text, _, _ in counts), counts
        assert all(lines == 1 and fits for _, lines, fits in counts), counts
        assert p.errors == [] and p.requests == [] and p.dialogs == []
    finally:
        p.close()


def test_many_records_are_one_marker_per_place_and_category_and_the_table_pages(browser: Any, tmp_path: Path) -> None:
    from clusteratlas.interactive import AGGREGATE_ABOVE, PAGE_SIZE

    geo = random_records(AGGREGATE_ABOVE + 700, 3)
    path = write_map(interactive_map(map_spec(geo)), tmp_path / "agg.html")
    p = Page(browser, path)
    try:
        page = p.page
        placed = geo[geo["region_code"].notna()]
        groups = placed.groupby([placed["lat"].round(5), placed["lon"].round(5), placed["sector_group"]]).ngroups
        assert page.evaluate("window.clusteratlas.cluster.getLayers().length") == groups < len(placed)
        assert p.visible_markers() == len(placed)  # the cluster symbols add up the records
        badges_read_well(p)
        assert page.locator("#ca-table tbody tr").count() == PAGE_SIZE
        pages = -(-len(geo) // PAGE_SIZE)
        assert page.locator("#ca-page").inner_text().strip() == f"Page 1 of {pages}"
        page.locator("#ca-next").click()
        assert page.locator("#ca-table tbody th").first.inner_text().split()[:2] == ["Record", str(PAGE_SIZE)]
        # Search and filters apply to every record, not to the page shown.
        page.fill("#ca-search", "record 5699")
        assert page.locator("#ca-table tbody tr").count() == 1
        page.fill("#ca-search", "")
        page.locator("input[name=category][value='Energy']").uncheck()
        expected = int((placed["sector_group"] != "Energy").sum())
        assert p.visible_markers() == expected
        # A record's own details, from the table, though its marker stands for several.
        page.locator("#ca-table tbody tr").first.click()
        popup = page.locator(".leaflet-popup-content .ca-popup h3")
        popup.wait_for()
        first = geo[geo["sector_group"] != "Energy"]["name"].iloc[0]
        assert popup.inner_text() == first.strip()
        assert p.errors == [] and p.requests == [] and p.dialogs == []
    finally:
        p.close()


def found_by_place(placed: pd.DataFrame, query: str) -> int:
    """Records at places one of whose towns, matched places, provinces or regions holds ``query``."""
    columns = [c for c in ("city", "geocode_match", "province", "region") if c in placed]
    key = pd.Series(list(zip(placed["lat"].round(5), placed["lon"].round(5), strict=True)), index=placed.index)
    text = placed[columns].astype("string").fillna("").agg("\u0000".join, axis=1).map(fold)
    words = text.groupby(key).agg("\u0000".join)
    return int(key.map(words).str.contains(fold(query), regex=False).sum())


def search_places(p: Page, kept: pd.DataFrame, n: int) -> None:
    """Search a large page for towns and regions: every record at the places found is counted."""
    for query in ("fès", "casa"):
        found = found_by_place(kept, query)
        p.page.fill("#ca-search", query)
        p.wait_markers(found)
        assert found > 0 and p.page.locator("#ca-status").inner_text().startswith(f"{found:,} of {n:,}")


def test_a_large_table_is_counts_by_place_and_its_first_records_listed(browser: Any, tmp_path: Path) -> None:
    """Above LIST_ALL_UP_TO records: markers, filters and place search count every record;
    the table lists the first LISTED records (found by name too), the page says so."""
    from clusteratlas.interactive import LIST_ALL_UP_TO, LISTED, PAGE_SIZE

    n = 2 * LIST_ALL_UP_TO
    geo = random_records(n, 7)
    geo.loc[0, "name"] = "<img src=x onerror=alert(1)>"
    path = write_map(interactive_map(map_spec(geo)), tmp_path / "large.html")
    text = path.read_text(encoding="utf-8")
    assert f'"Record {LISTED - 1} ' in text and f'"Record {LISTED} ' not in text  # no name past the listed
    p = Page(browser, path)
    try:
        page = p.page
        placed = geo[geo["region_code"].notna()]
        groups = placed.groupby([placed["lat"].round(5), placed["lon"].round(5), placed["sector_group"]]).ngroups
        assert page.evaluate("window.clusteratlas.cluster.getLayers().length") == groups
        assert p.visible_markers() == len(placed)
        assert page.locator("#ca-status").inner_text().startswith(f"{n:,} of {n:,} records shown")
        assert f"the first {LISTED:,}" in page.locator("#ca-listed-note").inner_text()
        assert page.locator("#ca-table tbody tr").count() == PAGE_SIZE
        assert page.locator("#ca-page").inner_text().strip() == f"Page 1 of {LISTED // PAGE_SIZE}"
        assert page.locator("#ca-table tbody th").first.inner_text() == geo["name"].iloc[0]  # text, not markup
        # A filter: every record counted, not only the listed ones.
        page.locator("input[name=category][value='Energy']").uncheck()
        kept = placed[placed["sector_group"] != "Energy"]
        p.wait_markers(len(kept))
        # Search finds places (all their records) and the listed records by name.
        province = str(kept["province"].iloc[0])
        page.fill("#ca-search", province)
        found = kept[kept["province"].map(fold).str.contains(fold(province), regex=False)]
        p.wait_markers(len(found))
        assert page.locator("#ca-status").inner_text().startswith(f"{len(found):,} of {n:,}")
        search_places(p, kept, n)  # ... by town or region too: "fès" finds the Fès-Meknès region's places
        page.fill("#ca-search", "record 12")
        listed = geo.iloc[:LISTED]
        named = listed[listed["name"].str.lower().str.startswith("record 12") & (listed["sector_group"] != "Energy")]
        assert page.locator("#ca-table tbody tr").count() == len(named) > 0
        page.locator("#ca-table tbody tr").first.click()
        popup = page.locator(".leaflet-popup-content .ca-popup h3")
        popup.wait_for()
        assert popup.inner_text() == named["name"].iloc[0].strip()
        page.fill("#ca-search", "")
        page.locator("#ca-reset").click()
        page.evaluate("window.clusteratlas.map.closePopup()")  # the record's popup is read: closed, as a user would
        page.evaluate("window.clusteratlas.map.fitBounds(window.clusteratlas.layers.regions.getBounds())")
        zoom = page.evaluate("window.clusteratlas.map.getZoom()")
        # Clusters: a click on one zooms in (or, all at one place, spreads it out).
        clusters = page.locator(".leaflet-marker-pane .ca-cluster:not(.ca-group)")
        counts = clusters.evaluate_all("els => els.map(e => Number(e.textContent))")
        clusters.nth(counts.index(max(counts))).click()
        page.wait_for_function(
            "(z) => window.clusteratlas.map.getZoom() > z || !!document.querySelector('.leaflet-cluster-spider-leg')",
            arg=zoom,
        )
        assert p.errors == [] and p.requests == [] and p.dialogs == []
    finally:
        p.close()


# ---------------------------------------------------------------- the user's columns, and search
def fold(text: str) -> str:
    """The page's search folding: no accents, lower case."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def test_popups_and_table_write_the_users_columns_and_numbers_in_french(browser: Any, tmp_path: Path) -> None:
    from tests.test_interactive import STUDY_TITLES, register

    path = write_map(interactive_map(map_spec(register(), lang="fr")), tmp_path / "register.html")
    p = Page(browser, path)
    try:
        page = p.page
        heads = page.locator("#ca-table thead th").all_inner_texts()
        assert heads[0] == "Raison sociale" and "Effectif" in heads and "Investissement (MDH)" in heads
        row = page.locator("#ca-table tbody tr", has_text="Atlas Textile")
        cells = row.locator("td").all_inner_texts()
        assert "12\u202f345" in cells and "1\u202f234,56" in cells  # the page's language, not 12345
        row.click()
        popup = page.locator(".leaflet-popup-content .ca-popup")
        popup.wait_for()
        shown = dict(zip(popup.locator("dt").all_inner_texts(), popup.locator("dd").all_inner_texts(), strict=True))
        assert shown["Effectif"] == "12\u202f345" and shown["Investissement (MDH)"] == "1\u202f234,56"
        assert shown["ICE"] == "001234567000089" and shown["Adresse"] == "12 bd Zerktouni"
        assert shown["Secteur d'activité"] == "Textile" and shown["Ville"] == "Casablanca"
        assert not set(shown) & set(STUDY_TITLES["fr"]), shown
        assert p.errors == [] and p.requests == [] and p.dialogs == []
    finally:
        p.close()


def test_search_finds_record_names_towns_quarters_provinces_and_regions(browser: Any, tmp_path: Path) -> None:
    """The random 150-record table: "casa" and "fès" found nothing before (names only)."""
    from clusteratlas._labels import search_names
    from tests.randomdata import random_records as random_table

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(random_table(7, 150))
    geo.loc[3, "city"] = "Anfa"  # a quarter of Casablanca (an alias the gazetteer knows)
    path = write_map(interactive_map(map_spec(geo)), tmp_path / "search.html")
    columns = [c for c in ("name", "city", "geocode_match", "province", "region") if c in geo]
    # The page searches geocode_match as every name of the record's place (issue 20 item 7).
    searched = geo.assign(geocode_match=search_names(geo))
    text = searched[columns].astype("string").fillna("").agg("\u0000".join, axis=1).map(fold)
    p = Page(browser, path)
    try:
        for query in ("casa", "fès", "Fes", "meknes", "souss", "anfa", "cluster 1"):
            k = int(text.str.contains(fold(query), regex=False).sum())
            assert k > 0, query
            p.page.fill("#ca-search", query)
            assert p.page.locator("#ca-status").inner_text().startswith(f"{k} of 150 records shown"), query
        assert p.errors == [] and p.requests == [] and p.dialogs == []
    finally:
        p.close()


# ---------------------------------------------------------------- table heading and year filter
@pytest.mark.parametrize(
    ("lang", "whole", "part"),
    [
        ("en", "Records (60); select a row", "{k} of 60 records; select a row"),
        ("fr", "Fiches (60)\u202f; choisir une ligne", "{k} fiches sur 60\u202f; choisir une ligne"),
    ],
)
def test_table_heading_counts_the_records_a_search_leaves(
    browser: Any, tmp_path: Path, lang: str, whole: str, part: str
) -> None:
    geo = random_records(60, 23)
    path = write_map(interactive_map(map_spec(geo, lang=lang)), tmp_path / "heading.html")
    p = Page(browser, path)
    try:
        caption = p.page.locator("#ca-table caption")
        assert caption.inner_text().startswith(whole)
        for query in ("record 1", "record 42", "no such record"):
            k = int(geo["name"].str.lower().str.contains(query, regex=False).sum())
            p.page.fill("#ca-search", query)
            want = part.format(k=k)
            if lang == "fr" and k < 2:  # French agreement: "1 fiche", "0 fiche" (Intl.PluralRules: one)
                want = want.replace("fiches sur", "fiche sur")
            assert caption.inner_text().startswith(want), (query, caption.inner_text())
            assert p.page.locator("#ca-table tbody tr").count() == k
        p.page.fill("#ca-search", "")
        assert caption.inner_text().startswith(whole)
        assert p.errors == [] and p.requests == [] and p.dialogs == []
    finally:
        p.close()


@pytest.mark.parametrize("years", ["none", "empty", "some"])
def test_the_year_filter_shows_only_when_the_data_have_years(browser: Any, tmp_path: Path, years: str) -> None:
    geo = random_records(40, 29)
    if years == "none":
        geo = geo.drop(columns="year")
    elif years == "empty":
        geo["year"] = pd.NA
    path = write_map(interactive_map(map_spec(geo)), tmp_path / "years.html")
    p = Page(browser, path)
    try:
        shown = years == "some"
        assert p.page.locator("#ca-year-from").is_visible() is shown
        assert p.page.locator("#ca-year-unknown").is_visible() is shown
        assert p.page.get_by_text("Year of creation", exact=True).is_visible() is shown
        placed = int(geo["region_code"].notna().sum())
        assert p.visible_markers() == placed
        p.page.fill("#ca-search", "record 3")  # the filters still work without a year filter
        assert p.page.locator("#ca-table tbody tr").count() == int(geo["name"].str.contains("Record 3").sum())
        assert p.errors == [] and p.requests == [] and p.dialogs == []
    finally:
        p.close()


# ---------------------------------------------------------------- keyboard, screen readers, axe (WCAG 2.2 AA)
#: axe-core's rule sets for WCAG 2.0, 2.1 and 2.2 A and AA, and its best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page: Any) -> list[str]:
    """Run axe-core (shipped in the axe-playwright-python test dependency, no network) on the page."""
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:  # pragma: no cover - a test dependency
        pytest.fail("axe-playwright-python is not installed: run `make test`, which installs the test extra")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]
    ]


@pytest.fixture(scope="module")
def random_150(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The random 150-record table of the snapshot script (tests/randomdata.py, seed 7), in French."""
    from tests.randomdata import random_records as random_table

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(random_table(7, 150))
    return write_map(interactive_map(map_spec(geo, lang="fr")), tmp_path_factory.mktemp("r150") / "r150.html")


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("which", ["study", "random 150"])
def test_axe_finds_no_violation_on_the_map(browser: Any, atlas: Path, random_150: Path, which: str, width: int) -> None:
    p = Page(browser, atlas if which == "study" else random_150, viewport={"width": width, "height": 900})
    try:
        assert axe_violations(p.page) == []
        assert p.errors == [] and p.requests == [] and p.dialogs == []
    finally:
        p.close()


def test_landmarks_skip_link_and_pinch_zoom(page: Page) -> None:
    pg = page.page
    viewport = pg.locator("meta[name=viewport]").get_attribute("content")
    assert "user-scalable" not in viewport and "maximum-scale" not in viewport
    # Everything but the skip link is in the header, main or footer; main holds the filters, map and table.
    outside = pg.evaluate(
        """() => [...document.body.children].filter(e => !['HEADER', 'MAIN', 'FOOTER', 'SCRIPT'].includes(e.tagName)
                 && !e.classList.contains('ca-skip')).map(e => e.outerHTML.slice(0, 60))"""
    )
    assert outside == []
    assert pg.locator("main #ca-filters, main .folium-map, main #ca-table").count() == 3
    # The skip link is the first stop and leads to the map, whose region is named.
    pg.keyboard.press("Tab")
    skip = pg.locator(":focus")
    assert skip.get_attribute("class") == "ca-skip" and skip.inner_text() == "Skip to the map"
    assert skip.evaluate("e => e.getBoundingClientRect().top >= 0")  # shown when focused
    pg.keyboard.press("Enter")
    assert pg.evaluate("document.activeElement.classList.contains('folium-map')")
    assert pg.locator(".folium-map").get_attribute("aria-label") == "Map of the records"
    # The region shapes are named but out of the tab order.
    shapes = pg.locator("path.leaflet-interactive")
    assert shapes.count() == 12
    assert set(shapes.evaluate_all("ps => ps.map(p => p.getAttribute('tabindex'))")) == {"-1"}
    names = shapes.evaluate_all("ps => ps.map(p => p.getAttribute('aria-label'))")
    assert all(" \u2013 Clusters: " in n for n in names), names


def focused(p: Page) -> dict[str, Any]:
    return dict(
        p.page.evaluate(
            """() => { const e = document.activeElement;
                 return { cls: e.getAttribute('class') || '', label: e.getAttribute('aria-label') || '',
                          title: e.getAttribute('title') || '', popup: !!e.closest('.leaflet-popup') }; }"""
        )
    )


def test_the_keyboard_reaches_a_record_inside_a_cluster(page: Page) -> None:
    """Tab to Casablanca's cluster, named by its records and places; Enter expands it; Enter on a
    record opens its popup, which takes the focus; Escape closes it and gives the focus back."""
    import re

    pg = page.page
    pg.keyboard.press("Tab")
    pg.keyboard.press("Enter")  # the skip link: the map has the focus
    for _ in range(40):
        pg.keyboard.press("Tab")
        if "Casablanca" in focused(page)["label"]:
            break
    label = focused(page)["label"]
    assert "ca-cluster" in focused(page)["cls"] and re.fullmatch(r"\d+ records: Casablanca(, [^,]+)*( …)?", label)
    for _ in range(6):  # Enter expands a cluster (zooms in or spreads it out) until a record has the focus
        pg.evaluate("document.activeElement.dataset.caBefore = '1'")
        pg.keyboard.press("Enter")
        pg.wait_for_function(
            """() => { const e = document.activeElement;
                 return e && !e.dataset.caBefore && !!e.closest('.leaflet-marker-pane'); }""",
            timeout=5000,
        )
        if "ca-marker" in focused(page)["cls"]:
            break
    record = focused(page)
    assert "ca-marker" in record["cls"] and record["title"]
    pg.keyboard.press("Enter")
    pg.locator(".leaflet-popup-content .ca-popup").wait_for()
    pg.wait_for_function("!!document.activeElement.closest('.leaflet-popup')")
    assert pg.locator(".leaflet-popup-content h3").inner_text() == record["title"]
    pg.keyboard.press("Escape")
    pg.locator(".leaflet-popup").wait_for(state="detached")  # it fades out
    assert focused(page)["title"] == record["title"]  # back where it was


def test_a_popup_opened_from_the_table_takes_the_focus_and_escape_closes_it(page: Page) -> None:
    pg = page.page
    row = pg.locator("#ca-table tbody tr", has_text="Logipole")
    row.focus()
    # The focused row is seen: an outline of at least 3:1 against the row's background and the page's.
    style = row.evaluate(
        """r => { const s = getComputedStyle(r); return [s.outlineStyle, parseFloat(s.outlineWidth),
                  s.outlineColor, s.backgroundColor]; }"""
    )
    assert style[0] == "solid" and style[1] >= 2
    assert contrast(style[2], style[3]) >= 3 and contrast(style[2], "rgb(255, 255, 255)") >= 3
    pg.keyboard.press("Enter")
    pg.locator(".leaflet-popup-content h3").wait_for()
    pg.wait_for_function("!!document.activeElement.closest('.leaflet-popup')")
    assert pg.locator(".leaflet-popup-content h3").inner_text() == "Logipole"
    pg.keyboard.press("Escape")
    pg.locator(".leaflet-popup").wait_for(state="detached")  # it fades out
    assert pg.evaluate("document.activeElement.textContent").startswith("Logipole")


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two CSS colours given as ``rgb(r, g, b)``."""
    import re

    def luminance(colour: str) -> float:
        rgb = [int(v) / 255 for v in re.findall(r"\d+", colour)[:3]]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# ---------------------------------------------------------------- French pages
def test_a_french_page_is_french_to_leaflets_buttons_with_french_typography(
    browser: Any, geocoded: pd.DataFrame, tmp_path: Path
) -> None:
    import re

    path = write_map(interactive_map(map_spec(geocoded, lang="fr")), tmp_path / "fr.html")
    p = Page(browser, path)
    try:
        pg = p.page
        assert pg.locator(".leaflet-control-zoom-in").get_attribute("title") == "Zoom avant"
        assert pg.locator(".leaflet-control-zoom-out").get_attribute("aria-label") == "Zoom arrière"
        assert pg.locator(".leaflet-control-layers-toggle").get_attribute("title") == "Couches"
        pg.evaluate("(i) => window.clusteratlas.focusRecord(i)", int(list(geocoded["name"]).index("Valbiom")))
        popup = pg.locator(".leaflet-popup-content .ca-popup")
        popup.wait_for()
        shown = dict(zip(popup.locator("dt").all_inner_texts(), popup.locator("dd").all_inner_texts(), strict=True))
        assert shown["Précision"] == "ville"  # not "city"
        assert pg.locator(".leaflet-popup-close-button").get_attribute("aria-label") == "Fermer"
        words = pg.evaluate(
            """() => document.body.innerText + '\\n' + [...document.querySelectorAll('[title], [aria-label]')]
                 .map(e => (e.getAttribute('title') || '') + '\\n' + (e.getAttribute('aria-label') || ''))
                 .join('\\n')"""
        )
        for english in ("Zoom in", "Zoom out", "Layers", "Close popup", "Skip to", "records:", "Map of"):
            assert english not in words, english
        # A no-break space (never a plain one) before ":", ";" and "%".
        assert re.findall(r".{0,30}\S [:;%]", words) == []
        assert re.search("placées?\u00a0: ", words) and re.search("\u202f%", words)
        assert "A JavaScript library" not in words
        assert p.errors == [] and p.requests == [] and p.dialogs == []
    finally:
        p.close()


def test_the_map_prints_without_buttons_and_without_an_empty_column(page: Page) -> None:
    pg = page.page
    pg.emulate_media(media="print")
    for hidden in ("#ca-filters", ".leaflet-control-zoom", ".leaflet-control-layers", ".ca-skip", "#ca-pager"):
        assert pg.locator(hidden).is_hidden(), hidden
    assert pg.locator(".ca-legend-points").is_visible()  # the legends and the scale print
    assert pg.locator(".leaflet-control-scale").is_visible()
    body, box = pg.evaluate(
        """() => [document.body.getBoundingClientRect(), document.querySelector('.folium-map').getBoundingClientRect()]
                 .map(r => [r.left, r.width])"""
    )
    assert box[0] - body[0] < 2 and box[1] >= 0.98 * body[1]  # the map spans the page: no empty column
    assert pg.locator("#ca-table").is_visible()


@pytest.mark.parametrize("width", [360, 1280])
def test_a_register_report_fits_the_screen_and_passes_axe(browser: Any, tmp_path: Path, width: int) -> None:
    """Issue 18: the report lists the unplaced records once, summarised, and never scrolls sideways at 360 px."""
    from clusteratlas.reporting import UNPLACED_LISTED_MAX, build_report, write_report

    n = 90
    frame = pd.DataFrame(
        {
            "Raison sociale": [f"Société industrielle et commerciale du Maroc n° {i}" for i in range(n)],
            "Ville": [["Casablanca", "Tanger", "Fès"][i % 3] if i % 2 else f"Douar Inconnu {i}" for i in range(n)],
            "Secteur d'activité": [["Textile", "Automobile", "Agro-industrie"][i % 3] for i in range(n)],
            "Site web": [f"https://www.exemple-{i}.ma/une/adresse/tres/longue/sans/espaces" for i in range(n)],
        }
    )
    frame.to_csv(tmp_path / "registre.csv", index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        records = geocode(read_records(tmp_path / "registre.csv"))
        built = build_report(records, data_label="registre.csv", figure=False)
    path = tmp_path / "r.html"
    write_report(built, path)
    summary = next(s for s in built.sections if s.key == "summary")
    assert len(summary.items) <= UNPLACED_LISTED_MAX  # the opening names places, not 45 records
    opened = Page(browser, path, ready="footer", viewport={"width": width, "height": 800})
    try:
        page = opened.page
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert axe_violations(page) == []
        assert opened.requests == [] and opened.errors == []
    finally:
        opened.close()


@pytest.mark.parametrize(("lang", "named", "never"), [("fr", "Tanger", "Tangier"), ("en", "Tangier", "Tanger")])
def test_neighbours_are_land_and_towns_are_labelled_by_zoom(
    browser: Any, geocoded: pd.DataFrame, tmp_path: Path, lang: str, named: str, never: str
) -> None:
    """Issue 20: offline context: neighbouring countries drawn as land, town labels that appear with the zoom."""
    from clusteratlas.interactive._context import LAND

    path = tmp_path / f"m_{lang}.html"
    write_map(interactive_map(map_spec(geocoded, lang=lang)), path)
    opened = Page(browser, path)
    page = opened.page
    try:
        land = page.evaluate(
            "[...document.querySelectorAll('.leaflet-overlay-pane path')].filter("
            f"p => p.getAttribute('fill') === '{LAND['fillColor']}').length"
        )
        assert land >= 4  # Spain, Portugal, Algeria, Mauritania (Gibraltar is too small to clip in)
        # The page opens on the records (Agadir to Oujda): the north, Tanger with it, at zoom 6.
        page.evaluate("window.clusteratlas.map.setView([34.3, -6.0], 6, {animate: false})")
        labels = page.evaluate("[...document.querySelectorAll('.ca-town-name')].map(e => e.textContent)")
        assert named in labels and "Casablanca" in labels and never not in labels
        assert all(
            page.evaluate("[...document.querySelectorAll('.ca-town-name')].map(e => e.getAttribute('aria-hidden'))")
        )
        page.evaluate("window.clusteratlas.map.setView([34.0, -6.5], 9, {animate: false})")
        deeper = page.evaluate("[...document.querySelectorAll('.ca-town-name')].map(e => e.textContent)")
        assert len(deeper) > len(labels)
        # the labels' layer is in the layer control, and unticking it hides them all
        control = page.locator(".leaflet-control-layers-overlays label", has_text="Villes" if lang == "fr" else "Towns")
        control.locator("input").uncheck()
        assert page.evaluate("document.querySelectorAll('.ca-town-name').length") == 0
        assert opened.requests == [] and opened.errors == []
    finally:
        opened.close()


@pytest.mark.parametrize(("seed", "n"), [(1, 400), (1, 2000), (4, 400)])
def test_cluster_symbols_never_overlap(browser: Any, tmp_path: Path, seed: int, n: int) -> None:
    """Issue 20: cluster bubbles pushed apart (seed 1 at 400 records made two overlap: axe target-size)."""
    from tests.randomdata import random_records as random_table

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(random_table(seed, n))
    path = write_map(interactive_map(map_spec(geo)), tmp_path / "m.html")
    p = Page(browser, path, viewport={"width": 1280, "height": 800})
    circles = """() => [...document.querySelectorAll('.leaflet-marker-pane .leaflet-marker-icon')].map(e => {
        const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2, r.width / 2,
        e.classList.contains('ca-cluster') && !e.classList.contains('ca-group')]; })"""
    try:
        for zoom in (None, 6, 8):
            if zoom is not None:
                p.page.evaluate(f"window.clusteratlas.map.setView([33.5, -7.0], {zoom}, {{animate: false}})")
            shapes = p.page.evaluate(circles)
            assert any(s[3] for s in shapes)
            overlaps = [
                (a, b)
                for i, a in enumerate(shapes)
                for b in shapes[i + 1 :]
                if (a[3] or b[3]) and ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 < a[2] + b[2] - 0.5
            ]
            assert overlaps == [], (zoom, overlaps[:3])
        p.page.evaluate("window.clusteratlas.map.setView([33.5, -7.0], 5, {animate: false})")
        assert axe_violations(p.page) == []
        assert p.errors == [] and p.requests == []
    finally:
        p.close()
