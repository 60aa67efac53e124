"""The person's changes on the Fix page, kept as a log that can be undone and redone.

A person corrects a file in small steps: a few cells typed, a fix switched off, a
column left out of the corrected file. Each of them must be reversible, in any order,
or a wrong click loses work that nobody can see was lost. So the steps are not applied
to a state kept on the side: they are the state. `ChangeLog` holds every change in the
order it was made and a cursor; what the changes amount to (the edits the chain
applies, the fixes switched off, the columns left out) is always derived by replaying
the changes in effect from the file as uploaded. Undo, redo, "undo this one" and
reset therefore cannot drift from what a replay gives; the property tests say so.

History is linear, as in any editor: undo moves the cursor back, redo forward, and a
new change drops whatever could have been redone. Two operations are entries of the
log themselves, so that Undo reverses them like any change:

- `undo_one(i)` withdraws the i-th change in effect from the middle of the list (a
  `Withdrawal`): the result is exactly the replay of all the others, later edits of
  the same cell included; Undo brings the change back in its place.
- `reset()` returns to the file as uploaded (a `Reset`): no edit, every fix on, no
  column choice; Undo brings everything back.

Cells are named by spreadsheet row number and column *position*, as everywhere in the
engine (headers can repeat, positions cannot). The log holds cell values: it belongs
in the session's memory only, like the table it edits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from checks.model.table import Table

__all__ = ["Change", "ChangeLog", "ChangeEffect", "ColumnChoice", "CellEdit", "FixSwitch",
           "Reset", "Withdrawal", "edit_change", "replay"]


@dataclass(frozen=True)
class CellEdit:
    """A cell typed by hand: the text it showed (`before`) and the text typed."""

    row: int
    position: int
    before: str
    after: str


@dataclass(frozen=True)
class FixSwitch:
    """A safe fix switched on or off."""

    fix: str
    on: bool


@dataclass(frozen=True)
class ColumnChoice:
    """A column left out of the corrected file, or kept in it."""

    position: int
    left_out: bool


Step = CellEdit | FixSwitch | ColumnChoice


@dataclass(frozen=True)
class Change:
    """One thing the person did, undone as a whole: the cells of one edit of the grid
    (a paste can change several at once), or the fixes or columns of one choice."""

    steps: tuple[Step, ...]

    @property
    def cells(self) -> tuple[CellEdit, ...]:
        return tuple(step for step in self.steps if isinstance(step, CellEdit))

    @property
    def switches(self) -> tuple[FixSwitch, ...]:
        return tuple(step for step in self.steps if isinstance(step, FixSwitch))

    @property
    def columns(self) -> tuple[ColumnChoice, ...]:
        return tuple(step for step in self.steps if isinstance(step, ColumnChoice))


@dataclass(frozen=True)
class Reset:
    """Back to the file as uploaded: every change before it stops counting."""


@dataclass(frozen=True)
class Withdrawal:
    """"Undo this one": the change at `entry` (an index of `ChangeLog.entries`) stops
    counting, the others stay."""

    entry: int


Entry = Change | Reset | Withdrawal


@dataclass(frozen=True)
class ChangeEffect:
    """What a list of changes amounts to, replayed from the file as uploaded."""

    edits: Mapping[tuple[int, int], str]   # {(row, position): text}, the last edit wins
    fixes_off: frozenset[str]
    columns: Mapping[int, bool]            # {position: left out?}, the last choice wins

    def left_out(self, default: Iterable[int] = ()) -> frozenset[int]:
        """The columns left out of the corrected file: `default` (the columns ignored
        on the check page) with the person's choices on top, so a column chosen for
        neither stays as the default says."""
        chosen_out = {position for position, out in self.columns.items() if out}
        chosen_in = {position for position, out in self.columns.items() if not out}
        return frozenset((set(default) - chosen_in) | chosen_out)


def replay(changes: Iterable[Change]) -> ChangeEffect:
    """The effect of `changes`, applied in order from the file as uploaded."""
    edits: dict[tuple[int, int], str] = {}
    off: set[str] = set()
    columns: dict[int, bool] = {}
    for change in changes:
        for step in change.steps:
            if isinstance(step, CellEdit):
                edits[(step.row, step.position)] = step.after
            elif isinstance(step, FixSwitch):
                (off.discard if step.on else off.add)(step.fix)
            else:
                columns[step.position] = step.left_out
    return ChangeEffect(edits, frozenset(off), columns)


@dataclass(frozen=True)
class ChangeLog:
    """Every change made to one file, in order, and how many entries are in effect
    (the rest can be redone). Each operation returns a new log."""

    entries: tuple[Entry, ...] = ()
    cursor: int = 0

    # ── operations ──

    def record(self, change: Change) -> ChangeLog:
        """`change` made now; a change without steps changes nothing."""
        if not change.steps:
            return self
        return self._then(change)

    def with_edits(self, table: Table, typed: Mapping[tuple[int, int], str]) -> ChangeLog:
        """`typed` ({(row, position): text}) typed into `table` (the cells as the grid
        showed them), as one change."""
        return self.record(edit_change(table, typed))

    def with_fixes_off(self, names: Iterable[str]) -> ChangeLog:
        """`names` switched off and every other fix on, as one change of the fixes
        whose state differs (none: nothing recorded)."""
        wanted = frozenset(names)
        return self.record(Change(tuple(FixSwitch(name, on=name not in wanted)
                                        for name in sorted(self.fixes_off ^ wanted))))

    def with_left_out(self, positions: Iterable[int], default: Iterable[int] = ()) -> ChangeLog:
        """Exactly `positions` left out of the corrected file, as one change of the
        columns whose choice differs; `default` as for `left_out`."""
        wanted = frozenset(positions)
        return self.record(Change(tuple(ColumnChoice(position, left_out=position in wanted)
                                        for position in sorted(self.left_out(default) ^ wanted))))

    def undo(self) -> ChangeLog:
        return ChangeLog(self.entries, self.cursor - 1) if self.can_undo else self

    def redo(self) -> ChangeLog:
        return ChangeLog(self.entries, self.cursor + 1) if self.can_redo else self

    def undo_one(self, index: int) -> ChangeLog:
        """Withdraw the `index`-th change of `changes` (IndexError if there is none):
        the others stay, as if it had never been made."""
        if not 0 <= index < len(self.in_effect):
            raise IndexError(f"no change {index} to undo")
        return self._then(Withdrawal(self.in_effect[index]))

    def reset(self) -> ChangeLog:
        """Back to the file as uploaded (undoable); nothing to do when already there."""
        return self._then(Reset()) if self.in_effect else self

    def _then(self, entry: Entry) -> ChangeLog:
        return ChangeLog((*self.entries[:self.cursor], entry), self.cursor + 1)

    # ── what can be done ──

    @property
    def can_undo(self) -> bool:
        return self.cursor > 0

    @property
    def can_redo(self) -> bool:
        return self.cursor < len(self.entries)

    @property
    def next_undo(self) -> Entry | None:
        """What Undo would reverse."""
        return self.entries[self.cursor - 1] if self.can_undo else None

    @property
    def next_redo(self) -> Entry | None:
        """What Redo would make again."""
        return self.entries[self.cursor] if self.can_redo else None

    @property
    def just_reset(self) -> bool:
        """Whether the last thing done was a reset (the page says Undo brings it all
        back)."""
        return isinstance(self.next_undo, Reset)

    def withdrawn(self, withdrawal: Withdrawal) -> Change:
        """The change a withdrawal takes back."""
        entry = self.entries[withdrawal.entry]
        assert isinstance(entry, Change)  # only changes are ever withdrawn
        return entry

    # ── what the changes amount to ──

    @cached_property
    def in_effect(self) -> tuple[int, ...]:
        """The entry indexes of the changes in effect, in order: those up to the
        cursor, after the last reset in effect, not withdrawn."""
        kept: list[int] = []
        for index, entry in enumerate(self.entries[:self.cursor]):
            if isinstance(entry, Reset):
                kept = []
            elif isinstance(entry, Withdrawal):
                kept.remove(entry.entry)
            else:
                kept.append(index)
        return tuple(kept)

    @property
    def changes(self) -> tuple[Change, ...]:
        """The changes in effect, oldest first: the list a person can undo one by one."""
        changes = []
        for index in self.in_effect:
            entry = self.entries[index]
            assert isinstance(entry, Change)
            changes.append(entry)
        return tuple(changes)

    @cached_property
    def effect(self) -> ChangeEffect:
        return replay(self.changes)

    @property
    def edits(self) -> dict[tuple[int, int], str]:
        """The cells typed by hand, {(row, position): text}: what the chain applies."""
        return dict(self.effect.edits)

    @property
    def fixes_off(self) -> frozenset[str]:
        return self.effect.fixes_off

    def left_out(self, default: Iterable[int] = ()) -> frozenset[int]:
        """The columns left out of the corrected file (see `ChangeEffect.left_out`)."""
        return self.effect.left_out(default)


def edit_change(table: Table, typed: Mapping[tuple[int, int], str]) -> Change:
    """The change of typing `typed` ({(row, position): text}) into `table`, each cell
    with the text it showed before; cells typed with the text they hold are not
    changes. Runs on the few cells of one edit of the grid, not on the table."""
    steps = []
    for (row, position), after in sorted(typed.items()):
        before = table.data.at[row, position]
        before = "" if before is None or before != before else str(before)  # NaN: empty
        if before != after:
            steps.append(CellEdit(int(row), int(position), before, after))
    return Change(tuple(steps))
