"""A fresh labelled stream of incident reports for measuring de-duplication (see README.md)."""

from .stream import DEVELOPMENT_SEED, HELDOUT_SEED, Item, build_stream, summary

__all__ = ["DEVELOPMENT_SEED", "HELDOUT_SEED", "Item", "build_stream", "summary"]
