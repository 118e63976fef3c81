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
  };
  var T = CONFIG.texts;
  var NARROW = window.matchMedia("(max-width: 800px)").matches;
  // On a map under 800 px wide the top-left legends (over the Atlantic, next to the south)
  // start folded to their titles, so they hide no record; a click opens them.
  var SMALL_MAP = map.getSize().x < 800;
  // The opening view: every region and record. Not animated, so nothing moves the map
  // after the page says it is ready.
  map.fitBounds(CONFIG.bounds, { animate: false });
  L.control.scale({ imperial: false, position: "bottomleft" }).addTo(map);
  var records = CONFIG.records;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

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
  function popupContent(r) {
    var box = el("div", { "class": "ca-popup" });
    box.appendChild(el("h3", null, r.name || T.unnamed));
    if (r.full_name) { box.appendChild(el("p", { "class": "ca-full" }, r.full_name)); }
    if (r.uncertain || r.coarse) {
      box.appendChild(el("p", { "class": "ca-warn" }, r.coarse ? T.coarse_note : T.uncertain_note));
    }
    var dl = el("dl");
    CONFIG.fields.forEach(function (f) {
      var v = r[f[0]];
      if (v === undefined || v === null || v === "") { v = "—"; }
      dl.appendChild(el("dt", null, f[1]));
      dl.appendChild(el("dd", null, v));
    });
    box.appendChild(dl);
    if (CONFIG.levers.length) {
      box.appendChild(el("h4", null, T.levers));
      var ul = el("ul", { "class": "ca-levers" });
      CONFIG.levers.forEach(function (lv) {
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

  /* ---------- markers, clustered ----------
   * Leaflet.markercluster groups nearby markers into one counted symbol; records at one
   * place stay one cluster up to the deepest zoom, where a click spreads them out
   * (spiderfy). Every marker stands at its record's own coordinates. */
  var cluster = L.markerClusterGroup({
    maxClusterRadius: 40, spiderfyOnMaxZoom: true, showCoverageOnHover: false, zoomToBoundsOnClick: true,
    removeOutsideVisibleBounds: true, animate: false, spiderfyDistanceMultiplier: 1.4,
    spiderLegPolylineOptions: { weight: 1.2, color: "#1f2933", opacity: 0.7 },
    iconCreateFunction: function (c) {
      var n = c.getChildCount();
      var size = n < 10 ? 28 : (n < 100 ? 34 : (n < 1000 ? 40 : 46));
      var node = el("div", { "class": "ca-cluster-count", "data-count": String(n) }, String(n));
      return L.divIcon({ html: node, className: "ca-cluster", iconSize: [size, size] });
    },
  });
  cluster.addTo(layers.clusters);
  var markers = [];
  var shownOnMap = [];
  records.forEach(function (r, i) {
    shownOnMap.push(false);
    if (r.lat === null || r.lon === null) { markers.push(null); return; }
    var shape = r.coarse ? "square" : (r.uncertain ? "diamond" : "circle");
    var icon = L.divIcon({ className: "ca-marker ca-" + shape, iconSize: [14, 14], iconAnchor: [7, 7],
                           popupAnchor: [0, -6], tooltipAnchor: [0, -6], html: '<span class="ca-shape"></span>' });
    var m = L.marker([r.lat, r.lon], { icon: icon, title: r.name || T.unnamed, alt: r.name || "", keyboard: true,
                                       riseOnHover: true, year: r.year, index: i });
    m.on("add", function () {
      var node = m.getElement();
      if (node) {
        node.style.setProperty("--ca-color", r.color);
        node.setAttribute("data-index", String(i));
        node.setAttribute("data-year", r.year === null ? "" : String(r.year));
      }
    });
    m.bindPopup(function () { return popupContent(r); }, { maxWidth: 340, autoPanPadding: [20, 20] });
    m.bindTooltip(el("span", null, r.name || T.unnamed), { direction: "top", offset: [0, -8] });
    markers.push(m);
  });

  /* ---------- region tooltips ---------- */
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
        } else {
          var sw = el("span", { "class": "ca-swatch ca-swatch-" + (it.kind || "box"), "aria-hidden": "true" });
          sw.style.setProperty("--ca-color", it.color || "transparent");
          li.appendChild(sw);
        }
        li.appendChild(el("span", null, it.label));
        ul.appendChild(li);
      });
      div.appendChild(ul);
      L.DomEvent.disableClickPropagation(div);
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
  tie(layers.clusters, legendControl(CONFIG.legends.points.title, CONFIG.legends.points.items, "bottomright",
                                     "ca-legend-points"));
  if (CONFIG.legends.zones.items.length) {
    tie(layers.zones, legendControl(CONFIG.legends.zones.title, CONFIG.legends.zones.items, "topleft",
                                    "ca-legend-zones"));
  }
  map.on("overlayadd", function (e) {
    legends.forEach(function (p) { if (p[0] === e.layer) { p[1].addTo(map); } });
  });
  map.on("overlayremove", function (e) {
    legends.forEach(function (p) { if (p[0] === e.layer) { p[1].remove(); } });
  });

  /* ---------- filters, search and table ---------- */
  var form = document.getElementById("ca-filters");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#ca-table tbody tr"));
  var status = document.getElementById("ca-status");

  function checkedValues(name) {
    return Array.prototype.slice.call(form.querySelectorAll("input[name='" + name + "']:checked"))
      .map(function (x) { return x.value; });
  }

  function apply() {
    var sectors = checkedValues("category");
    var labeling = checkedValues("labeling");
    var governance = checkedValues("governance");
    var yFrom = parseInt(form.querySelector("#ca-year-from").value, 10);
    var yTo = parseInt(form.querySelector("#ca-year-to").value, 10);
    var keepUnknownYear = form.querySelector("#ca-year-unknown").checked;
    document.getElementById("ca-year-from-out").textContent = String(yFrom);
    document.getElementById("ca-year-to-out").textContent = String(yTo);
    var q = fold(form.querySelector("#ca-search").value).trim();
    var onMap = 0, shown = 0, add = [], remove = [];
    records.forEach(function (r, i) {
      var ok = sectors.indexOf(r.category) >= 0 &&
        labeling.indexOf(r.labeling_key) >= 0 &&
        governance.indexOf(r.governance_key) >= 0 &&
        (r.year === null ? keepUnknownYear : (r.year >= yFrom && r.year <= yTo)) &&
        (!q || fold(r.name).indexOf(q) >= 0 || fold(r.full_name).indexOf(q) >= 0);
      var m = markers[i];
      if (m) {
        if (ok && !shownOnMap[i]) { add.push(m); }
        if (!ok && shownOnMap[i]) { remove.push(m); }
        shownOnMap[i] = ok;
        if (ok) { onMap += 1; }
      }
      if (rows[i]) { rows[i].hidden = !ok; }
      if (ok) { shown += 1; }
    });
    if (remove.length) { cluster.removeLayers(remove); }
    if (add.length) { cluster.addLayers(add); }
    status.textContent = T.status.replace("{shown}", shown).replace("{total}", records.length)
      .replace("{map}", onMap);
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
  function show(i, then) {
    var m = markers[i];
    if (!m || !shownOnMap[i]) { return false; }
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
    if (show(i, function (m) { m.openPopup(); })) {
      map.getContainer().scrollIntoView({ block: "center" });
    }
  }
  rows.forEach(function (row) {
    var i = parseInt(row.getAttribute("data-index"), 10);
    row.addEventListener("click", function () { focusRecord(i); });
    row.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); focusRecord(i); }
    });
  });
  apply();
  window.clusteratlas = { markers: markers, cluster: cluster, apply: apply, show: show, focusRecord: focusRecord,
                          layers: layers, map: map };
  document.documentElement.setAttribute("data-clusteratlas", "ready");
});
