"""Build hook: the wheel carries a copy of `site_templates/` and `mkdocs.yml` (the province's
customisable site files, kept at the top of the repository) and of `docs/` (the documentation the
site's «Hướng dẫn» section shows) in `generator/_bundled/`, so that an installed `nhiemvu build`
works from any folder. Everything else is in pyproject.toml."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
SITE_FILES = ("site_templates", "mkdocs.yml", "docs")


class BuildPyWithSiteFiles(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads them from the checkout itself
        target = Path(self.build_lib) / "generator" / "_bundled"
        for name in SITE_FILES:
            source, dest = HERE / name, target / name
            if source.is_dir():
                shutil.copytree(source, dest, dirs_exist_ok=True)
            elif source.is_file():
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, dest)


setup(cmdclass={"build_py": BuildPyWithSiteFiles})
