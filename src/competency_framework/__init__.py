"""The Manufacturing USA Advanced Manufacturing Occupation and Competency Framework as software.

Load an edition with `load_edition`; every statistic, table and figure of the report is a
function of the `Framework` it returns.
"""

from competency_framework.edition.framework import Framework
from competency_framework.edition.load import load_edition
from competency_framework.edition.problems import InputError, Problem

__all__ = ["Framework", "InputError", "Problem", "load_edition"]
__version__ = "0.1.0"  # the only place the version is written; pyproject.toml reads it
