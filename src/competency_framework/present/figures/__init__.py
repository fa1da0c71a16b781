"""Figures and tables of the report: functions of statistics' results that write deterministic
files and return what a notebook shows (see `common` for the shared helpers)."""
