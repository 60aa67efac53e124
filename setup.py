"""The build step that compiles the translations (checks/i18n): each `.po` catalogue
becomes the `.mo` file gettext reads, in the built package (and beside the catalogue
for an editable install). Everything else is in pyproject.toml."""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithTranslations(build_py):
    def run(self) -> None:
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for source in Path("checks/i18n/locale").glob("*/LC_MESSAGES/*.po"):
            with source.open("rb") as handle:
                catalogue = read_po(handle)
            targets = [source.with_suffix(".mo")]
            if not self.editable_mode:
                targets.append(Path(self.build_lib) / source.with_suffix(".mo"))
            for target in targets:
                target.parent.mkdir(parents=True, exist_ok=True)
                with target.open("wb") as handle:
                    write_mo(handle, catalogue, use_fuzzy=False)


setup(cmdclass={"build_py": BuildWithTranslations})
