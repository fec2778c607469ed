"""Database adapters of the dispatch layer (SQLAlchemy 2.x Core)."""
