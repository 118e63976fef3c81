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

  /* ---------- markers ---------- */
  var markers = [];
  records.forEach(function (r, i) {
    if (r.lat === null || r.lon === null) { markers.push(null); return; }
    var shape = r.coarse ? "square" : (r.uncertain ? "diamond" : "circle");
    // Records at one place sit on a small ring of pixel offsets (dx, dy) around it.
    var icon = L.divIcon({ className: "ca-marker ca-" + shape, iconSize: [14, 14],
                           iconAnchor: [7 - (r.dx || 0), 7 - (r.dy || 0)], popupAnchor: [r.dx || 0, (r.dy || 0) - 6],
                           tooltipAnchor: [r.dx || 0, (r.dy || 0) - 6],
                           html: '<span class="ca-shape"></span>' });
    var m = L.marker([r.lat, r.lon], { icon: icon, title: r.name || "", alt: r.name || "", keyboard: true,
                                       riseOnHover: true });
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
    m.addTo(layers.clusters);
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
  function legendControl(title, items, position, cls) {
    var ctrl = L.control({ position: position });
    ctrl.onAdd = function () {
      var div = L.DomUtil.create("div", "ca-legend " + cls);
      div.appendChild(el("h4", null, title));
      var ul = el("ul");
      items.forEach(function (it) {
        var li = el("li");
        var sw = el("span", { "class": "ca-swatch ca-swatch-" + (it.kind || "box"), "aria-hidden": "true" });
        sw.style.setProperty("--ca-color", it.color || "transparent");
        li.appendChild(sw);
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
  function tie(layer, ctrl) {
    if (!layer) { return; }
    legends.push([layer, ctrl]);
    if (map.hasLayer(layer)) { ctrl.addTo(map); }
  }
  if (CONFIG.legends.classes) {
    tie(layers.regions, legendControl(CONFIG.legends.classes.title, CONFIG.legends.classes.items, "bottomleft",
                                      "ca-legend-classes"));
  }
  tie(layers.clusters, legendControl(CONFIG.legends.points.title, CONFIG.legends.points.items, "bottomright",
                                     "ca-legend-points"));
  if (CONFIG.legends.zones.items.length) {
    tie(layers.zones, legendControl(CONFIG.legends.zones.title, CONFIG.legends.zones.items, "bottomleft",
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
    var shownOnMap = 0, shown = 0;
    records.forEach(function (r, i) {
      var ok = sectors.indexOf(r.category) >= 0 &&
        labeling.indexOf(r.labeling_key) >= 0 &&
        governance.indexOf(r.governance_key) >= 0 &&
        (r.year === null ? keepUnknownYear : (r.year >= yFrom && r.year <= yTo)) &&
        (!q || fold(r.name).indexOf(q) >= 0 || fold(r.full_name).indexOf(q) >= 0);
      var m = markers[i];
      if (m) {
        if (ok && !layers.clusters.hasLayer(m)) { layers.clusters.addLayer(m); }
        if (!ok && layers.clusters.hasLayer(m)) { layers.clusters.removeLayer(m); }
        if (ok) { shownOnMap += 1; }
      }
      if (rows[i]) { rows[i].hidden = !ok; }
      if (ok) { shown += 1; }
    });
    status.textContent = T.status.replace("{shown}", shown).replace("{total}", records.length)
      .replace("{map}", shownOnMap);
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  document.getElementById("ca-reset").addEventListener("click", function () {
    setTimeout(apply, 0);
  });

  function focusRecord(i) {
    var m = markers[i];
    if (!m) { return; }
    if (!layers.clusters.hasLayer(m)) { return; }
    if (!map.hasLayer(layers.clusters)) { map.addLayer(layers.clusters); }
    map.setView(m.getLatLng(), Math.max(map.getZoom(), 8));
    m.openPopup();
    map.getContainer().scrollIntoView({ block: "center" });
  }
  rows.forEach(function (row) {
    var i = parseInt(row.getAttribute("data-index"), 10);
    row.addEventListener("click", function () { focusRecord(i); });
    row.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); focusRecord(i); }
    });
  });
  apply();
  window.clusteratlas = { markers: markers, apply: apply, focusRecord: focusRecord, layers: layers };
  document.documentElement.setAttribute("data-clusteratlas", "ready");
});
