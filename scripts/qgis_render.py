"""Open a GeoPackage in a real QGIS, headless, with its default styles, and render it to PNG.

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 scripts/qgis_render.py IN.gpkg OUT.png [--width PX]

Run with the Python that has QGIS's bindings (Debian: ``apt-get install python3-qgis
qgis-providers``, about 930 MB), not the project's venv. Every vector layer of the file is
loaded, its default style read from the file's ``layer_styles`` (``loadDefaultStyle``) and
the layers drawn polygons first, points on top, on the extent of all of them. The script
prints, per layer, whether its style loaded, its renderer's type and its legend (what a
QGIS user sees in the Layers panel), how many features each rule's filter selects (as QGIS
evaluates it), and the legend QGIS reads from the layer's SLD; it exits 1 when a layer's
QML or SLD style does not load.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (
    QgsApplication,
    QgsFeatureRequest,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsRectangle,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor


def _check_sld(path: str, name: str) -> None:
    """Load the layer's SLD (from ``layer_styles``) into a fresh layer, as GeoServer users would; print its legend."""
    with sqlite3.connect(path) as con:
        row = con.execute("SELECT styleSLD FROM layer_styles WHERE f_table_name = ?", (name,)).fetchone()
    if row is None:
        return
    with tempfile.NamedTemporaryFile("w", suffix=".sld", encoding="utf-8", delete=False) as f:
        f.write(row[0])
    layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    message, ok = layer.loadSldStyle(f.name)
    os.unlink(f.name)
    legend = [item.label() for item in layer.renderer().legendSymbolItems()] if ok else []
    print(f"  SLD {'loaded' if ok else 'NOT loaded'} ({message or 'ok'}); {layer.renderer().type()}; {legend}")
    if not ok:
        sys.exit(1)


def _layers(path: str) -> list[QgsVectorLayer]:
    """Load every vector layer of ``path`` with its default style; print what QGIS made of it."""
    probe = QgsVectorLayer(path, "probe", "ogr")
    names = [s.split("!!::!!")[1] for s in probe.dataProvider().subLayers()]
    out = []
    for name in names:
        if name == "layer_styles":
            continue
        layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
        message, ok = layer.loadDefaultStyle()
        legend = [item.label() for item in layer.renderer().legendSymbolItems()]
        print(f"{name}: style {'loaded' if ok else 'NOT loaded'} ({message}); {layer.renderer().type()}; {legend}")
        if not ok:
            sys.exit(1)
        labels = layer.labelsEnabled()
        print(f"  {layer.featureCount()} features, labels {'on' if labels else 'off'}")
        if layer.renderer().type() == "RuleRenderer":  # what each rule selects, as QGIS evaluates its filter
            for rule in layer.renderer().rootRule().children():
                expression = rule.filterExpression()
                if expression and expression != "ELSE":
                    n = sum(1 for _ in layer.getFeatures(QgsFeatureRequest().setFilterExpression(expression)))
                    print(f"  {n:>6} {rule.label()}")
        _check_sld(path, name)
        out.append(layer)
    polygons = [lyr for lyr in out if lyr.geometryType() == QgsWkbTypes.PolygonGeometry]
    return [lyr for lyr in out if lyr not in polygons] + polygons  # QGIS draws the first layer on top


def main(argv: list[str] | None = None) -> int:
    """Render the GeoPackage; see the module's docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gpkg")
    parser.add_argument("png")
    parser.add_argument("--width", type=int, default=1400)
    a = parser.parse_args(argv)
    app = QgsApplication([], False)
    app.initQgis()
    try:
        layers = _layers(a.gpkg)
        extent = QgsRectangle()
        for layer in layers:
            extent.combineExtentWith(layer.extent())
        extent.scale(1.05)
        settings = QgsMapSettings()
        settings.setLayers(layers)
        settings.setDestinationCrs(layers[-1].crs())
        settings.setBackgroundColor(QColor("#dcebf5"))
        ratio = extent.height() / max(extent.width(), 1e-9)
        settings.setOutputSize(QSize(a.width, int(a.width * ratio)))
        settings.setOutputDpi(200)
        settings.setExtent(extent)
        job = QgsMapRendererParallelJob(settings)
        job.start()
        job.waitForFinished()
        job.renderedImage().save(a.png, "png")
        print(f"wrote {a.png}")
    finally:
        app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
