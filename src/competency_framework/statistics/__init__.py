"""Pure statistics of a `Framework`: each takes an edition and returns a number, a `Share` or a
tidy DataFrame; no I/O, no plotting, deterministic row order.

Modules: `shares` (percent rounding), `competencies` (the tree and its KSA counts),
`alignment` (external models), `network` (network insights and the most selected KSAs),
`occupations` (occupation selections and titles), `areas` (technology-area statistics),
`overview` (the framework's contents, owned by the build).
"""
