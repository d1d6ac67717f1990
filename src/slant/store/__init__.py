"""Storage of analysed documents (SQLite or PostgreSQL) and exports."""

from slant.store.database import DEFAULT_DB, Store, WriteResult, database_url

__all__ = ["DEFAULT_DB", "Store", "WriteResult", "database_url"]
