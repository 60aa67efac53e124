"""The Fix page's change log: undo, redo, "undo this one" and reset always equal a
replay of the changes that remain, checked against a model written independently."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from checks import ChangeLog, read_table
from checks.fix.changes import (
    CellEdit,
    Change,
    ColumnChoice,
    FixSwitch,
    Reset,
    Withdrawal,
    edit_change,
)

# ── examples ────────────────────────────────────────────────────────────────────────

A1 = (2, 0)


def edit(row: int, position: int, after: str, before: str = "") -> Change:
    return Change((CellEdit(row, position, before, after),))


def test_a_later_edit_undone_gives_back_the_earlier_edit_not_the_original() -> None:
    log = ChangeLog().record(edit(2, 0, "first")).record(edit(2, 0, "second", "first"))
    assert log.edits == {A1: "second"}
    assert log.undo().edits == {A1: "first"}
    assert log.undo().undo().edits == {}
    assert log.undo().undo().redo().redo().edits == {A1: "second"}


def test_undo_this_one_keeps_the_others_in_their_order() -> None:
    log = (ChangeLog().record(edit(2, 0, "first")).record(edit(3, 1, "other"))
           .record(edit(2, 0, "second", "first")))
    assert log.undo_one(2).edits == {A1: "first", (3, 1): "other"}
    assert log.undo_one(0).edits == {A1: "second", (3, 1): "other"}
    assert log.undo_one(1).changes == (log.changes[0], log.changes[2])


def test_undo_brings_back_a_change_undone_on_its_own() -> None:
    log = ChangeLog().record(edit(2, 0, "a")).record(edit(3, 0, "b"))
    withdrawn = log.undo_one(0)
    assert withdrawn.edits == {(3, 0): "b"}
    assert isinstance(withdrawn.next_undo, Withdrawal)
    assert withdrawn.withdrawn(withdrawn.next_undo) == log.changes[0]
    assert withdrawn.undo().changes == log.changes
    assert withdrawn.undo().redo() == withdrawn


def test_reset_returns_to_the_file_as_uploaded_and_undo_brings_it_all_back() -> None:
    log = (ChangeLog().record(edit(2, 0, "a"))
           .with_fixes_off({"dates"}).with_left_out({4}))
    reset = log.reset()
    assert (reset.edits, reset.fixes_off, reset.left_out({1})) == ({}, frozenset(), {1})
    assert reset.changes == () and reset.just_reset and isinstance(reset.next_undo, Reset)
    assert reset.undo().changes == log.changes
    assert reset.reset() == reset  # nothing left to reset: nothing recorded


def test_a_new_change_drops_what_could_be_redone() -> None:
    log = ChangeLog().record(edit(2, 0, "a")).undo()
    assert log.can_redo
    again = log.record(edit(3, 0, "b"))
    assert not again.can_redo and again.edits == {(3, 0): "b"}


def test_nothing_to_undo_or_redo_changes_nothing() -> None:
    empty = ChangeLog()
    assert empty.undo() == empty and empty.redo() == empty
    assert empty.record(Change(())) == empty
    assert empty.next_undo is None and empty.next_redo is None
    with pytest.raises(IndexError):
        empty.undo_one(0)
    with pytest.raises(IndexError):
        ChangeLog().record(edit(2, 0, "a")).undo_one(-1)


def test_fixes_switch_as_one_change_of_what_differs() -> None:
    log = ChangeLog().with_fixes_off({"dates", "numbers"})
    assert log.fixes_off == {"dates", "numbers"}
    assert log.changes[0].switches == (FixSwitch("dates", False), FixSwitch("numbers", False))
    log = log.with_fixes_off({"numbers"})
    assert log.changes[-1].switches == (FixSwitch("dates", True),)
    assert log.with_fixes_off({"numbers"}) == log  # no difference: nothing recorded
    assert log.undo().fixes_off == {"dates", "numbers"}


def test_ignored_columns_are_left_out_unless_the_person_keeps_them() -> None:
    ignored = frozenset({3})
    log = ChangeLog()
    assert log.left_out(ignored) == {3}
    kept = log.with_left_out(set(), ignored)
    assert kept.changes[0].columns == (ColumnChoice(3, left_out=False),)
    assert kept.left_out(ignored) == set()
    assert kept.left_out({3, 5}) == {5}  # a column ignored later is left out at first
    both = kept.with_left_out({0}, ignored)
    assert both.left_out(ignored) == {0} and both.undo().left_out(ignored) == set()


def test_an_edit_knows_what_the_cell_showed() -> None:
    table = read_table(b"Customer name;Town\nAcme;Paris\n;Lyon\n", "f.csv")
    change = edit_change(table, {(2, 1): "Paris", (3, 0): "Beta", (2, 0): "Acme Inc"})
    assert change.cells == (CellEdit(2, 0, "Acme", "Acme Inc"), CellEdit(3, 0, "", "Beta"))
    log = ChangeLog().with_edits(table, {(2, 1): "Paris"})
    assert log == ChangeLog()  # typing what the cell holds is no change


# ── the property: any sequence equals the replay of what remains ────────────────────

@dataclass
class Model:
    """An independent model of the log: the whole list in effect after each operation,
    and which of those lists is current. No cursor arithmetic, no withdrawals."""

    lists: list[tuple[Change, ...]] = field(default_factory=lambda: [()])
    at: int = 0

    @property
    def current(self) -> tuple[Change, ...]:
        return self.lists[self.at]

    def push(self, changes: tuple[Change, ...]) -> None:
        self.lists = [*self.lists[:self.at + 1], changes]
        self.at += 1


def replayed(changes: tuple[Change, ...]) -> tuple[dict, frozenset, dict]:
    """Edits, fixes off and column choices, replayed naively step by step."""
    edits: dict = {}
    off: set = set()
    columns: dict = {}
    for change in changes:
        for step in change.steps:
            if isinstance(step, CellEdit):
                edits[(step.row, step.position)] = step.after
            elif isinstance(step, FixSwitch):
                if step.on:
                    off.discard(step.fix)
                else:
                    off.add(step.fix)
            else:
                columns[step.position] = step.left_out
    return edits, frozenset(off), columns


steps = st.one_of(
    st.builds(CellEdit, st.integers(2, 4), st.integers(0, 2), st.just(""),
              st.sampled_from(["a", "b", "", "c d"])),
    st.builds(FixSwitch, st.sampled_from(["dates", "numbers", "options"]), st.booleans()),
    st.builds(ColumnChoice, st.integers(0, 3), st.booleans()),
)
operations = st.lists(st.one_of(
    st.tuples(st.just("record"), st.lists(steps, min_size=1, max_size=3)),
    st.tuples(st.just("undo"), st.none()),
    st.tuples(st.just("redo"), st.none()),
    st.tuples(st.just("undo_one"), st.integers(0, 6)),
    st.tuples(st.just("reset"), st.none()),
), max_size=30)


@given(operations)
@example([("record", [FixSwitch("dates", False)]), ("record", [FixSwitch("numbers", False)]),
          ("undo_one", 0)])
def test_any_sequence_equals_replaying_the_remaining_changes(ops: list) -> None:
    log, model = ChangeLog(), Model()
    for name, argument in ops:
        if name == "record":
            change = Change(tuple(argument))
            log = log.record(change)
            model.push((*model.current, change))
        elif name == "undo":
            log = log.undo()
            model.at = max(model.at - 1, 0)
        elif name == "redo":
            log = log.redo()
            model.at = min(model.at + 1, len(model.lists) - 1)
        elif name == "undo_one":
            if argument >= len(model.current):
                continue
            log = log.undo_one(argument)
            model.push(model.current[:argument] + model.current[argument + 1:])
        elif model.current:  # reset, when there is something to reset
            log = log.reset()
            model.push(())
        assert log.changes == model.current
        edits, off, columns = replayed(model.current)
        assert (log.edits, log.fixes_off, dict(log.effect.columns)) == (edits, off, columns)
        assert log.can_undo == (model.at > 0)
        assert log.can_redo == (model.at < len(model.lists) - 1)


@given(operations, st.integers(0, 6))
def test_undo_this_one_equals_replaying_all_the_others(ops: list, index: int) -> None:
    log = ChangeLog()
    for name, argument in ops:
        if name == "record":
            log = log.record(Change(tuple(argument)))
        elif name in ("undo", "redo", "reset"):
            log = getattr(log, name)()
    if index >= len(log.changes):
        return
    others = log.changes[:index] + log.changes[index + 1:]
    assert replayed(log.undo_one(index).changes) == replayed(others)
    assert log.undo_one(index).undo().changes == log.changes
