"""Write the binary copy of a geography pack's full-detail provinces (``provinces.geojson.wkb``).

    python scripts/build_wkb.py                 # the shipped pack (data/geo)
    python scripts/build_wkb.py path/to/geography.toml

Placing points reads the provinces' geometries from this copy instead of parsing their 5 MB
GeoJSON at every start (``clusteratlas.geography.write_wkb_copy``): the same geometries, to
the bit, and each province's code. The copy records the sha256 of the GeoJSON it was made
from; a copy of other bytes is ignored and the GeoJSON read, so a pack edited by hand stays
right without it. Deterministic: the same GeoJSON gives the same bytes. Run after
``scripts/build_geo.py`` (``make geo`` runs both).
"""

from __future__ import annotations

import sys

from clusteratlas.geography import pack, write_wkb_copy


def main() -> None:
    """Write the copy for the pack named on the command line (default: the shipped one)."""
    geo = pack(sys.argv[1] if len(sys.argv) > 1 else None)
    print(write_wkb_copy(geo.boundary_file("province", "full"), geo.level("province").code))


if __name__ == "__main__":
    main()
