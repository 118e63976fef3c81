/* clusteratlas interactive map: markers, popups, legends, filters, search and table.
 * Every value from the data is written with textContent or setAttribute, never as markup.
 * Leaflet inserts strings given to bindTooltip, bindPopup and layer names as HTML: we give
 * it elements only (layer names are escaped in Python). CONFIG is the JSON of the
 * script element whose id is clusteratlas-config. It runs once the
 * page is parsed, after folium's script has made the map and its layers.
 */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var CONFIG = JSON.parse(document.getElementById("clusteratlas-config").textContent);
  var map = window[CONFIG.map];
  var layers = {
    regions: window[CONFIG.layers.regions],
    provinces: window[CONFIG.layers.provinces],
    zones: window[CONFIG.layers.zones],
    clusters: window[CONFIG.layers.clusters],
    towns: window[CONFIG.layers.towns],
  };
  var T = CONFIG.texts;
  var NUM = new Intl.NumberFormat(CONFIG.lang);  // "4,030,222"; in French "4 030 222"
  function num(n) { return NUM.format(n); }
  var PLURAL = new Intl.PluralRules(CONFIG.lang);  // French: 0 and 1 take the singular
  /* A text that agrees with a number: its "_one" form for one (0 or 1 in French). */
  function said(key, n) { return PLURAL.select(n) === "one" && T[key + "_one"] ? T[key + "_one"] : T[key]; }
  var VALUE = new Intl.NumberFormat(CONFIG.lang, { maximumFractionDigits: 6 });  // a cell's number, all its digits
  var NUMBERS = Object.create(null);  // the columns holding numbers (years are not)
  CONFIG.numbers.forEach(function (k) { NUMBERS[k] = true; });
  // The file's own columns kept beside ours ("Lat (du fichier)"): their name in our outputs, as a tooltip.
  var GIVEN = Object.create(null);
  Object.keys(CONFIG.given).forEach(function (k) { GIVEN[k] = CONFIG.given[k]; });
  /* A cell as the page writes it: numbers in the page's language, yes/no for booleans. */
  function cell(key, v) {
    if (v === undefined || v === null || v === "") { return ""; }
    if (v === true || v === false) { return v ? T.yes : T.no; }
    if (typeof v === "number" && NUMBERS[key]) { return VALUE.format(v); }
    return String(v);
  }
  var NARROW = window.matchMedia("(max-width: 800px)").matches;
  // On a map under 800 px wide the top-left legends (over the Atlantic, next to the south)
  // start folded to their titles, so they hide no record; a click opens them.
  var SMALL_MAP = map.getSize().x < 800;
  // A first view of every region and record, while the controls are made; the opening view (the
  // records', clear of the legends: openingView, below) is set before the records are drawn.
  map.fitBounds(CONFIG.bounds, { animate: false, padding: [24, 24] });
  // The map is a named region of the page (the skip link leads to it; Leaflet makes it focusable).
  map.getContainer().setAttribute("role", "region");
  map.getContainer().setAttribute("aria-label", T.map_label);
  L.control.scale({ imperial: false, position: "bottomleft" }).addTo(map);
  /* Leaflet's own words in the page's language: its zoom buttons (made again, first in their
   * corner), its layer button and its popups' close button (below). */
  if (map.zoomControl) { map.removeControl(map.zoomControl); }
  map.zoomControl = L.control.zoom({ zoomInTitle: T.zoom_in, zoomOutTitle: T.zoom_out }).addTo(map);
  Array.prototype.forEach.call(document.querySelectorAll(".leaflet-control-layers-toggle"), function (a) {
    a.title = T.layers;
    a.setAttribute("aria-label", T.layers);
  });
  Array.prototype.forEach.call(document.querySelectorAll(".leaflet-control-attribution a[title]"), function (a) {
    a.title = T.leaflet;  // Leaflet's own link
  });
  /* The records travel as columns: {"k": constant}, {"d": dictionary, "c": codes} or
   * {"v": values}; coordinates are codes into CONFIG.data.places. A large table travels as
   * units (one per place, category, year and filter value, "w" records each) and the
   * first records, listed with their unit (DATA.listed); a small one as its records (each
   * its own unit, and all listed). */
  var DATA = CONFIG.data;
  var N = DATA.n;  // units
  function column(columns, name, n) {
    var c = columns[name];
    var out = new Array(n);
    var i;
    if (!c) { for (i = 0; i < n; i++) { out[i] = null; } return out; }
    if (c.v) { return c.v; }
    if (c.d) { for (i = 0; i < n; i++) { out[i] = c.c[i] < 0 ? null : c.d[c.c[i]]; } return out; }
    for (i = 0; i < n; i++) { out[i] = c.k === undefined ? null : c.k; }
    return out;
  }
  function columns(source, n) {
    var out = Object.create(null);  // a column named __proto__ stays a column
    Object.keys(source).forEach(function (k) {
      if (k !== "place" && k.indexOf("f:") !== 0) { out[k] = column(source, k, n); }
    });
    ["name", "full_name", "detail", "location_source", "year", "uncertain", "coarse"].forEach(function (k) {
      if (!out[k]) { out[k] = column(source, k, n); }
    });
    return out;
  }
  var COL = columns(DATA.columns, N);
  var BIG = !!DATA.listed;
  var TOTAL = BIG ? DATA.total : N;  // records
  var W = BIG ? COL.w : null;        // records per unit
  var LN = BIG ? DATA.listed.n : N;  // records listed in the table
  var LCOL = BIG ? columns(DATA.listed.columns, LN) : COL;
  function unitOf(r) { return BIG ? DATA.listed.unit[r] : r; }
  var PLACE = DATA.columns.place.c;
  function rec(r) {  // a listed record, for its popup and its row
    var r2 = { index: r };
    Object.keys(LCOL).forEach(function (k) { r2[k] = LCOL[k][r]; });
    var u = unitOf(r);
    ["uncertain", "coarse"].forEach(function (k) { r2[k] = COL[k][u]; });
    var p = PLACE[u];
    r2.lat = p < 0 ? null : DATA.places[p][0];
    r2.lon = p < 0 ? null : DATA.places[p][1];
    r2.levers = {};
    DATA.levers.forEach(function (lv) { r2.levers[lv[0]] = LCOL[lv[0]][r]; });
    return r2;
  }
  var CATS = DATA.columns.category.d;
  var CAT = DATA.columns.category.c;
  var COLORS = {};
  CONFIG.filters[0].values.forEach(function (v) { COLORS[v[0]] = v[2]; });
  function colorOf(i) { return COLORS[CATS[CAT[i]]] || "#9e9e9e"; }
  /* A category's colour on a symbol, badge or swatch and, where another category's colour prints
   * as nearly the same grey, its pattern (CONFIG.patterns: the figures' hatches, their name, ink and
   * the CSS angles of their lines): stripes in the figures' directions, 1.2 px every 4 px (one
   * direction) or 1 px every 5 px (two), in --ca-pat, white on dark colours and dark on light ones. */
  function stripes(angles) {
    var w = angles.length > 1 ? [1, 5] : [1.2, 4];
    return angles.map(function (a) {
      return "repeating-linear-gradient(" + a + "deg, var(--ca-pat) 0 " + w[0] + "px, transparent " + w[0] + "px " + w[1] + "px)";
    }).join(", ");
  }
  function paint(node, color) {
    node.style.setProperty("--ca-color", color);
    var p = CONFIG.patterns[String(color).toLowerCase()];
    if (!p) { return false; }
    node.classList.add("ca-pat", "ca-pat-" + p[0]);
    node.style.setProperty("--ca-pat", p[1]);
    node.style.setProperty("--ca-pattern", stripes(p[2]));
    node.setAttribute("data-pattern", p[0]);
    return true;
  }

  /* Black or white, whichever reads best on a colour (#rrggbb): at least 4.5:1 on any colour. */
  function ink(hex) {
    var m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex || "");
    if (!m) { return "#000"; }
    var lum = [m[1], m[2], m[3]].map(function (h) {
      var c = parseInt(h, 16) / 255;
      return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    var y = 0.2126 * lum[0] + 0.7152 * lum[1] + 0.0722 * lum[2];
    return (y + 0.05) / 0.05 >= 1.05 / (y + 0.05) ? "#000" : "#fff";
  }
  /* ---------- symbol sizes: area in proportion to the count ----------
   * A count's symbol has an area in proportion to its records: the largest place (or the largest
   * bubble of the opening view, see rescale) is SYMBOL_MAX pixels across; a symbol is never smaller
   * than its count written on one line inside it nor than a 24 px target (WCAG 2.5.8), never larger
   * than SYMBOL_CAP (a zoom out below the opening view). The same count, the same size, at every zoom. */
  // A phone's map (under 800 px) still draws its largest bubble 56 px across: room for 3-digit counts to differ.
  var BASE_MAX = Math.max(56, Math.min(64, Math.round(map.getSize().x / 14)));
  var SYMBOL_MAX = BASE_MAX, SYMBOL_CAP = Math.round(BASE_MAX * 1.25);
  var GAP = 4;  // between two symbols: room for a raised badge's outer ring
  var SYMBOL_REF = 1;  // the count drawn SYMBOL_MAX across (set once the records are read: reference)
  /* The count drawn SYMBOL_MAX across; that symbol is to scale: at least its count's width (a phone's
   * "24,418" is 59 px, not a 48 px symbol raised). */
  function reference(n) {
    SYMBOL_REF = n;
    SYMBOL_MAX = Math.max(BASE_MAX, fits(n, false));
    SYMBOL_CAP = Math.round(SYMBOL_MAX * 1.25);
  }
  var COUNT_FONT = "600 12px system-ui, \"DejaVu Sans\", sans-serif";  // atlas.css .ca-cluster-count
  var measure = document.createElement("canvas").getContext("2d");
  var textFloor = Object.create(null);
  /* The least width of a symbol that shows a count on one line: the text, a margin, the border
   * (a circle: its chord at the text's top and bottom edges). */
  function fits(n, square) {
    var text = num(n);
    if (!(text in textFloor)) {
      measure.font = COUNT_FONT;
      var w = Math.ceil(measure.measureText(text).width) + 6;
      textFloor[text] = [Math.ceil(Math.sqrt(w * w + 144)) + 4, w + 4];
    }
    return Math.max(24, textFloor[text][square ? 1 : 0]);
  }
  /* A count's symbol size in pixels; ``square``: a place's category badge (a rounded square of the
   * same area as a circle is 0.92 of its width), ``ring``: its pattern ring (4 px a side). */
  function symbolSize(n, square, ring) {
    var least = fits(n, square) + (ring ? 8 : 0);
    return Math.round(Math.min(Math.max(areaSize(n, square), least), Math.max(SYMBOL_CAP, least)));
  }
  /* The size a count's area gives, before the floor of its text and the cap. */
  function areaSize(n, square) { return SYMBOL_MAX * Math.sqrt(Math.max(n, 0) / SYMBOL_REF) * (square ? 0.92 : 1); }
  /* Whether a symbol is drawn to its count's scale: "raised" (larger, to hold its count or be a 24 px
   * target), "capped" (smaller, zoomed out) or "" (to scale). Raised and capped edges are drawn
   * dashed and double (atlas.css), and the points legend says so. */
  function scaleOf(n, square, size, ring) {
    var d = areaSize(n, square) + (ring ? 8 : 0);
    return size > d + 1.5 ? "raised" : (size < d - 1.5 ? "capped" : "");
  }
  function marked(node, n, square, size, ring) {
    var s = scaleOf(n, square, size, ring);
    if (s) { node.setAttribute("data-scale", s); }
    return node;
  }
  /* A div icon with an accessible name (Leaflet gives marker icons role=button and tabindex=0). */
  var LabelledIcon = L.DivIcon.extend({
    createIcon: function (old) {
      var div = L.DivIcon.prototype.createIcon.call(this, old);
      if (this.options.label) { div.setAttribute("aria-label", this.options.label); }
      return div;
    },
  });
  /* A cluster's name: its records and its places, the largest first ("10 records: Casablanca, Rabat …"). */
  function clusterLabel(c, n) {
    var tally = Object.create(null), names = [];
    c.getAllChildMarkers().forEach(function (m) {
      var p = m.options.place || "";
      if (!(p in tally)) { tally[p] = 0; if (p) { names.push(p); } }
      tally[p] += m.options.count || 1;
    });
    names.sort(function (a, b) { return tally[b] - tally[a] || (a < b ? -1 : (a > b ? 1 : 0)); });
    if (!names.length) { return T.cluster_count.replace("{n}", num(n)); }
    var places = names.slice(0, 3).join(", ") + (names.length > 3 ? " \u2026" : "");
    return T.cluster_label.replace("{n}", num(n)).replace("{places}", places);
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  /* A record's name, or "(no name)" when it has none or only spaces. */
  function named(name) { return name && String(name).trim() ? String(name) : T.unnamed; }

  function fold(s) {
    return String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function safeUrl(u) {
    try {
      var parsed = new URL(u);
      return (parsed.protocol === "http:" || parsed.protocol === "https:") ? parsed.href : null;
    } catch (e) { return null; }
  }

  /* ---------- popups ---------- */
  /* A popup's box: never taller or wider than the map less its margins (it scrolls), so the map
   * can pan it whole into view, on a phone too. */
  function popupBox() {
    var box = el("div", { "class": "ca-popup" });
    box.style.maxHeight = Math.max(120, map.getSize().y - 110) + "px";
    box.style.maxWidth = Math.max(160, map.getSize().x - 90) + "px";
    return box;
  }
  function popupContent(r) {
    var box = popupBox();
    box.appendChild(el("h3", null, named(r.name)));
    if (r.detail) { box.appendChild(el("p", { "class": "ca-detail" }, r.detail)); }  // another record has its name
    if (r.full_name) { box.appendChild(el("p", { "class": "ca-full" }, r.full_name)); }
    if (r.uncertain || r.coarse) {
      box.appendChild(el("p", { "class": "ca-warn" }, r.coarse ? T.coarse_note : T.uncertain_note));
    }
    var dl = el("dl");
    CONFIG.fields.forEach(function (f) {
      dl.appendChild(el("dt", GIVEN[f[0]] ? { title: GIVEN[f[0]] } : null, f[1]));
      dl.appendChild(el("dd", null, cell(f[0], r[f[0]]) || "—"));
    });
    box.appendChild(dl);
    if (DATA.levers.length) {
      box.appendChild(el("h4", null, T.levers));
      var ul = el("ul", { "class": "ca-levers" });
      DATA.levers.forEach(function (lv) {
        var v = r.levers ? r.levers[lv[0]] : null;
        var mark = v === true ? "\u2713" : (v === false ? "\u2717" : "?");
        var word = v === true ? T.yes : (v === false ? T.no : T.unknown);
        var li = el("li", { "class": v === true ? "yes" : (v === false ? "no" : "unknown") });
        li.appendChild(el("span", { "aria-hidden": "true", "class": "ca-mark" }, mark));
        li.appendChild(el("span", null, lv[1]));
        li.appendChild(el("span", { "class": "ca-sr" }, " (" + word + ")"));
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    var sources = (r.location_source || "").split("|").map(function (s) { return s.trim(); }).filter(Boolean);
    if (sources.length) {
      box.appendChild(el("h4", null, T.sources));
      var ol = el("ol", { "class": "ca-sources" });
      sources.forEach(function (s) {
        var li = el("li");
        var url = safeUrl(s);
        if (url) {
          li.appendChild(el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, s));
        } else {
          li.textContent = s;
        }
        ol.appendChild(li);
      });
      box.appendChild(ol);
    }
    return box;
  }

  /* The clustering radius in pixels at zoom z: markers nearer than it to a bubble's first marker make
   * one bubble. About the largest bubble's size as drawn (markercluster clusters at the nearest whole
   * zoom: 5.75 is clustered at 6, its pixels 0.84 of the view's), so that bubbles rarely touch and are
   * pushed apart a few pixels, not into a carpet; never more than TOWNS_KM on the ground, so that the
   * main towns stay apart (Casablanca and Marrakech 220 km, Rabat and Fès 170 km; markers join the
   * largest places first, see apply). */
  var OPEN_ZOOM = map.getZoom(), TOWNS_KM = 160;  // the opening view's zoom, once set (openingView)
  var MID_LAT = (CONFIG.bounds[0][0] + CONFIG.bounds[1][0]) / 2;
  function clusterRadius(z) {
    // Deeper than the opening view the radius stays as many pixels (half the ground at each zoom): a
    // bubble of a deeper zoom joins its first marker's bubble of the zoom above, and a wider radius
    // there chains places far apart into one bubble (Casablanca and Meknès, 230 km, did).
    var top = Math.min(z, Math.round(OPEN_ZOOM));
    var metres = 40075016.686 * Math.cos(MID_LAT * Math.PI / 180) / Math.pow(2, top + 8);  // per pixel
    var drawn = z === Math.round(OPEN_ZOOM) ? Math.pow(2, z - OPEN_ZOOM) : 1;
    return Math.max(18, Math.min(TOWNS_KM * 1000 / metres, SYMBOL_MAX * drawn));
  }
  /* ---------- markers, clustered ----------
   * Leaflet.markercluster groups nearby markers into one counted symbol; records at one
   * place stay one cluster up to the deepest zoom, where a click spreads them out
   * (spiderfy). Every marker stands at its record's own coordinates. */
  var cluster = L.markerClusterGroup({
    // Markers closer than this (pixels) make one bubble: small at the opening zooms, so that the
    // main towns (Casablanca and Marrakech, 240 km apart) stay apart on a phone too.
    maxClusterRadius: clusterRadius, spiderfyOnMaxZoom: true, showCoverageOnHover: false, zoomToBoundsOnClick: true,
    removeOutsideVisibleBounds: true, animate: false, spiderfyDistanceMultiplier: 1.4,
    spiderLegPolylineOptions: { weight: 1.2, color: "#1f2933", opacity: 0.7 },
    iconCreateFunction: function (c) {
      // Records, not markers: a place's marker may stand for many.
      var n = c.getAllChildMarkers().reduce(function (s, m) { return s + (m.options.count || 1); }, 0);
      var size = symbolSize(n, false, false);
      var node = marked(el("div", { "class": "ca-cluster-count", "data-count": String(n) }, num(n)), n, false, size, false);
      node.caCluster = c;  // Enter on it expands the cluster (see keyboard, below)
      c.options.zIndexOffset = 10000 - 50 * size;  // smaller bubbles above larger ones
      return new LabelledIcon({ html: node, className: "ca-cluster", iconSize: [size, size], label: clusterLabel(c, n) });
    },
  });
  /* One marker per record; above CONFIG.aggregate_above records, one per place and
   * category, carrying its count (its cluster symbol adds the counts up). */
  var AGG = BIG || N > CONFIG.aggregate_above;
  function weight(i) { return W ? W[i] : 1; }
  /* The scale of the symbols: the largest place's records first (rescale: the opening view's largest bubble). */
  var AT_PLACE = Object.create(null);  // records per place
  (function () {
    for (var u = 0; u < N; u++) { if (PLACE[u] >= 0) { AT_PLACE[PLACE[u]] = (AT_PLACE[PLACE[u]] || 0) + weight(u); } }
    reference(Object.keys(AT_PLACE).reduce(function (top, p) { return Math.max(top, AT_PLACE[p]); }, 1));
  })();
  var groupIndex = [];   // record -> its marker's number (null: not on the map)
  var groups = [];       // marker -> the records it stands for
  var shownOnMap = [];   // marker -> on the map
  var groupOf = {};
  var i;
  for (i = 0; i < N; i++) {
    if (PLACE[i] < 0) { groupIndex.push(null); continue; }
    if (AGG) {
      var key = PLACE[i] + ":" + CAT[i];
      if (groupOf[key] === undefined) { groupOf[key] = groups.length; groups.push([]); }
      groups[groupOf[key]].push(i);
      groupIndex.push(groupOf[key]);
    } else {
      groupIndex.push(groups.length);
      groups.push([i]);
    }
  }
  function singleMarker(g) {
    var r = rec(groups[g][0]);
    var i = r.index;
    var shape = r.coarse ? "square" : (r.uncertain ? "diamond" : "circle");
    // A 14 px symbol in a 24 px target (WCAG 2.5.8).
    var icon = L.divIcon({ className: "ca-marker ca-" + shape, iconSize: [24, 24], iconAnchor: [12, 12],
                           popupAnchor: [0, -6], tooltipAnchor: [0, -6], html: '<span class="ca-shape"></span>' });
    var title = named(r.name) + (r.detail ? " (" + r.detail + ")" : "");  // "Béni Mellal (32.3394, -6.3608)"
    var m = L.marker([r.lat, r.lon], { icon: icon, title: title, alt: r.name || "", keyboard: true,
                                       riseOnHover: true, year: r.year, index: i, count: 1,
                                       zIndexOffset: 20000,  // a record's small symbol above the counted ones
                                       place: DATA.place_names[PLACE[unitOf(i)]] || "" });
    m.on("add", function () {
      var node = m.getElement();
      if (node) {
        paint(node, colorOf(i));
        node.setAttribute("data-index", String(i));
        node.setAttribute("data-year", r.year === null ? "" : String(r.year));
      }
    });
    m.bindPopup(function () { return popupContent(rec(i)); }, { maxWidth: 340, autoPanPadding: [20, 20] });
    m.bindTooltip(el("span", null, title), { direction: "top", offset: [0, -8] });
    return m;
  }
  function groupIcon(g, n) {
    var node = el("div", { "class": "ca-cluster-count ca-group-count", "data-count": String(n) }, num(n));
    // A patterned colour: the pattern in a ring around the count's plain patch (4 px wider).
    var ring = paint(node, colorOf(groups[g][0]));
    var size = symbolSize(n, true, ring);
    marked(node, n, true, size, ring);
    node.style.setProperty("--ca-ink", ink(colorOf(groups[g][0])));
    return L.divIcon({ html: node, className: "ca-cluster ca-group", iconSize: [size, size] });
  }
  function groupMarker(g) {
    var first = groups[g][0];
    var p = DATA.places[PLACE[first]];
    var size = groupSize(g);
    var place = DATA.place_names[PLACE[first]] || "";
    var apart = DATA.place_details[PLACE[first]];  // a place of another's name: its coordinates
    function heading(n) {  // "Casablanca: Textile (12)", the place named on a large page
      var what = CATS[CAT[first]] + " (" + num(n) + ")";
      if (!BIG || !place) { return what; }
      return T.place_label.replace("{place}", apart ? place + " (" + apart + ")" : place).replace("{category}", CATS[CAT[first]]).replace("{n}", num(n));
    }
    var m = L.marker(p, { icon: groupIcon(g, size), keyboard: true, count: size, group: g, place: place,
                          zIndexOffset: 10000 - 50 * symbolSize(size, true, false), title: heading(size) });
    m.bindPopup(function () {
      var box = popupBox();
      box.appendChild(el("h3", null, heading(m.options.count)));
      var more = BIG ? said("more_listed", m.options.count).replace("{listed}", num(LN)) : said("more_here", m.options.count);
      box.appendChild(el("p", null, more.replace("{n}", num(m.options.count))));  // a large page lists its first records only
      if (!BIG) {  // a large page carries no names but the listed ones
        var ul = el("ul", { "class": "ca-group-names" });
        groups[g].filter(function (j) { return keep[j]; }).slice(0, 20).forEach(function (j) {
          ul.appendChild(el("li", null, named(COL.name[j]) + (COL.detail[j] ? " (" + COL.detail[j] + ")" : "")));
        });
        box.appendChild(ul);
      }
      return box;
    }, { maxWidth: 340 });
    return m;
  }
  /* Markers in the order they join bubbles: the places of most records first (each bubble grows
   * around a large town, never around a small place between two large ones), then as listed. */
  function largestFirst(list) {
    return list.map(function (m, k) {  // a single record's marker is its unit (a small page)
      var u = m.options.group !== undefined ? groups[m.options.group][0] : m.options.index;
      return [COL.coarse[u] ? 0 : 1, AT_PLACE[PLACE[u]] || 0, k, m];  // a region's or province's centre last
    })
      .sort(function (a, b) { return b[0] - a[0] || b[1] - a[1] || a[2] - b[2]; }).map(function (x) { return x[3]; });
  }
  function groupSize(g) { return groups[g].reduce(function (s, j) { return s + weight(j); }, 0); }
  var groupMarkers = groups.map(function (_, g) { return BIG || (AGG && groups[g].length > 1) ? groupMarker(g) : singleMarker(g); });
  for (i = 0; i < groups.length; i++) { shownOnMap.push(false); }
  var markers = groupIndex.map(function (g) { return g === null ? null : groupMarkers[g]; });


  /* ---------- choropleth class patterns: SVG <pattern> fills, on the regions and in their key ----------
   * A class the figures hatch (more classes than greys: every other one; a specialised location
   * quotient) is filled with its grey under the figures' lines (CONFIG.class_hatches), so that the
   * page and the figures agree and classes are told apart in grey. One pattern per grey, defined once. */
  var SVG_NS = "http://www.w3.org/2000/svg";
  var hatchDefs = null;
  function svgNode(tag, attrs) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function hatchFill(color, name) {
    var h = CONFIG.class_hatches[name];
    if (!h) { return color; }
    var id = "ca-hatch-" + name + "-" + String(color).replace(/[^0-9a-z]/gi, "");
    if (!document.getElementById(id)) {
      if (!hatchDefs) {  // one hidden <svg> of definitions: the regions' and the legend's fills refer to it
        var svg = svgNode("svg", { "class": "ca-defs", width: "0", height: "0", "aria-hidden": "true", focusable: "false" });
        hatchDefs = svgNode("defs", {});
        svg.appendChild(hatchDefs);
        document.body.appendChild(svg);
      }
      var pat = svgNode("pattern", { id: id, patternUnits: "userSpaceOnUse", width: String(h.spacing),
                                     height: String(h.spacing), patternTransform: "rotate(" + h.angle + ")" });
      pat.appendChild(svgNode("rect", { width: String(h.spacing), height: String(h.spacing), fill: color }));
      pat.appendChild(svgNode("rect", { width: String(h.width), height: String(h.spacing), fill: h.ink }));
      hatchDefs.appendChild(pat);
    }
    return "url(#" + id + ")";
  }
  /* A class's legend swatch with its pattern: the same fill as its regions. */
  function hatchSwatch(color, name) {
    var svg = svgNode("svg", { "class": "ca-swatch ca-swatch-hatch", width: "12", height: "12", "aria-hidden": "true",
                               "data-pattern": name });
    svg.appendChild(svgNode("rect", { width: "12", height: "12", fill: hatchFill(color, name) }));
    return svg;
  }

  /* ---------- region tooltips ---------- */
  function unfocusable(node, name) {
    if (!node) { return; }
    node.setAttribute("tabindex", "-1");
    node.setAttribute("role", "img");
    node.setAttribute("aria-label", name);
  }
  if (layers.regions && layers.regions.eachLayer) {
    layers.regions.eachLayer(function (group) {
      var each = group.eachLayer ? group : null;
      (each ? each : layers.regions).eachLayer(function (lyr) {
        var p = lyr.feature && lyr.feature.properties;
        if (!p) { return; }
        var tip = el("div");
        tip.appendChild(el("strong", null, p.region));
        tip.appendChild(el("div", null, p.tooltip));
        lyr.bindTooltip(tip, { sticky: true });
        if (p.pattern) {  // its class's pattern over its grey
          lyr.setStyle({ fillColor: hatchFill(p.fill, p.pattern) });
          lyr.on("add", function () { lyr.getElement().setAttribute("data-pattern", p.pattern); });
          if (lyr.getElement()) { lyr.getElement().setAttribute("data-pattern", p.pattern); }
        }
        // A shape is named, but out of the tab order: its values are in the legend and tooltips.
        lyr.on("add", function () { unfocusable(lyr.getElement(), p.region + " \u2013 " + p.tooltip); });
        unfocusable(lyr.getElement(), p.region + " \u2013 " + p.tooltip);
      });
    });
  }

  /* ---------- legends, shown with their layer ---------- */
  function lineSwatch(it) {
    var NS = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("class", "ca-swatch-line");
    svg.setAttribute("width", "30");
    svg.setAttribute("height", "12");
    svg.setAttribute("aria-hidden", "true");
    var line = document.createElementNS(NS, "line");
    line.setAttribute("x1", "1");
    line.setAttribute("x2", "29");
    line.setAttribute("y1", "6");
    line.setAttribute("y2", "6");
    line.setAttribute("stroke", it.color);
    line.setAttribute("stroke-width", String(it.weight));
    if (it.dash) { line.setAttribute("stroke-dasharray", it.dash); }
    svg.appendChild(line);
    return svg;
  }
  function legendControl(title, items, position, cls) {
    var ctrl = L.control({ position: position });
    ctrl.onAdd = function () {
      // A <details>: open on wide screens, one line (its title) on narrow ones.
      var div = L.DomUtil.create("details", "ca-legend " + cls);
      if (!NARROW && !(position === "topleft" && SMALL_MAP)) { div.setAttribute("open", ""); }
      div.appendChild(el("summary", null, title));
      var ul = el("ul");
      items.forEach(function (it) {
        var li = el("li");
        if (it.kind === "line") {
          li.appendChild(lineSwatch(it));
        } else if (it.pattern) {
          li.appendChild(hatchSwatch(it.color, it.pattern));
        } else {
          var sw = el("span", { "class": "ca-swatch ca-swatch-" + (it.kind || "box"), "aria-hidden": "true" });
          paint(sw, it.color || "transparent");
          li.appendChild(sw);
        }
        // "النسيج (15)": a value isolated from the count after it (a <bdi>: its own direction)
        var parts = /^(.*\S) (\([^()]*\))$/.exec(it.label);
        var span = el("span", null, parts ? null : it.label);
        if (parts) {
          span.appendChild(el("bdi", null, parts[1]));
          span.appendChild(document.createTextNode(" " + parts[2]));
        }
        li.appendChild(span);
        ul.appendChild(li);
      });
      div.appendChild(ul);
      L.DomEvent.disableClickPropagation(div);
      div.addEventListener("toggle", placeTowns);  // a legend opened or folded: the labels move off it
      return div;
    };
    return ctrl;
  }
  var legends = [];
  /* Narrow screens: the layer list starts folded to its button; a click on the map folds it again. */
  var layerBox = document.querySelector(".leaflet-control-layers");
  if (NARROW && layerBox) {
    layerBox.classList.remove("leaflet-control-layers-expanded");
    map.on("click", function () { layerBox.classList.remove("leaflet-control-layers-expanded"); });
  }
  function tie(layer, ctrl) {
    if (!layer) { return; }
    legends.push([layer, ctrl]);
    if (map.hasLayer(layer)) { ctrl.addTo(map); }
  }
  if (CONFIG.legends.classes) {
    tie(layers.regions, legendControl(CONFIG.legends.classes.title, CONFIG.legends.classes.items, "topleft",
                                      "ca-legend-classes"));
  }
  var pointItems = CONFIG.legends.points.items.slice();
  if (CONFIG.legends.points.note) {  // what the patterns mean, after the categories and flags
    pointItems.push({ label: CONFIG.legends.points.note, kind: "blank", color: "transparent" });
  }
  pointItems.push({ label: T.size_note, kind: "blank", color: "transparent" });  // sizes to scale or not
  tie(layers.clusters, legendControl(CONFIG.legends.points.title, pointItems, "bottomright", "ca-legend-points"));
  if (CONFIG.legends.zones.items.length) {
    tie(layers.zones, legendControl(CONFIG.legends.zones.title, CONFIG.legends.zones.items, "topleft",
                                    "ca-legend-zones"));
  }
  map.on("overlayadd", function (e) {
    legends.forEach(function (p) { if (p[0] === e.layer) { p[1].addTo(map); } });
  });

  /* ---------- the opening view: the records, clear of the legends ----------
   * The records' bounds (not the whole country: at 1920 px most of that frame was sea and Algeria),
   * a bubble's radius from the map's edges, at the deepest zoom where some placing of them leaves no
   * record under a control (legends, layer list, zoom, scale): at each zoom from the deepest that
   * fits, the records' box is tried across the room it leaves, the most central first. Not animated,
   * so nothing moves the map after the page says it is ready; set before the records are clustered
   * (their bubbles' radii follow the opening zoom). */
  var OPEN_MAX = 8;  // one record, or one town's: its region around it, not its streets
  function controlBoxes() {
    var frame = map.getContainer().getBoundingClientRect();
    return Array.prototype.map.call(map.getContainer().querySelectorAll(".leaflet-control"), function (n) {
      var r = n.getBoundingClientRect();
      return [r.left - frame.left, r.top - frame.top, r.right - frame.left, r.bottom - frame.top];
    }).filter(function (b) { return b[2] > b[0] && b[3] > b[1]; });
  }
  /* Whether no point (map pixels, shifted by dx, dy) comes within r of a box. */
  function clearOf(px, dx, dy, r, boxes) {
    for (var i = 0; i < px.length; i++) {
      var b = [px[i].x + dx - r, px[i].y + dy - r, px[i].x + dx + r, px[i].y + dy + r];
      for (var k = 0; k < boxes.length; k++) { if (overlaps(boxes[k], b)) { return false; } }
    }
    return true;
  }
  /* The shift (map pixels) that puts the records' box (x0, y0) clear of the controls, or null. */
  function placing(px, m, room, r, boxes) {
    var x0 = Math.min.apply(null, px.map(function (p) { return p.x; }));
    var y0 = Math.min.apply(null, px.map(function (p) { return p.y; }));
    var nx = Math.min(24, Math.ceil(room.x / 12)), ny = Math.min(24, Math.ceil(room.y / 12)), tries = [];
    for (var i = 0; i <= nx; i++) {
      for (var j = 0; j <= ny; j++) {
        var fx = nx ? i / nx : 0.5, fy = ny ? j / ny : 0.5;
        tries.push([m + room.x * fx - x0, m + room.y * fy - y0, Math.abs(fx - 0.5) + Math.abs(fy - 0.5)]);
      }
    }
    tries.sort(function (a, b) { return a[2] - b[2]; });
    for (var t = 0; t < tries.length; t++) { if (clearOf(px, tries[t][0], tries[t][1], r, boxes)) { return tries[t]; } }
    return null;
  }
  function openingView() {
    var placed = Object.create(null), points = [];
    PLACE.forEach(function (p) { if (p >= 0 && !placed[p]) { placed[p] = true; points.push(L.latLng(DATA.places[p])); } });
    if (!points.length || !CONFIG.records_bounds) { return; }  // nothing on the map: every region
    var bounds = L.latLngBounds(CONFIG.records_bounds), size = map.getSize(), boxes = controlBoxes();
    var r = Math.ceil(SYMBOL_MAX / 2) + GAP, m = r + GAP, snap = map.options.zoomSnap || 0.25;
    var top = Math.min(map.getBoundsZoom(bounds, false, L.point(2 * m, 2 * m)), OPEN_MAX, map.getMaxZoom());
    for (var z = top; z >= Math.max(map.getMinZoom(), top - 3); z -= snap) {
      var px = points.map(function (ll) { return map.project(ll, z); });
      var w = Math.max.apply(null, px.map(function (p) { return p.x; })) - Math.min.apply(null, px.map(function (p) { return p.x; }));
      var h = Math.max.apply(null, px.map(function (p) { return p.y; })) - Math.min.apply(null, px.map(function (p) { return p.y; }));
      var room = L.point(size.x - 2 * m - w, size.y - 2 * m - h);
      var shift = room.x >= 0 && room.y >= 0 ? placing(px, m, room, r, boxes) : null;
      if (shift) {
        map.setView(map.unproject(L.point(size.x / 2 - shift[0], size.y / 2 - shift[1]), z), z, { animate: false });
        return;
      }
    }
    map.fitBounds(bounds, { padding: [m, m], maxZoom: OPEN_MAX, animate: false });  // a legend on a record folds (below)
  }
  openingView();
  OPEN_ZOOM = map.getZoom();
  cluster.addTo(layers.clusters);  // clustered at the opening view's radii (clusterRadius)

  /* ---------- town labels (the gazetteer's, offline), each from the zoom its size reaches ----------
   * A label names one place: it goes right of its town's dot, else left, above or below it, never
   * nearer another place's symbol than CLEAR (farther than from its own dot); a town whose dot a
   * symbol covers is named beside that symbol only if it is the symbol's first town (the most
   * records, then the largest), the others under it wait for a deeper zoom. No label lies on a
   * symbol, a control, another label or a shown town's dot: the lower-ranked one is hidden. Placed
   * after every redraw of the symbols, against a grid of what lies on the map (not every pair). */
  var townMarkers = [];
  if (layers.towns) {
    map.createPane("ca-towns");  // above the regions and outlines, under the records
    map.getPane("ca-towns").style.zIndex = 450;
    map.getPane("ca-towns").style.pointerEvents = "none";
    townMarkers = CONFIG.towns.map(function (t) {
      var mark = el("span", { "class": "ca-town-mark", "aria-hidden": "true" });
      mark.appendChild(el("span", { "class": "ca-town-dot" }));
      var label = el("span", { "class": "ca-town-name", "aria-hidden": "true" }, t[0]);  // text, never markup
      mark.appendChild(label);
      var icon = L.divIcon({ className: "ca-town", html: mark, iconSize: null });
      var m = L.marker([t[1], t[2]], { icon: icon, pane: "ca-towns", interactive: false, keyboard: false });
      m.minZoom = t[3];
      m.records = t[4] || 0;  // records whose nearest town this is: the data's towns are labelled first
      m.label = label;
      return m;
    });
  }
  var TOWN_H = 14, TOWN_GAP = 3, DATA_TOWNS = 8, CLEAR = 8, CELL = 64;
  var TOWN_ZOOM = Math.min.apply(null, townMarkers.map(function (m) { return m.minZoom; }).concat([99]));
  function overlaps(a, b) { return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]; }
  /* What lies on the map, in cells of CELL pixels: each item ({box, kind}) in the cells its box
   * touches, so that a label is checked against what is near it only (1,000 bubbles stay cheap). */
  function Grid() { this.cells = Object.create(null); }
  Grid.prototype.each = function (box, fn) {
    for (var gx = Math.floor(box[0] / CELL); gx <= Math.floor(box[2] / CELL); gx++) {
      for (var gy = Math.floor(box[1] / CELL); gy <= Math.floor(box[3] / CELL); gy++) { fn(gx + ":" + gy); }
    }
  };
  Grid.prototype.add = function (item) {
    var cells = this.cells;
    this.each(item.box, function (k) { (cells[k] || (cells[k] = [])).push(item); });
    return item;
  };
  /* The items whose box, grown by its room (room(item)), meets ``box``. */
  Grid.prototype.near = function (box, room) {
    var cells = this.cells, found = [];
    this.each([box[0] - CLEAR, box[1] - CLEAR, box[2] + CLEAR, box[3] + CLEAR], function (k) {
      (cells[k] || []).forEach(function (it) {
        var d = room(it);
        if (found.indexOf(it) < 0 && overlaps([it.box[0] - d, it.box[1] - d, it.box[2] + d, it.box[3] + d], box)) { found.push(it); }
      });
    });
    return found;
  };
  /* Our symbols ("symbol") and the map's controls ("control"), in the map's pixels; each symbol also
   * in ``origins`` where Leaflet drew it, before spread() moved it (by its ``shift``). */
  function townObstacles(grid, origins) {
    var origin = map.getContainer().getBoundingClientRect();
    var nodes = map.getContainer().querySelectorAll(".leaflet-marker-pane .leaflet-marker-icon, .leaflet-control");
    Array.prototype.forEach.call(nodes, function (n) {
      var r = n.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) {
        var it = grid.add({ kind: n.classList.contains("leaflet-control") ? "control" : "symbol",
                            box: [r.left - origin.left, r.top - origin.top, r.right - origin.left, r.bottom - origin.top] });
        if (it.kind === "symbol") {
          var sx = n.dataset.ml === undefined ? 0 : (parseFloat(n.style.marginLeft) || 0) - (parseFloat(n.dataset.ml) || 0);
          var sy = n.dataset.mt === undefined ? 0 : (parseFloat(n.style.marginTop) || 0) - (parseFloat(n.dataset.mt) || 0);
          it.shift = [sx, sy];
          origins.add({ kind: "origin", symbol: it, box: [it.box[0] - sx, it.box[1] - sy, it.box[2] - sx, it.box[3] - sy] });
        }
      }
    });
  }
  /* A label's places, best first, as its top-left corner: beside its dot, or, when a symbol (o)
   * covers the dot, below, above, right and left of that symbol. */
  function townSpots(p, w, o) {
    if (!o) {
      return [[p.x + 5, p.y - TOWN_H / 2], [p.x - 5 - w, p.y - TOWN_H / 2], [p.x - w / 2, p.y - 4 - TOWN_H], [p.x - w / 2, p.y + 4]];
    }
    var g = TOWN_GAP;
    return [[p.x - w / 2, o[3] + g], [p.x - w / 2, o[1] - g - TOWN_H], [o[2] + g, p.y - TOWN_H / 2], [o[0] - g - w, p.y - TOWN_H / 2]];
  }
  /* The room an item keeps around it from a label: CLEAR from a symbol (TOWN_GAP from the label's own). */
  function roomFrom(own) {
    return function (it) { return it.kind === "symbol" ? (it === own ? TOWN_GAP - 1 : CLEAR) : (it.kind === "dot" ? 1 : TOWN_GAP); };
  }
  /* Of the symbols in ``found``, the one whose centre is nearest the point p. */
  function nearest(found, p) {
    return found.sort(function (a, b) {
      return Math.abs((a.box[0] + a.box[2]) / 2 - p.x) + Math.abs((a.box[1] + a.box[3]) / 2 - p.y) -
             Math.abs((b.box[0] + b.box[2]) / 2 - p.x) - Math.abs((b.box[1] + b.box[3]) / 2 - p.y);
    })[0];
  }
  /* A town's label beside the symbol ``cover`` (or its dot, with none), its mark moved by ``shift``. */
  function spotBeside(m, cover, shift, grid, size) {
    if (cover && (cover.named || !m.records)) { return null; }  // a symbol names one town, one of its records'
    var p = { x: m.at.x + shift[0], y: m.at.y + shift[1] }, dot = [p.x - 2, p.y - 2, p.x + 2, p.y + 2];
    var under = grid.near(dot, function () { return 0; });
    if (under.some(function (it) { return it.kind !== "symbol"; })) { return null; }  // its dot under a label or a control
    // With no symbol drawn on it, a dot a moved symbol now covers: named by none.
    if (!cover && under.length) { return null; }
    var room = roomFrom(cover);
    var spot = townSpots(p, m.w, cover && cover.box).filter(function (s) {
      var box = [s[0], s[1], s[0] + m.w, s[1] + TOWN_H];
      return box[0] >= 0 && box[1] >= 0 && box[2] <= size.x && box[3] <= size.y && !grid.near(box, room).length;
    })[0];
    if (spot && cover) { cover.named = m; }
    return spot ? { at: spot, dot: cover ? null : dot, shift: shift } : null;
  }
  /* Where a town's label goes (its top-left corner) and how far its mark moves, or null: hidden (see
   * above). When spread() moved aside the symbol drawn on its dot (origins: a phone's crowded opening
   * view), beside that symbol, the town's dot and label moved with it; else beside the symbol now on
   * its dot (the nearest), or its dot. */
  function townSpot(m, grid, origins, size) {
    var at = [m.at.x, m.at.y, m.at.x, m.at.y], none = function () { return 0; };
    var now = nearest(grid.near(at, none).filter(function (it) { return it.kind === "symbol"; }), m.at);
    var was = nearest(origins.near(at, none), m.at);
    was = was && was.symbol;
    var moved = was && was !== now && (was.shift[0] || was.shift[1]);
    return (moved && spotBeside(m, was, was.shift, grid, size)) || spotBeside(m, now, [0, 0], grid, size);
  }
  function placeTowns() {
    if (!townMarkers || !townMarkers.length || !map.hasLayer(layers.towns)) { return; }
    // The main towns (the lowest zoom of all) at every zoom, room permitting: a phone's opening view is below it.
    var z = Math.max(map.getZoom(), TOWN_ZOOM), size = map.getSize();
    var inView = townMarkers.filter(function (m) {
      var p = map.latLngToContainerPoint(m.getLatLng());
      m.at = p;
      return p.x >= -100 && p.y >= -20 && p.x <= size.x + 100 && p.y <= size.y + 20;
    });
    // By view: the towns of the records in view first (most records first), at any zoom; then the
    // others from the zoom their size reaches (largest first).
    var ofData = inView.filter(function (m) { return m.records > 0; }).sort(function (a, b) {
      return b.records - a.records || townMarkers.indexOf(a) - townMarkers.indexOf(b);
    }).slice(0, DATA_TOWNS);
    var wanted = ofData.concat(inView.filter(function (m) { return z >= m.minZoom && ofData.indexOf(m) < 0; }));
    wanted.forEach(function (m) { if (!layers.towns.hasLayer(m)) { layers.towns.addLayer(m); } });  // all writes,
    wanted.forEach(function (m) { if (!m.w) { m.w = m.label.offsetWidth; } });                      // then reads
    var grid = new Grid(), origins = new Grid(), shown = [];
    townObstacles(grid, origins);
    wanted.forEach(function (m) {  // the data's towns, then the largest (CONFIG.towns is so ordered)
      var spot = townSpot(m, grid, origins, size);
      if (!spot) { return; }
      grid.add({ kind: "label", box: [spot.at[0], spot.at[1], spot.at[0] + m.w, spot.at[1] + TOWN_H] });
      if (spot.dot) { grid.add({ kind: "dot", box: spot.dot }); }
      shown.push(m);
      var mark = m.getElement(), sx = Math.round(spot.shift[0]), sy = Math.round(spot.shift[1]);
      if (mark) { mark.style.marginLeft = sx ? sx + "px" : ""; mark.style.marginTop = sy ? sy + "px" : ""; }
      m.label.style.left = Math.round(spot.at[0] - m.at.x) - sx + "px";
      m.label.style.top = Math.round(spot.at[1] - m.at.y) - sy + "px";
    });
    townMarkers.forEach(function (m) {
      if (shown.indexOf(m) < 0 && layers.towns.hasLayer(m)) { layers.towns.removeLayer(m); }
    });
  }
  map.on("overlayremove", function (e) {
    legends.forEach(function (p) { if (p[0] === e.layer) { p[1].remove(); } });
  });

  /* ---------- filters, search and table, built from the data ---------- */
  var form = document.getElementById("ca-filters");
  var status = document.getElementById("ca-status");
  function labelled(input, text, swatch) {
    var label = el("label", { "for": input.id });
    label.appendChild(input);
    label.appendChild(document.createTextNode(" "));
    if (swatch) {
      var sw = el("span", { "class": "ca-swatch ca-swatch-circle", "aria-hidden": "true" });
      paint(sw, swatch);
      label.appendChild(sw);
    }
    label.appendChild(text);
    return label;
  }
  form.appendChild(el("label", { "for": "ca-search" }, BIG ? T.search_places : T.search));
  form.appendChild(el("input", { type: "search", id: "ca-search", autocomplete: "off" }));
  var FILTERS = CONFIG.filters.map(function (f, k) {
    var fs = el("fieldset");
    fs.appendChild(el("legend", null, f.title));
    f.values.forEach(function (v, j) {
      var box = el("input", { type: "checkbox", id: "ca-" + (k ? "f" + k : "category") + "-" + j,
                              name: f.name, value: v[0], checked: "" });
      var text = document.createDocumentFragment();  // the value isolated from its count ("النسيج (12)")
      text.appendChild(el("bdi", null, v[0]));
      text.appendChild(document.createTextNode(" (" + num(v[1]) + ")"));
      fs.appendChild(labelled(box, text, v[2]));
    });
    var codes = k === 0 ? CAT : DATA.columns[f.column].c;
    var dict = k === 0 ? CATS : DATA.columns[f.column].d;
    if (k === 0) {  // the category filter, then the years, then the data's own columns
      form.appendChild(fs);
      var years = el("fieldset");
      years.appendChild(el("legend", null, T.years));
      [["from", 0], ["to", 1]].forEach(function (e) {
        var lab = el("label", { "for": "ca-year-" + e[0] }, T[e[0]] + " ");
        lab.appendChild(el("output", { id: "ca-year-" + e[0] + "-out" }, CONFIG.years[e[1]]));
        years.appendChild(lab);
        years.appendChild(el("input", { type: "range", id: "ca-year-" + e[0], min: CONFIG.years[0],
                                        max: CONFIG.years[1], step: "1", value: CONFIG.years[e[1]] }));
      });
      var unk = el("input", { type: "checkbox", id: "ca-year-unknown", checked: "" });
      years.appendChild(labelled(unk, document.createTextNode(T.unknown_year)));
      // Data with no year at all: no year filter (every record is kept as "no year").
      years.hidden = !COL.year.some(function (y) { return y !== null; });
      form.appendChild(years);
    } else {
      form.appendChild(fs);
    }
    return { name: f.name, codes: codes, dict: dict };
  });
  var resetP = el("p");
  resetP.appendChild(el("button", { type: "reset", id: "ca-reset" }, T.reset));
  form.appendChild(resetP);

  var table = document.getElementById("ca-table");
  var tbody = table.querySelector("tbody");
  var pager = document.getElementById("ca-pager");
  var caption = table.querySelector("caption");
  caption.textContent = T.table.replace("{n}", num(TOTAL));
  if (BIG) {
    table.parentNode.insertBefore(el("p", { id: "ca-listed-note", "class": "ca-note" },
      T.listed_note.replace("{n}", num(TOTAL)).replace("{listed}", num(LN))), table);
  }
  var headRow = el("tr");
  CONFIG.table.forEach(function (c) {
    headRow.appendChild(el("th", GIVEN[c[0]] ? { scope: "col", title: GIVEN[c[0]] } : { scope: "col" }, c[1]));
  });
  table.querySelector("thead").appendChild(headRow);
  var YEAR = COL.year;
  // Search reads the records' names and places (town, place found, province, region).
  var SEARCH = CONFIG.search.concat(["name", "full_name"]).filter(function (k, j, all) {
    return LCOL[k] && all.indexOf(k) === j;
  });
  var folded = null;  // each listed record's names and places, folded for search, made on the first search
  var foldedUnits = null;  // a large page: each unit's place, region and category, folded
  var keep = new Array(N);
  var passes = new Array(N);  // the filters without the search
  var selected = [];
  var pageNo = 0;
  var lastState = null;

  function checkedValues(name) {
    return Array.prototype.slice.call(form.querySelectorAll("input[name='" + CSS.escape(name) + "']:checked"))
      .map(function (x) { return x.value; });
  }
  function row(i) {
    var off = PLACE[unitOf(i)] < 0;
    var tr = el("tr", off ? { "data-index": String(i) } : { "data-index": String(i), tabindex: "0" });
    CONFIG.table.forEach(function (c) {
      var text = cell(c[0], LCOL[c[0]] ? LCOL[c[0]][i] : null);
      if (c[0] === "name") {
        var th = el("th", { scope: "row" }, named(text));
        if (LCOL.detail[i]) { th.appendChild(el("span", { "class": "ca-detail" }, LCOL.detail[i])); }  // a shared name
        tr.appendChild(th);
      } else if (c[0] === "region" && off) {
        tr.appendChild(el("td", { "class": "ca-offmap" }, T.not_on_map));
      } else {
        tr.appendChild(el("td", null, text));
      }
    });
    tr.addEventListener("click", function () { focusRecord(i); });
    tr.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); focusRecord(i); }
    });
    return tr;
  }
  function drawPage() {
    var pages = Math.max(1, Math.ceil(selected.length / CONFIG.page_size));
    pageNo = Math.min(pageNo, pages - 1);
    var frag = document.createDocumentFragment();
    selected.slice(pageNo * CONFIG.page_size, (pageNo + 1) * CONFIG.page_size).forEach(function (i) {
      frag.appendChild(row(i));
    });
    tbody.replaceChildren(frag);
    pager.replaceChildren();
    if (pages > 1) {
      var prev = el("button", { type: "button", id: "ca-prev" }, T.previous);
      var next = el("button", { type: "button", id: "ca-next" }, T.next);
      prev.disabled = pageNo === 0;
      next.disabled = pageNo >= pages - 1;
      prev.addEventListener("click", function () { pageNo -= 1; drawPage(); });
      next.addEventListener("click", function () { pageNo += 1; drawPage(); });
      pager.appendChild(prev);
      pager.appendChild(el("span", { id: "ca-page", "aria-live": "polite" },
                           " " + T.page.replace("{page}", num(pageNo + 1)).replace("{pages}", num(pages)) + " "));
      pager.appendChild(next);
    }
  }

  /* How a record matches the search (folded: accents and case ignored): 0 a name or place is the
   * query ("Meknès"), 1 one starts with it, 2 a word in one does ("Fès-Meknès"), 3 elsewhere. */
  function matchRank(text, q) {
    var t = "\u0000" + text + "\u0000";
    if (t.indexOf("\u0000" + q + "\u0000") >= 0) { return 0; }
    if (t.indexOf("\u0000" + q) >= 0) { return 1; }
    for (var at = t.indexOf(q); at >= 0; at = t.indexOf(q, at + 1)) {
      if (!/[0-9a-z]/.test(t.charAt(at - 1))) { return 2; }
    }
    return 3;
  }
  /* The found records, best matches first, in the table's order within each rank. */
  function ranked(rows, q) {
    return rows.map(function (r, k) { return [folded[r] === undefined ? 3 : matchRank(folded[r], q), k, r]; })
      .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; })
      .map(function (x) { return x[2]; });
  }
  function apply() {
    var allowed = FILTERS.map(function (f) {
      var on = checkedValues(f.name);
      return f.dict.map(function (v) { return on.indexOf(v) >= 0; });
    });
    var yFrom = parseInt(form.querySelector("#ca-year-from").value, 10);
    var yTo = parseInt(form.querySelector("#ca-year-to").value, 10);
    var keepUnknownYear = form.querySelector("#ca-year-unknown").checked;
    document.getElementById("ca-year-from-out").textContent = String(yFrom);
    document.getElementById("ca-year-to-out").textContent = String(yTo);
    var q = fold(form.querySelector("#ca-search").value).trim();
    // A change event after an input event (leaving the search box) changes nothing: the
    // table stays on its page.
    var state = JSON.stringify([allowed, yFrom, yTo, keepUnknownYear, q]);
    if (state === lastState) { return; }
    lastState = state;
    if (q && !folded) {
      folded = [];
      for (var f = 0; f < LN; f++) {
        folded.push(SEARCH.map(function (k) { return fold(LCOL[k][f]); }).join("\u0000"));
      }
    }
    if (q && BIG && !foldedUnits) {
      var words = DATA.place_words.d.map(fold);
      var placeText = DATA.place_words.c.map(function (c) {
        return c.map(function (w) { return words[w]; }).join("\u0000");
      });
      var catText = CATS.map(fold);
      foldedUnits = PLACE.map(function (p, i) { return (p < 0 ? "" : placeText[p]) + "\u0000" + catText[CAT[i]]; });
    }
    var counts = new Array(groups.length).fill(0);
    var onMap = 0, shown = 0;
    selected = [];
    for (var i = 0; i < N; i++) {
      var ok = YEAR[i] === null ? keepUnknownYear : (YEAR[i] >= yFrom && YEAR[i] <= yTo);
      for (var k = 0; ok && k < FILTERS.length; k++) { ok = allowed[k][FILTERS[k].codes[i]] === true; }
      passes[i] = ok;
      if (ok && q) { ok = (BIG ? foldedUnits : folded)[i].indexOf(q) >= 0; }
      keep[i] = ok;
      if (ok) {
        if (!BIG) { selected.push(i); }
        shown += weight(i);
        if (groupIndex[i] !== null) { counts[groupIndex[i]] += weight(i); onMap += weight(i); }
      }
    }
    for (var r = 0; BIG && r < LN; r++) {  // the listed records: their unit's, or found by name
      var u = unitOf(r);
      if (keep[u]) {
        selected.push(r);
      } else if (passes[u] && q && folded[r].indexOf(q) >= 0) {
        selected.push(r);  // on the map too, one record (its unit's others are not found)
        shown += 1;
        if (groupIndex[u] !== null) { counts[groupIndex[u]] += 1; onMap += 1; }
      }
    }
    if (q) { selected = ranked(selected, q); }
    var add = [], remove = [], changed = false;
    groupMarkers.forEach(function (m, g) {
      var n = counts[g];
      if (n > 0 && !shownOnMap[g]) { add.push(m); }
      if (n === 0 && shownOnMap[g]) { remove.push(m); }
      if (m.options.group !== undefined && n > 0 && n !== m.options.count) {
        m.options.count = n;
        m.setIcon(groupIcon(g, n));
        changed = true;
      }
      shownOnMap[g] = n > 0;
    });
    if (remove.length) { cluster.removeLayers(remove); }
    if (add.length) { cluster.addLayers(largestFirst(add)); }
    if (changed) { cluster.refreshClusters(); }
    spread();
    pageNo = 0;
    drawPage();
    var agrees = T.status_agrees === "shown" ? shown : TOTAL;  // "1 fiche sur 3 affichée", "1 of 1 record shown"
    status.textContent = said("status", agrees).replace("{shown}", num(shown)).replace("{total}", num(TOTAL))
      .replace("{map}", num(onMap));
    caption.textContent = shown === TOTAL ? T.table.replace("{n}", num(TOTAL))
      : said("table_shown", agrees).replace("{shown}", num(shown)).replace("{total}", num(TOTAL));
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  document.getElementById("ca-reset").addEventListener("click", function () {
    setTimeout(apply, 0);
  });

  /* Show a record's marker out of its cluster: centred at the deepest zoom, and its place's
   * records spread out if it shares it. (markercluster's zoomToShowLayer misjudges
   * fractional zooms, which fitBounds gives.) */
  function show(i, then) {  // i: a listed record
    var m = markers[unitOf(i)];
    if (!m || !(keep[unitOf(i)] || (BIG && selected.indexOf(i) >= 0))) { return false; }
    if (map._animatingZoom) {  // Leaflet ignores setView during a zoom animation
      map.once("zoomend", function () { show(i, then); });
      return true;
    }
    if (!map.hasLayer(layers.clusters)) { map.addLayer(layers.clusters); }
    function reveal() {
      var parent = cluster.getVisibleParent(m);
      if (parent && parent !== m && parent.spiderfy) {
        cluster.once("spiderfied", function () { if (then) { then(m); } });
        parent.spiderfy();
      } else if (then) { then(m); }
    }
    map.once("moveend", function () { setTimeout(reveal, 0); });
    map.setView(m.getLatLng(), map.getMaxZoom(), { animate: false });
    return true;
  }
  function focusRecord(i) {
    var open = function (m) {
      if (m.options.group === undefined) { m.openPopup(); return; }
      L.popup({ maxWidth: 340 }).setLatLng(m.getLatLng()).setContent(popupContent(rec(i))).openOn(map);
    };
    if (show(i, open)) {
      map.getContainer().scrollIntoView({ block: "center" });
    }
  }
  /* ---------- keyboard ----------
   * A cluster (a button named by its records and places) expands with Enter or Space as with
   * a click, and the focus moves to what it became; a marker's popup opens with Enter (Leaflet)
   * or Space. An open popup takes the focus; Escape closes it and the focus goes back. */
  function expand(c) {
    var first = c.getAllChildMarkers()[0];
    var landed = false;
    function land() {
      if (landed) { return; }
      landed = true;
      cluster.off("spiderfied", land);
      cluster.off("animationend", land);
      setTimeout(function () {
        var shown = cluster.getVisibleParent(first);
        var node = shown && shown.getElement ? shown.getElement() : null;
        if (node) { node.focus(); }
      }, 0);
    }
    cluster.on("spiderfied", land);
    cluster.on("animationend", land);
    var bounds = c.getBounds();
    if (map.getZoom() >= map.getMaxZoom() || bounds.getNorthEast().equals(bounds.getSouthWest())) {
      c.spiderfy();  // one place: its records spread out around it
    } else {
      c.zoomToBounds({ padding: [20, 20] });
    }
  }
  map.getPane("markerPane").addEventListener("keydown", function (e) {
    if (e.key !== "Enter" && e.key !== " ") { return; }
    var count = e.target.querySelector ? e.target.querySelector(".ca-cluster-count") : null;
    if (count && count.caCluster) {
      e.preventDefault();
      expand(count.caCluster);
    } else if (e.key === " ") {
      var m = groupMarkers.filter(function (x) { return x.getElement() === e.target; })[0];
      if (m) { e.preventDefault(); m.openPopup(); }
    }
  });
  var opener = null;
  map.on("popupopen", function (e) {
    var active = document.activeElement;
    opener = active && active !== document.body && !e.popup.getElement().contains(active) ? active : opener;
    var close = e.popup.getElement().querySelector(".leaflet-popup-close-button");
    if (close) { close.setAttribute("aria-label", T.close_popup); close.title = T.close_popup; }
    var box = e.popup.getElement().querySelector(".ca-popup");
    if (box) {
      box.setAttribute("tabindex", "-1");
      box.focus({ preventScroll: true });
    }
  });
  /* A popup is never under a legend or a button: the controls it overlaps step aside while it is open. */
  var shownPopup = null;
  function uncover() {
    var controls = map.getContainer().querySelectorAll(".leaflet-control");
    Array.prototype.forEach.call(controls, function (c) { c.classList.remove("ca-behind"); });
    var node = shownPopup && shownPopup.getElement();
    if (!node) { return; }
    var p = node.getBoundingClientRect();
    Array.prototype.forEach.call(controls, function (c) {
      var r = c.getBoundingClientRect();
      if (r.left < p.right && p.left < r.right && r.top < p.bottom && p.top < r.bottom) { c.classList.add("ca-behind"); }
    });
  }
  map.on("popupopen", function (e) { shownPopup = e.popup; uncover(); });
  map.on("moveend zoomend", uncover);  // after the map pans the popup into view
  map.on("popupclose", function (e) {
    if (shownPopup === e.popup) { shownPopup = null; }
    uncover();
    var back = opener;
    opener = null;
    var inside = e.popup.getElement() && e.popup.getElement().contains(document.activeElement);
    if (back && back.isConnected && (inside || document.activeElement === document.body)) {
      back.focus({ preventScroll: true });
    }
  });
  map.getContainer().addEventListener("keydown", function (e) {
    if (e.key === "Escape" && e.target.closest && e.target.closest(".leaflet-popup")) {
      e.preventDefault();
      map.closePopup();
    }
  });

  /* ---------- cluster symbols never overlap ----------
   * Leaflet.markercluster draws a cluster at the centre of its records, so two clusters can
   * overlap (and hide each other's counts, and fail WCAG 2.2's 24 px target size). After each
   * redraw, overlapping cluster symbols are pushed apart along the line between them; a
   * place's own marker (a record, or the records at one place) moves only off another place's
   * (half the overlap each: a few pixels, a few kilometres at the opening zooms). */
  // GAP (room for a raised badge's outer ring) is set with the symbols' sizes, above.
  /* Move a bubble back inside the map's frame and off the controls (walls); say whether it moved. */
  function keepIn(it, frame, walls) {
    var x = it.x + it.dx, y = it.y + it.dy, r = it.r + 1, ox = it.dx, oy = it.dy;
    // Only a bubble pushed aside, from a place inside the map (one Leaflet draws off the view stays there).
    if (it.x < frame.left || it.x > frame.right || it.y < frame.top || it.y > frame.bottom) { return false; }
    walls.forEach(function (w) {
      var px = Math.min(x + r - w.left, w.right - (x - r)), py = Math.min(y + r - w.top, w.bottom - (y - r));
      if (px <= 0 || py <= 0) { return; }
      if (px < py) { it.dx += x < (w.left + w.right) / 2 ? -px : px; } else { it.dy += y < (w.top + w.bottom) / 2 ? -py : py; }
      x = it.x + it.dx; y = it.y + it.dy;
    });
    it.dx += Math.max(0, frame.left + r - x) - Math.max(0, x + r - frame.right);
    it.dy += Math.max(0, frame.top + r - y) - Math.max(0, y + r - frame.bottom);
    return Math.abs(it.dx - ox) > 0.01 || Math.abs(it.dy - oy) > 0.01;
  }
  /* Push one pair of bubbles apart (p before q); say whether they overlapped. */
  function pushApart(p, q) {
    var fixed = !p.free && !q.free;  // two places' own symbols: each moves half the way, no more
    var vx = (q.x + q.dx) - (p.x + p.dx), vy = (q.y + q.dy) - (p.y + p.dy);
    // Their boxes apart, not only their circles: a 24 px target's box touches no other (axe target-size).
    var d = Math.sqrt(vx * vx + vy * vy), need = p.r + q.r + GAP;
    var cheb = Math.max(Math.abs(vx), Math.abs(vy));
    if (cheb >= need - 0.01) { return false; }  // apart (a push leaves them need less a rounding error)
    if (cheb < 0.01) { vx = 1; vy = 0; d = 1; cheb = 1; }
    var push = d * (need / cheb - 1), share = (p.free && q.free) || fixed ? 0.5 : 1;
    if (p.free || fixed) { p.dx -= vx / d * push * share; p.dy -= vy / d * push * share; }
    if (q.free || fixed) { q.dx += vx / d * push * share; q.dy += vy / d * push * share; }
    return true;
  }
  /* The bubbles apart, in passes until none overlaps (40 at most). Each pass files every bubble, where
   * it stands when the pass begins, in the cells of a grid (cells as wide as a median pair's reach)
   * that its box grown by GAP touches, and compares it with the later bubbles filed in the cells its
   * own box touches: two bubbles that overlap share a cell, so a pass costs about n comparisons (not
   * n * n / 2), a few per bubble where they are dense. A pair that a push brings together mid-pass
   * is met in the next pass; the last pass moves nothing, so it sees every pair where it stands.
   * Up to FEW bubbles, every pair is met in every pass, as before the grid (a push then moves the
   * bubbles it meets in that pass: a long chain of pushes settles in fewer passes). Returns what it
   * cost: {symbols, passes, pairs, ms} (window.clusteratlas.spreadCost() gives the last one's). */
  var FEW = 200;
  function separate(items, frame, walls) {
    var n = items.length, t0 = performance.now(), pairs = 0, pass, seen = new Int32Array(n);
    var radii = items.map(function (it) { return it.r; }).sort(function (x, y) { return x - y; });
    var cell = Math.max(8, 2 * (radii[n >> 1] || 0) + GAP);
    function cells(it, grow, fn) {
      var x = it.x + it.dx, y = it.y + it.dy, r = it.r + grow;
      for (var gx = Math.floor((x - r) / cell); gx <= Math.floor((x + r) / cell); gx++) {
        for (var gy = Math.floor((y - r) / cell); gy <= Math.floor((y + r) / cell); gy++) { fn(gx * 1e6 + gy); }
      }
    }
    /* The later bubbles a bubble may meet in a pass: all of them, or those filed in its own box's cells. */
    function later(a, grid, boxes) {
      var near = [], b, stamp = pass * n + a + 1;  // a and this pass: each later bubble met once
      if (!grid) { for (b = a + 1; b < n; b++) { near.push(b); } return near; }
      boxes[a].forEach(function (k) {
        (grid.get(k) || []).forEach(function (b) { if (b > a && seen[b] !== stamp) { seen[b] = stamp; near.push(b); } });
      });
      return near.sort(function (x, y) { return x - y; });  // every pass meets its pairs in one order: a, then b
    }
    for (pass = 0; pass < 40; pass++) {
      var grid = n > FEW ? new Map() : null, moved = false, boxes = [];
      if (grid) {
        items.forEach(function (it, i) {
          cells(it, GAP, function (k) { var c = grid.get(k); if (c) { c.push(i); } else { grid.set(k, [i]); } });
          boxes.push([]);
          cells(it, 0, function (k) { boxes[i].push(k); });
        });
      }
      for (var a = 0; a < n; a++) {
        var near = later(a, grid, boxes);
        pairs += near.length;
        for (var j = 0; j < near.length; j++) { if (pushApart(items[a], items[near[j]])) { moved = true; } }
      }
      items.forEach(function (it) { if (it.free && keepIn(it, frame, walls)) { moved = true; } });
      if (!moved) { break; }
    }
    return { symbols: n, passes: Math.min(pass + 1, 40), pairs: pairs, ms: performance.now() - t0 };
  }
  var SPREAD = null;  // the last spread's cost (window.clusteratlas.spreadCost: tests read it)
  function spread() {
    var pane = map.getPane("markerPane");
    var icons = Array.prototype.slice.call(pane.querySelectorAll(".leaflet-marker-icon.ca-cluster, .leaflet-marker-icon.ca-marker"));
    icons.forEach(function (node) {  // back where Leaflet put it (all writes, then all reads: one layout)
      if (node.dataset.ml === undefined) { node.dataset.ml = node.style.marginLeft; node.dataset.mt = node.style.marginTop; }
      node.style.marginLeft = node.dataset.ml;
      node.style.marginTop = node.dataset.mt;
    });
    var items = icons.map(function (node) {
      var r = node.getBoundingClientRect();
      return { node: node, x: r.left + r.width / 2, y: r.top + r.height / 2, r: Math.max(r.width, r.height) / 2,
               dx: 0, dy: 0, free: node.classList.contains("ca-cluster") && !node.classList.contains("ca-group") };
    });
    // A bubble pushed aside stays whole inside the map and off its buttons, scale and layer list
    // (a legend lying on a symbol folds instead, at opening).
    var frame = map.getContainer().getBoundingClientRect();
    var walls = Array.prototype.filter.call(map.getContainer().querySelectorAll(".leaflet-control"), function (c) {
      return !c.classList.contains("ca-legend") || !c.open;  // a folded legend is a wall too
    }).map(function (c) { return c.getBoundingClientRect(); }).filter(function (r) { return r.width > 0; });
    SPREAD = separate(items, frame, walls);
    items.forEach(function (it) {
      if (it.dx || it.dy) {
        it.node.style.marginLeft = (parseFloat(it.node.dataset.ml) || 0) + it.dx + "px";
        it.node.style.marginTop = (parseFloat(it.node.dataset.mt) || 0) + it.dy + "px";
      }
    });
    placeTowns();  // the labels, around the symbols where they now stand
  }
  map.on("zoomend moveend", spread);
  cluster.on("animationend spiderfied unspiderfied", spread);
  map.on("overlayadd overlayremove", placeTowns);  // after the legends come and go

  /* The opening view's largest bubble is SYMBOL_MAX across when it holds more than the largest place:
   * the scale is then kept at every zoom (the same count, the same size). */
  function rescale() {
    var top = 0;
    Array.prototype.forEach.call(map.getPane("markerPane").querySelectorAll(".ca-cluster-count"), function (e) {
      top = Math.max(top, Number(e.getAttribute("data-count")));
    });
    if (top <= SYMBOL_REF) { return; }
    reference(top);
    groupMarkers.forEach(function (m, g) { if (m.options.group !== undefined) { m.setIcon(groupIcon(g, m.options.count)); } });
    cluster.refreshClusters();
    spread();
  }
  apply();
  spread();
  rescale();
  /* The opening view hides no record: a legend lying on a symbol starts folded to its title (a click opens it). */
  var symbols = Array.prototype.map.call(map.getPane("markerPane").querySelectorAll(".leaflet-marker-icon"),
                                         function (n) { var r = n.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; });
  legends.forEach(function (p) {
    var node = p[1].getContainer();
    if (!node || !node.open) { return; }
    var r = node.getBoundingClientRect();
    if (symbols.some(function (b) { return overlaps(b, [r.left, r.top, r.right, r.bottom]); })) { node.open = false; }
  });
  spread();  // off the folded legends (a phone's 56 px bubble lay under the folded "Clusters")

  /* ---------- print ----------
   * A browser lays the page out for paper without telling Leaflet, which keeps the screen's size
   * and view: a phone's view in a corner of the sheet, a wide screen's map cut at the page edge.
   * Before printing, the map takes a size that fills A4 and fits Letter within the 10 mm margins
   * of atlas.css's @page (PRINT_MM, the same in either media: millimetres are pixels at 96 per
   * inch), its legends open, and the records' opening view is found again for that size, clear
   * of the legends alone (html.ca-printing hides the buttons now, as print media will); after
   * printing the screen's size, legends and view come back. */
  var PRINT_MM = ["190mm", "190mm"], screenView = null;
  window.addEventListener("beforeprint", function () {
    if (screenView) { return; }
    var node = map.getContainer();
    screenView = { center: map.getCenter(), zoom: map.getZoom(),
                   folded: legends.map(function (p) { var n = p[1].getContainer(); return n && !n.open; }) };
    legends.forEach(function (p) { var n = p[1].getContainer(); if (n) { n.open = true; } });
    document.documentElement.classList.add("ca-printing");
    node.style.setProperty("width", PRINT_MM[0], "important");
    node.style.setProperty("height", PRINT_MM[1], "important");
    map.invalidateSize({ animate: false, pan: false });
    if (CONFIG.records_bounds) { openingView(); } else { map.fitBounds(CONFIG.bounds, { animate: false, padding: [24, 24] }); }
    spread();
  });
  window.addEventListener("afterprint", function () {
    if (!screenView) { return; }
    var node = map.getContainer(), was = screenView;
    screenView = null;
    document.documentElement.classList.remove("ca-printing");
    node.style.removeProperty("width");
    node.style.removeProperty("height");
    legends.forEach(function (p, i) { var n = p[1].getContainer(); if (n && was.folded[i]) { n.open = false; } });
    map.invalidateSize({ animate: false, pan: false });
    map.setView(was.center, was.zoom, { animate: false });
    spread();
  });
  window.clusteratlas = { markers: markers, cluster: cluster, apply: apply, show: show, focusRecord: focusRecord,
                          layers: layers, map: map, ink: ink, placeTowns: placeTowns, spread: spread,
                          spreadCost: function () { return SPREAD; } };
  document.documentElement.setAttribute("data-clusteratlas", "ready");
});
