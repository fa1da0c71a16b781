"""The institutes' collection workbook: `template` writes it, `import` reads it back."""

from competency_framework.collect.importer import import_command, import_workbooks
from competency_framework.collect.template import build_template, template_command, write_template

__all__ = ["build_template", "import_command", "import_workbooks", "template_command",
           "write_template"]
