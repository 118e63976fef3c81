"""``clusteratlas figure`` and ``clusteratlas map``: :func:`clusteratlas.figure` and :func:`clusteratlas.web_map`."""

from __future__ import annotations

import click

from ..mapspec import MapOptions
from ..options import ReadOptions
from ..products import figure as draw
from ..products import web_map
from ..registry import FIGURE_FORMATS, FIGURE_KINDS, SOUTH, TILES, VALUES, Registry
from ._log import log
from ._params import (
    Args,
    breaks_option,
    command,
    input_argument,
    lang_option,
    no_zones_option,
    option,
    output_option,
    periods_option,
    reading_options,
    scheme_options,
    verbosity,
    weight_options,
    with_zones,
    zones_option,
)

__all__ = ["figure", "map_command"]

_WEIGHT_HELP = "Count, share and per-capita of this column's sum (Effectif), not of records."


@command("figure", draw, MapOptions, ReadOptions)
@input_argument
@output_option(f"Figure file: {', '.join(FIGURE_FORMATS)} (alt text written beside it).")
@option("kind", choices=FIGURE_KINDS, help=f"{FIGURE_KINDS.help()}.")
@option("color_by", help="Column that colours the points (default: the profile's category column, else sector).")
@option("size_by", help="Numeric column that sizes the points.")
@option("value", help=f"Choropleth value: {', '.join(VALUES)}, or a numeric column (summed per region).")
@weight_options(_WEIGHT_HELP)
@option("category", help="For --kind lq: the value of --color-by whose location quotient is mapped.")
@scheme_options
@breaks_option
@lang_option
@option("dpi", type=click.IntRange(72, 1200))
@option("width_mm", type=click.FloatRange(60, 400))
@option("subtitle", show_default=False, help="A line under the title.")
@option("title", help="Figure title (default: what the data are, e.g. '26 records in Morocco, from FILE').")
@periods_option
@option("south", choices=SOUTH, help=f"{SOUTH.help()}.")
@option(
    "journal",
    is_flag=True,
    help="For a journal: title, credits and numbered key go into NAME.caption.txt and the alt text, not the artwork.",
)
@zones_option
@no_zones_option
@reading_options
@verbosity
def figure(a: Args) -> None:
    """Draw a publication-ready figure of INPUT's records."""
    import matplotlib.pyplot as plt

    fig = draw(
        a.input,
        a.kind,
        output=a.output,
        dpi=a.dpi,
        width_mm=a.width_mm,
        south=a.south,
        journal=a.journal,
        read=a.of(ReadOptions),
        **(a.pick(MapOptions) | with_zones(a)),
    )
    plt.close(fig)
    log.info("wrote %s and its alt text", a.output)


#: ``map --choropleth``: a choropleth value, or none.
CHOROPLETHS = Registry[bool]("choropleth", "choropleth")
for _key in VALUES:
    CHOROPLETHS.add(_key, True, VALUES.entry(_key).help)
CHOROPLETHS.add("none", False, "no shading")


@command("map", web_map, MapOptions, ReadOptions)
@input_argument
@output_option("The page to write (.html): self-contained, works offline.")
@option("color_by", help="Column that colours the markers (default: the profile's category column, else sector).")
@option(
    "choropleth",
    choices=CHOROPLETHS,
    sets="value",
    help=f"What shades the regions: {VALUES.help()}; none: no shading.",
)
@weight_options(_WEIGHT_HELP)
@scheme_options
@lang_option
@option("tiles", choices=TILES, help=f"{TILES.help()}.")
@option("title", help="Page title.")
@zones_option
@no_zones_option
@reading_options
@option(
    "max_zoom",
    type=click.IntRange(5, 18),
    help="Deepest zoom; 11 is what the embedded boundaries (about 1 km) support.",
)
@verbosity
def map_command(a: Args) -> None:
    """Write a self-contained interactive HTML map of INPUT's records."""
    shaded = CHOROPLETHS.get(a.choropleth)
    web_map(
        a.input,
        output=a.output,
        choropleth=shaded,
        tiles=a.tiles,
        max_zoom=a.max_zoom,
        read=a.of(ReadOptions),
        **(a.pick(MapOptions) | with_zones(a) | {"value": a.choropleth if shaded else "count"}),
    )
    log.info("wrote %s", a.output)
