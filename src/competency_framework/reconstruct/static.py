"""The real tables of the 2025 edition, and the reconstruction's fixed choices, as data.

What the report prints (areas, institutes, the competency tree, Table 1's definitions) is read
from `data/published/` by `targets.py`; this module holds only what the report does not print:

- the sponsoring agency of each institute (Manufacturing USA's public institute list; see
  `data/raw/2025/README.md` for sources and certainty);
- the names of Tiers 1-3 (the DOL Competency Model Clearinghouse building-blocks model);
- how many occupations each institute selected (the report prints only the total, 137);
- affinities that steer where unpublished KSAs sit (which area fits which sub-competency,
  which institute fits which competency): plausibility, not published fact.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

_V = TypeVar("_V")

AGENCIES: tuple[tuple[str, str], ...] = (
    ("doc", "Department of Commerce"),
    ("dod", "Department of Defense"),
    ("doe", "Department of Energy"),
)

# Institute (as the area sections print it) -> sponsoring agency.
SPONSORS: dict[str, str] = {
    "BioFabUSA": "dod",  # ARMI | BioFabUSA, DoD (2016)
    "BioMADE": "dod",  # DoD (2020)
    "NIIMBL": "doc",  # NIST, Department of Commerce (2016)
    "America Makes": "dod",  # NCDMM, DoD (2012)
    "ARM Institute": "dod",  # DoD (2017)
    "CESMII": "doe",  # DOE (2016)
    "CyManII": "doe",  # DOE (2020)
    "MxD": "dod",  # formerly DMDII, DoD (2014)
    "AIM Photonics": "dod",  # DoD (2015)
    "NextFlex": "dod",  # DoD (2015)
    "PowerAmerica": "doe",  # DOE (2014)
    "SMART USA": "doc",  # CHIPS for America, Department of Commerce (2024)
    "EPIXC": "doe",  # DOE (2023)
    "RAPID": "doe",  # DOE (2016)
    "REMADE": "doe",  # DOE (2017)
    "AFFOA": "dod",  # DoD (2016)
    "IACMI": "doe",  # DOE (2015)
    "LIFT": "dod",  # DoD (2014)
}

# Tiers 1-3: the DOL building-blocks model's foundational tiers, which the framework adopts
# at tier level only (the report's Figure 1, lost in the text extraction, names them).
FOUNDATIONAL_TIERS: tuple[tuple[int, str], ...] = (
    (1, "Personal Effectiveness Competencies"),
    (2, "Academic Competencies"),
    (3, "Workplace Competencies"),
)
FOUNDATIONAL_SOURCE = "DOL AMCM"

# Each tier as this project describes it (its own words, the tier rows' `definition`): the
# report prints them, so that another edition's tiers bring their own descriptions.
TIER_DEFINITIONS: dict[int, str] = {
    1: "Personal attributes and habits a worker brings to any job, such as integrity, "
       "dependability, adaptability and a willingness to learn.",
    2: "Skills learned mostly in school, such as reading, writing, mathematics and science, "
       "as work puts them to use.",
    3: "What it takes to function in any workplace: teamwork, planning and organising, "
       "solving problems, and working with tools and technology.",
    4: "Technical knowledge and skills needed across advanced manufacturing as a whole, "
       "whatever the sector.",
    5: "Technical knowledge and skills specific to one sector's technologies, at the leading "
       "edge of manufacturing.",
}

# What each area's technology is (technology_areas.csv `description`), in this project's words,
# after the opening of each area's section of the report.
AREA_DESCRIPTIONS: dict[str, str] = {
    "biomanufacturing": "Biomanufacturing makes commercial products with living systems and "
                        "biological processes, for industries from pharmaceuticals and chemicals "
                        "to agriculture, energy and materials.",
    "digital_automation": "Digital and automation technologies bring computing onto the factory "
                          "floor: connected, cyber-physical systems in which operational and "
                          "information technology meet, making production more flexible, "
                          "efficient and productive.",
    "electronics": "Electronics manufacturing makes the semiconductors, integrated photonic "
                   "devices and hybrid circuits that advanced electronic products depend on, and "
                   "turns new tools such as digital twins on its own processes.",
    "energy_processes": "Energy and industrial process technologies make manufacturing "
                        "processes more efficient and less costly, across many industries.",
    "materials": "The materials area develops advanced materials, such as technical textiles, "
                 "composites and metals, and the technologies that produce them.",
}

# The network's words (the descriptor's `network`), in this project's own phrasing.
NETWORK: dict[str, str] = {
    "name": "Manufacturing USA",
    "member": "manufacturing innovation institute",
    "sponsor": "federal department",
    "description": (
        "Manufacturing USA is a partnership of government, industry and academia that keeps "
        "the United States at the front of advanced manufacturing by sharing the costs and "
        "results of research, building supply chains and training the workforce. Each "
        "institute gathers companies, universities and public bodies around one technology or "
        "family of technologies, and each runs its own education and workforce programs."),
}
TIER4_SOURCE = "DOL AMCM"  # Table A1 is the DOL AMCM's Tier 4

# Occupation selections per institute (sum: the published 137). SMART USA's data set was
# preliminary (the report's footnote 12), so it gets the fewest.
SELECTIONS: dict[str, int] = {
    "BioFabUSA": 8, "BioMADE": 9, "NIIMBL": 9,
    "America Makes": 8, "ARM Institute": 9, "CESMII": 7, "CyManII": 6, "MxD": 9,
    "AIM Photonics": 8, "NextFlex": 8, "PowerAmerica": 7, "SMART USA": 5,
    "EPIXC": 7, "RAPID": 8, "REMADE": 7,
    "AFFOA": 7, "IACMI": 7, "LIFT": 8,
}

# Whether list items the transcription marks `possibly_same_as` a lettered KSA are held as that
# KSA ("Data collection/analysis" = A, "Knowledge and use of CAD/CAM software" = B, "Machine and
# equipment operation" = H): the same statement abbreviated, so one KSA, worded as in A-J.
MERGE_POSSIBLY_SAME = True

# Plausibility: fields of the Tier 5 competencies. A KSA under one of these prefixes must
# belong to the area named (the rest of its areas are free).
FIELD_AREA: dict[str, str] = {
    "5.1": "digital_automation",  # additive manufacturing (America Makes)
    "5.2": "digital_automation",  # smart manufacturing
    "5.3": "digital_automation",  # information technology
    "5.4": "digital_automation",  # cybersecurity
    "5.5": "biomanufacturing",  # bioscience experiments, tests and analyses
    "5.6": "biomanufacturing",  # biomanufacturing production
    "5.7": "materials",  # material design and production
}
# At most this many placeholder KSAs of a Tier 5 competency cross into another area.
FIELD_MAX_CROSSING: dict[str, int] = {"5.4": 1, "5.5": 1, "5.6": 0, "5.7": 1}

# Plausibility: how well an area fits a sub-competency (code prefix, longest match wins);
# 0 when not listed. Steers which unpublished KSAs sit under which codes.
AREA_AFFINITY: dict[str, dict[str, int]] = {
    "4.1.2": {"electronics": 2, "energy_processes": 1, "materials": 1, "digital_automation": 1},
    "4.1.3": {"materials": 2, "electronics": 1, "energy_processes": 1},
    "4.1.5": {"energy_processes": 2, "materials": 1},
    "4.1.7": {"biomanufacturing": 1, "electronics": 1, "energy_processes": 1},
    "4.1.8": {"biomanufacturing": 2, "electronics": 1},
    "4.1.9": {"biomanufacturing": 2, "materials": 1},
    "4.2.1": {"energy_processes": 1, "biomanufacturing": 1},
    "4.2.2": {"digital_automation": 1, "energy_processes": 1},
    "4.2.3": {"materials": 2, "energy_processes": 1},
    "4.2.4": {"biomanufacturing": 2, "electronics": 1},
    "4.2.5": {"materials": 1, "digital_automation": 1},
    "4.2.6": {"digital_automation": 2},
    "4.2.7": {"materials": 1, "biomanufacturing": 1, "electronics": 1},
    "4.2.8": {"energy_processes": 2, "biomanufacturing": 1},
    "4.2.9": {"materials": 2, "digital_automation": 1},
    "4.2.10": {"materials": 1, "digital_automation": 1},
    "4.2.11": {"biomanufacturing": 1, "digital_automation": 1, "energy_processes": 1},
    "4.2.13": {"materials": 1, "digital_automation": 1},
    "4.3": {"materials": 2, "digital_automation": 1, "energy_processes": 1},
    "4.3.4": {"electronics": 2, "energy_processes": 1},
    "4.3.5": {"electronics": 2, "digital_automation": 1},
    "4.3.20": {"digital_automation": 2, "energy_processes": 1},
    "4.3.27": {"digital_automation": 2},
    "4.3.29": {"electronics": 2},
    "4.3.33": {"electronics": 2, "materials": 1},
    "4.3.34": {"electronics": 2, "biomanufacturing": 2},
    "4.4": {"biomanufacturing": 1, "materials": 1, "energy_processes": 1},
    "4.5": {"biomanufacturing": 2, "electronics": 1, "materials": 1},
    "4.6": {"biomanufacturing": 2, "energy_processes": 1, "materials": 1},
    "5.1": {"digital_automation": 2, "materials": 1},
    "5.2": {"digital_automation": 2, "energy_processes": 1},
    "5.3": {"digital_automation": 2, "electronics": 1},
    "5.4": {"digital_automation": 2},
    "5.5": {"biomanufacturing": 2},
    "5.6": {"biomanufacturing": 2},
    "5.7": {"materials": 2, "electronics": 1},
}

# Plausibility: competencies (code prefixes) an institute's field makes it likely to select.
INSTITUTE_AFFINITY: dict[str, tuple[str, ...]] = {
    "BioFabUSA": ("5.5", "4.5", "4.1.9", "4.3.34"),
    "BioMADE": ("5.5", "5.6", "4.2.8", "4.1.8"),
    "NIIMBL": ("5.6", "4.5", "4.6", "4.2.4"),
    "America Makes": ("5.1", "4.1.2", "4.1.3", "4.2.9"),
    "ARM Institute": ("4.2.6", "4.3.27", "4.3.20", "5.2.1"),
    "CESMII": ("5.2", "5.3", "4.2.11"),
    "CyManII": ("5.4", "5.3.3", "5.3.4"),
    "MxD": ("5.2.2", "5.4", "5.3.2", "4.4"),
    "AIM Photonics": ("4.1.3", "4.3.34", "4.2.4"),
    "NextFlex": ("4.1.2", "4.3.5", "4.3.33"),
    "PowerAmerica": ("4.3.4", "4.3.29", "4.5.12"),
    "SMART USA": ("5.3.2", "4.1.7"),
    "EPIXC": ("4.2.8", "4.2.1", "5.2.3"),
    "RAPID": ("4.2.8", "4.1.2", "4.2.2"),
    "REMADE": ("4.1.5", "4.2.3", "4.4"),
    "AFFOA": ("4.2.7", "4.5.5", "5.7.1"),
    "IACMI": ("4.1.3", "4.2.3", "5.7"),
    "LIFT": ("4.3", "4.2.9", "4.2.3"),
}


def prefix_value(table: Mapping[str, _V], code: str) -> _V | None:
    """The entry of `table` for the longest code prefix of `code` (None when there is none)."""
    parts = code.split(".")
    for n in range(len(parts), 0, -1):
        key = ".".join(parts[:n])
        if key in table:
            return table[key]
    return None

# Plausibility: occupation titles an institute's field makes it likely to select, most likely
# first. The report prints only four titles (its most frequently selected); every other title
# here is an O*NET 29.2 occupation title, so its SOC code comes from O*NET's Occupation Data.
# `occupations.choose_titles` picks each institute's selections from its list so that the
# published occupation counts hold.
OCCUPATION_CANDIDATES: dict[str, tuple[str, ...]] = {
    "BioFabUSA": (
        "Bioengineers and Biomedical Engineers", "Biological Technicians", "Process Engineers",
        "Molecular and Cellular Biologists", "Quality Control Analysts", "Mechanical Engineers",
        "Medical Scientists, Except Epidemiologists", "Biochemists and Biophysicists",
        "Medical Equipment Repairers", "Regulatory Affairs Specialists",
        "Clinical Research Coordinators",
    ),
    "BioMADE": (
        "Process Engineers", "Microbiologists", "Biochemists and Biophysicists",
        "Chemical Engineers", "Biological Technicians", "Bioinformatics Scientists",
        "Biofuels Production Managers", "Chemical Equipment Operators and Tenders",
        "Food Scientists and Technologists", "Chemical Technicians",
        "Biofuels/Biodiesel Technology and Product Development Managers",
        "Separating, Filtering, Clarifying, Precipitating, and Still Machine Setters, "
        "Operators, and Tenders",
    ),
    "NIIMBL": (
        "Process Engineers", "Quality Control Analysts", "Biological Technicians",
        "Validation Engineers", "Chemical Engineers", "Microbiologists",
        "Regulatory Affairs Specialists", "Mixing and Blending Machine Setters, Operators, and "
        "Tenders", "Chemists", "Quality Control Systems Managers", "Industrial Production "
        "Managers", "Biochemists and Biophysicists",
    ),
    "America Makes": (
        "Mechanical Engineers", "Materials Scientists", "Manufacturing Engineers",
        "Computer Numerically Controlled Tool Operators", "Machinists",
        "Computer Numerically Controlled Tool Programmers", "Materials Engineers",
        "Mechanical Engineering Technologists and Technicians", "Non-Destructive Testing "
        "Specialists", "Aerospace Engineers", "Model Makers, Metal and Plastic",
    ),
    "ARM Institute": (
        "Robotics Engineers", "Robotics Technicians", "Mechanical Engineers",
        "Electrical Engineers", "Electro-Mechanical and Mechatronics Technologists and "
        "Technicians", "Mechatronics Engineers", "Software Developers", "Industrial Engineers",
        "Industrial Machinery Mechanics", "Computer Numerically Controlled Tool Programmers",
        "Welding, Soldering, and Brazing Machine Setters, Operators, and Tenders",
    ),
    "CESMII": (
        "Industrial Engineers", "Software Developers", "Data Scientists", "Process Engineers",
        "Computer Systems Analysts", "Electrical Engineers", "Industrial Production Managers",
        "Database Architects", "Computer Systems Engineers/Architects",
        "Industrial Engineering Technologists and Technicians",
    ),
    "CyManII": (
        "Information Security Analysts", "Information Security Engineers",
        "Penetration Testers", "Software Developers", "Network and Computer Systems "
        "Administrators", "Computer Network Architects", "Digital Forensics Analysts",
        "Electrical Engineers", "Computer Hardware Engineers",
    ),
    "MxD": (
        "Industrial Engineers", "Data Scientists", "Information Security Analysts",
        "Manufacturing Engineers", "Supply Chain Managers", "Software Developers",
        "Computer Systems Analysts", "Logistics Analysts", "Industrial Production Managers",
        "Quality Control Systems Managers", "Computer Network Support Specialists",
        "Mechanical Engineers",
    ),
    "AIM Photonics": (
        "Photonics Engineers", "Photonics Technicians", "Electrical Engineers",
        "Process Engineers", "Semiconductor Processing Technicians", "Physicists",
        "Materials Scientists",
        "Electronics Engineers, Except Computer", "Microsystems Engineers",
        "Calibration Technologists and Technicians", "Quality Control Analysts",
    ),
    "NextFlex": (
        "Electrical Engineers", "Electronics Engineers, Except Computer",
        "Electrical and Electronic Engineering Technologists and Technicians",
        "Materials Scientists", "Process Engineers", "Electrical and Electronic Equipment "
        "Assemblers", "Printing Press Operators", "Mechanical Engineers", "Chemists",
        "Quality Control Analysts", "Electrical and Electronics Drafters",
    ),
    "PowerAmerica": (
        "Electrical Engineers", "Electronics Engineers, Except Computer",
        "Semiconductor Processing Technicians",
        "Electrical and Electronic Engineering Technologists and Technicians",
        "Process Engineers", "Materials Scientists", "Energy Engineers, Except Wind and Solar",
        "Electrical and Electronics Repairers, Commercial and Industrial Equipment",
        "Physicists",
    ),
    "SMART USA": (
        "Process Engineers", "Semiconductor Processing Technicians", "Data Scientists",
        "Computer Hardware Engineers", "Industrial Engineers", "Electrical Engineers",
        "Software Developers", "Microsystems Engineers",
    ),
    "EPIXC": (
        "Process Engineers", "Energy Engineers, Except Wind and Solar", "Electrical Engineers",
        "Mechanical Engineers", "Chemical Engineers", "Industrial Engineers",
        "Heat Treating Equipment Setters, Operators, and Tenders, Metal and Plastic",
        "Electrical and Electronics Repairers, Powerhouse, Substation, and Relay",
        "Boilermakers", "Sustainability Specialists",
    ),
    "RAPID": (
        "Process Engineers", "Chemical Engineers", "Chemical Plant and System Operators",
        "Chemical Technicians", "Mechanical Engineers", "Chemists", "Industrial Engineers",
        "Chemical Equipment Operators and Tenders", "Petroleum Pump System Operators, "
        "Refinery Operators, and Gaugers", "Control and Valve Installers and Repairers, Except "
        "Mechanical Door", "Health and Safety Engineers, Except Mining Safety Engineers and "
        "Inspectors",
    ),
    "REMADE": (
        "Materials Scientists", "Process Engineers", "Environmental Engineers",
        "Materials Engineers", "Industrial Ecologists", "Sustainability Specialists",
        "Recycling Coordinators", "Chemical Engineers", "Mechanical Engineers",
        "Refuse and Recyclable Material Collectors", "Metal-Refining Furnace Operators and "
        "Tenders",
    ),
    "AFFOA": (
        "Textile Knitting and Weaving Machine Setters, Operators, and Tenders",
        "Materials Scientists", "Fashion Designers", "Electrical Engineers",
        "Materials Engineers", "Textile Cutting Machine Setters, Operators, and Tenders",
        "Sewing Machine Operators", "Mechanical Engineers", "Industrial Engineers",
        "Quality Control Analysts", "Textile Winding, Twisting, and Drawing Out Machine "
        "Setters, Operators, and Tenders",
    ),
    "IACMI": (
        "Materials Engineers", "Materials Scientists", "Process Engineers",
        "Fiberglass Laminators and Fabricators", "Mechanical Engineers",
        "Chemical Engineers", "Non-Destructive Testing Specialists",
        "Molding, Coremaking, and Casting Machine Setters, Operators, and Tenders, Metal and "
        "Plastic", "Mechanical Engineering Technologists and Technicians",
        "Quality Control Analysts", "Automotive Engineers",
    ),
    "LIFT": (
        "Mechanical Engineers", "Materials Engineers", "Welders, Cutters, Solderers, and "
        "Brazers", "Machinists", "Process Engineers", "Metal-Refining Furnace Operators and "
        "Tenders", "Materials Scientists", "Manufacturing Engineers", "Forging Machine Setters, "
        "Operators, and Tenders, Metal and Plastic", "Heat Treating Equipment Setters, "
        "Operators, and Tenders, Metal and Plastic", "Aerospace Engineers", "Tool and Die Makers",
    ),
}

# Plausibility: the kind of work an occupation does, by the start of its SOC code (longest
# match wins; a title without a SOC code is an engineer's: the report's "Process Engineers").
ROLE_BY_SOC: dict[str, str] = {
    "11": "management", "13": "management", "15": "computing", "17-2": "engineering",
    "17-3": "technician", "19-1": "science", "19-2": "science", "19-4": "technician",
    "27": "engineering", "47": "production", "49": "maintenance", "51": "production",
    "53": "production",
}
# ... and the kinds of work that a competency's KSAs suit most (code prefix, longest wins).
ROLES_BY_CODE: dict[str, tuple[str, ...]] = {
    "4.1": ("engineering", "science"),
    "4.2": ("production", "technician", "management"),
    "4.3": ("maintenance", "technician", "production"),
    "4.4": ("management", "production"),
    "4.5": ("technician", "science", "management"),
    "4.6": ("production", "maintenance", "technician"),
    "5.1": ("engineering", "technician", "production"),
    "5.2": ("engineering", "computing"),
    "5.3": ("computing", "engineering"),
    "5.4": ("computing",),
    "5.5": ("science", "technician"),
    "5.6": ("production", "technician", "science"),
    "5.7": ("science", "engineering"),
}
