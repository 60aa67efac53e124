"""What a grid shows of a large file: pages of rows, and of a file of many columns,
windows of its columns (issue 20: a 16,384-column file must not cost the pages a
widget or a styled column per column)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from checks.i18n import use_language
from checks.views.paging import (
    MANY_COLUMNS,
    WINDOW,
    ColumnWindow,
    is_wide,
    shown_positions,
    windows,
)


@given(st.integers(1, 20_000))
def test_windows_cover_every_column_once_in_order(width: int) -> None:
    covered = [position for window in windows(width)
               for position in range(window.start, window.stop)]
    assert covered == list(range(width))
    assert all(0 < window.stop - window.start <= WINDOW for window in windows(width))


def test_a_window_is_named_by_its_letters_and_numbers() -> None:
    last = windows(16_384)[-1]
    assert last == ColumnWindow(16_350, 16_384)
    assert last.label == "Columns XDW–XFD (16,351 to 16,384)"
    with use_language("fr"):
        assert windows(16_384)[0].label == "Colonnes A–AX (1 à 50)"


@given(st.integers(0, MANY_COLUMNS))
def test_a_usual_file_is_shown_whole(width: int) -> None:
    assert not is_wide(width)
    assert shown_positions(width, None, {0, 1}) == list(range(width))


@given(st.integers(MANY_COLUMNS + 1, 20_000), st.data())
def test_a_wide_file_shows_a_window_or_the_columns_chosen(width: int,
                                                          data: st.DataObject) -> None:
    assert is_wide(width)
    assert shown_positions(width, None) == list(range(min(WINDOW, width)))
    window = data.draw(st.sampled_from(windows(width)))
    assert shown_positions(width, window) == list(range(window.start, window.stop))
    chosen = data.draw(st.sets(st.integers(-3, width + 3), min_size=1, max_size=80))
    shown = shown_positions(width, window, chosen)
    inside = sorted(position for position in chosen if 0 <= position < width)
    assert shown == inside[:WINDOW]  # the file's order, at most a window's worth
