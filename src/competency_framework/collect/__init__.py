"""The institutes' collection workbook: `template` writes it, `import` reads it back."""

from competency_framework.collect.importer import import_workbooks
from competency_framework.collect.template import build_template, write_template

__all__ = ["build_template", "import_workbooks", "write_template"]
