"""The `audit` command: every published figure set beside its recomputation."""

from competency_framework.audit import audit_command

__all__ = ["audit_command"]
