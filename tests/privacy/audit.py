"""Running a Python process with its writes recorded (see write_audit/sitecustomize.py)
in fresh, empty temporary and home folders."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from tests.privacy.canary import TOKEN, leaking_files

ROOT = Path(__file__).parents[2]
HOOK_FOLDER = Path(__file__).parent / "write_audit"


@dataclass(frozen=True)
class Sandbox:
    """Fresh folders for one process: its TMPDIR, its HOME, and the audit log."""

    tmp: Path
    home: Path
    log: Path

    @classmethod
    def under(cls, folder: Path) -> Sandbox:
        tmp, home = folder / "tmp", folder / "home"
        tmp.mkdir(parents=True)
        home.mkdir(parents=True)
        return cls(tmp=tmp, home=home, log=folder / "writes.log")

    def environment(self, **extra: str) -> dict[str, str]:
        """The current environment with the temporary folder and home redirected, the
        audit hook loaded, bytecode caches off (Python writing its own .pyc files is
        not a leak, but would clutter the record) and every warning printed."""
        path = os.pathsep.join(p for p in (str(HOOK_FOLDER), str(ROOT),
                                           os.environ.get("PYTHONPATH", "")) if p)
        return {**os.environ, "TMPDIR": str(self.tmp), "TEMP": str(self.tmp),
                "TMP": str(self.tmp), "HOME": str(self.home), "PYTHONPATH": path,
                "PREFLIGHT_WRITE_AUDIT": str(self.log), "PYTHONDONTWRITEBYTECODE": "1",
                "PYTHONWARNINGS": "always", **extra}

    def writes(self) -> list[tuple[str, Path]]:
        """(event, resolved path) of everything the process wrote, in order."""
        if not self.log.exists():
            return []
        lines = self.log.read_text("utf-8").splitlines()
        return [(event, Path(path).resolve()) for event, path in
                (line.split("\t", 1) for line in lines)]

    def left_behind(self) -> list[Path]:
        """Files and folders left in the temporary folder and the home."""
        return sorted([*self.tmp.rglob("*"), *self.home.rglob("*")])

    def leaking(self, token: str = TOKEN) -> list[Path]:
        return leaking_files(self.tmp, token) + leaking_files(self.home, token)
