"""HTTP API (FastAPI): reports in, cases out, health and metrics."""
