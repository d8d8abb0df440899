"""Where the project's files are: the rule files, the example cases, the data, the templates.

In a checkout (and an editable install, `make install`) they are the folders of the source tree:
`rules/` and `cases/` at the top, `compliance/data/` and `compliance/report/templates/` in the
package. A wheel (`pip wheel .`) carries `rules/` and `cases/` inside the package, under
`compliance/_bundled/` (copied there by the build step in setup.py), and the package's own data
as package data. Every user of these paths asks this module.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
BUNDLED = PACKAGE / "_bundled"  # only in an installed wheel; never in the source tree
SOURCE_TREE = PACKAGE.parent
DEFAULT_CASE_NAME = "cremasco-2021.yaml"


def _top_level(name: str) -> Path:
    """A top-level folder of the project: the wheel's copy if there is one, else the checkout's."""
    shipped = BUNDLED / name
    return shipped if shipped.is_dir() else SOURCE_TREE / name


def rules_dir() -> Path:
    """The rule files (`rules/`: one file per rule version, ruleset.yaml, proroghe.yaml)."""
    return _top_level("rules")


def proroghe_file() -> Path:
    """The extensions of deadlines (`rules/proroghe.yaml`)."""
    return rules_dir() / "proroghe.yaml"


def cases_dir() -> Path:
    """The real plans transcribed as examples (`cases/`)."""
    return _top_level("cases")


def default_case() -> Path:
    """The plan judged when none is named: the Piano annuale 2021 of the Ambito Cremasco."""
    return cases_dir() / DEFAULT_CASE_NAME


def data_file(name: str) -> Path:
    """A file of the package's data (`compliance/data/`: the ISTAT comuni, the holidays)."""
    return PACKAGE / "data" / name


def templates_dir() -> Path:
    """The report templates (`compliance/report/templates/`)."""
    return PACKAGE / "report" / "templates"
