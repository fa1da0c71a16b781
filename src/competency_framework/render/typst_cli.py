"""`typst` for Quarto: the `typst compile` command line over the project's pinned `typst`
package, so that Quarto's PDF is compiled as the fallback's is (`QUARTO_TYPST` points here).

It takes what Quarto 1.9 passes (`--version`; `compile [--root R] [--font-path F]...
[--package-path P] [--package-cache-path P] [--pdf-standard a,b] INPUT [OUTPUT]`), leaves system
fonts out and dates the PDF `SOURCE_DATE_EPOCH` (default 0): the same input, the same bytes.
"""

from __future__ import annotations

import os
import sys
from importlib.metadata import version

VALUED = ("--root", "--font-path", "--package-path", "--package-cache-path", "--pdf-standard")


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
    if "--pdf-standard" in options:
        kwargs["pdf_standards"] = ",".join(options["--pdf-standard"]).split(",")
    import typst

    try:
        typst.compile(files[0], output=output, **kwargs)
    except Exception as exc:  # typst raises its own error types
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
