"""Build step of the wheel; the metadata is in pyproject.toml.

The rule files (`rules/`) and the example cases (`cases/`) live at the top of the source tree,
where the law's layout and the README put them. A wheel must carry them all the same, so that an
installed `compliance check` finds its rules and its default case: this build step copies both
folders into the package, as `compliance/_bundled/rules` and `compliance/_bundled/cases`
(compliance/resources.py looks there first). An editable install (`make install`) copies
nothing: it reads the folders of the checkout.
"""

from __future__ import annotations

import os
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py

SHIPPED_FOLDERS = ("rules", "cases")  # top-level folders carried by the wheel
SHIPPED_FILES = ("*.yaml", "*.yml", "*.md", "*.csv")


class build_py_with_project_files(build_py):  # noqa: N801 - setuptools command naming
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        here = os.path.dirname(os.path.abspath(__file__))
        for folder in SHIPPED_FOLDERS:
            target = os.path.join(self.build_lib, "compliance", "_bundled", folder)
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(os.path.join(here, folder), target,
                            ignore=lambda d, names: [n for n in names if _ignored(os.path.join(d, n))])


def _ignored(path: str) -> bool:
    import fnmatch

    if os.path.isdir(path):
        return os.path.basename(path) in ("__pycache__",) or os.path.basename(path).startswith(".")
    return not any(fnmatch.fnmatch(os.path.basename(path), pattern) for pattern in SHIPPED_FILES)


setup(cmdclass={"build_py": build_py_with_project_files})
