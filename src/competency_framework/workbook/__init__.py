"""The institutes' collection workbook: `template` writes it, `import` reads it back."""

from .importer import import_command, import_workbooks
from .template import build_template, template_command, write_template

__all__ = ["build_template", "import_command", "import_workbooks", "template_command",
           "write_template"]
