"""`typst` for Quarto: the `typst compile` command line over the project's pinned `typst`
package, so that Quarto's PDF is compiled as the fallback's is (`QUARTO_TYPST` points here).

It takes what Quarto 1.9 passes (`--version`; `compile [--root R] [--font-path F]...
[--package-path P] [--package-cache-path P] [--pdf-standard a,b] INPUT [OUTPUT]`), leaves system
fonts out and dates the PDF `SOURCE_DATE_EPOCH` (default 0): the same input, the same bytes.
"""

from __future__ import annotations

import os
import re
import sys
from importlib.metadata import version
from typing import Any

VALUED = ("--root", "--font-path", "--package-path", "--package-cache-path", "--pdf-standard")
# how Typst words a document that breaks a PDF standard it was asked for ("PDF/UA-1 error: the
# text ... could not be displayed with font ...")
STANDARD_ERROR = re.compile(r"PDF/[A-Z]+-\w+ error")


def compile_pdf(source: str, output: str, standards: list[str], **kwargs: Any) -> str:
    """Compile `source` to `output` meeting the PDF `standards` (e.g. ["ua-1"]); where the
    document breaks one of them (a character no embedded font can show, say, which text from
    data may hold), compile it without them and return why (else ""): a report is still
    written, and the build says that it does not conform. Other errors are raised."""
    import typst

    asked: dict[str, Any] = {"pdf_standards": standards} if standards else {}
    try:
        typst.compile(source, output=output, **asked, **kwargs)
        return ""
    except Exception as exc:  # typst raises its own error types
        if not standards or not STANDARD_ERROR.search(str(exc)):
            raise
        typst.compile(source, output=output, **kwargs)
        return (f"the PDF does not conform to {', '.join(standards)} and was written without "
                f"it: {exc}")


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("--version", "-V"):
        print(f"typst {version('typst')} (the typst Python package)")
        return 0
    if argv[0] not in ("compile", "c"):
        print(f"typst: only `compile` is supported, not {argv[0]!r}", file=sys.stderr)
        return 2
    options: dict[str, list[str]] = {}
    files: list[str] = []
    rest = iter(argv[1:])
    for arg in rest:
        key, _, value = arg.partition("=")
        if key in VALUED:
            options.setdefault(key, []).append(value or next(rest, ""))
        elif arg.startswith("-"):
            print(f"typst: unsupported option {arg!r}", file=sys.stderr)
            return 2
        else:
            files.append(arg)
    if not files:
        print("typst: no input file", file=sys.stderr)
        return 2
    output = files[1] if len(files) > 1 else os.path.splitext(files[0])[0] + ".pdf"
    kwargs: dict = {"font_paths": options.get("--font-path", []), "ignore_system_fonts": True,
                    "timestamp": int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)}
    if "--root" in options:
        kwargs["root"] = options["--root"][-1]
    if "--package-path" in options:
        kwargs["package_path"] = options["--package-path"][-1]
    if "--package-cache-path" in options:
        kwargs["package_cache_path"] = options["--package-cache-path"][-1]
    standards = ",".join(options.get("--pdf-standard", [])).split(",")
    try:
        why = compile_pdf(files[0], output, [s for s in standards if s], **kwargs)
    except Exception as exc:  # typst raises its own error types
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if why:
        print(f"warning: {why}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
