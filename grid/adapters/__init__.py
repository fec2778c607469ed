"""Adapters of the registry: database tables and store, CSV/GeoJSON files."""
