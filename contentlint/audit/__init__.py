"""Batch audits of whole archives: sources, parallel workers, SQLite store, analysis, reports."""
