"""``python -m clusteratlas``."""

from .cli import run

run()
