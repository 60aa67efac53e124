"""Everything any logger says, at DEBUG, and every warning, while a block runs."""

from __future__ import annotations

import logging
import traceback
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


class _Keep(logging.Handler):
    def __init__(self, texts: list[str]) -> None:
        super().__init__(logging.DEBUG)
        self.texts = texts

    def emit(self, record: logging.LogRecord) -> None:
        parts = [record.name, str(record.msg), repr(record.args)]
        try:
            parts.append(record.getMessage())
        except (TypeError, ValueError):  # a malformed record still counts as said
            pass
        if record.exc_info:
            parts.append("".join(traceback.format_exception(*record.exc_info)))
        if record.stack_info:
            parts.append(record.stack_info)
        self.texts.append(" ".join(parts))


@dataclass
class Said:
    """What was logged (one text per record: logger, message, arguments, traceback)
    and warned (category and message)."""

    logs: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def everything(self) -> str:
        return "\n".join([*self.logs, *self.warnings])


@contextmanager
def everything_said() -> Iterator[Said]:
    """Every logger that exists when the block starts set to DEBUG (and enabled), the
    root too, with one handler on the root and on each logger that does not pass its
    records up; every warning recorded rather than raised. All put back afterwards.
    Import what the block uses first, so its loggers exist."""
    said = Said()
    handler = _Keep(said.logs)
    root = logging.getLogger()
    loggers = [root, *(item for item in logging.root.manager.loggerDict.values()
                       if isinstance(item, logging.Logger))]
    saved = [(logger, logger.level, logger.disabled) for logger in loggers]
    attached = [logger for logger in loggers if logger is root or not logger.propagate]
    disabled_level = logging.root.manager.disable
    logging.disable(logging.NOTSET)
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.disabled = False
    for logger in attached:
        logger.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield said
        said.warnings.extend(f"{w.category.__name__}: {w.message} ({w.filename})"
                             for w in caught)
    finally:
        for logger in attached:
            logger.removeHandler(handler)
        for logger, level, disabled in saved:
            logger.setLevel(level)
            logger.disabled = disabled
        logging.disable(disabled_level)
