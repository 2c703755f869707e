"""Attempts, turns and scorecards, kept exactly as they happened (SQLite or PostgreSQL)."""

from trainer.store.errors import DamagedRecord, StoreError
from trainer.store.records import AttemptDetail, AttemptSummary
from trainer.store.store import Store, open_store

__all__ = [
    "AttemptDetail",
    "AttemptSummary",
    "DamagedRecord",
    "Store",
    "StoreError",
    "open_store",
]
