"""Reading the bytes a download button would serve, from an AppTest run.

AppTest (Streamlit 1.67) gives every run a fresh in-memory `MediaFileManager` and
drops it afterwards, and a lazy download button (`data` a callable) leaves only a
`deferred_file_id` in its element. `record_media` keeps each run's manager;
`download` then asks the last one to run the button's callable, exactly as the server
does when the button is clicked, and reads back the file it stored.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest
import streamlit.testing.v1.app_test as app_test
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest


class Download(NamedTuple):
    content: bytes
    file_name: str | None
    mime: str


def record_media(monkeypatch: pytest.MonkeyPatch) -> list[MediaFileManager]:
    """Make AppTest keep the media file manager of every run it starts from now on."""
    managers: list[MediaFileManager] = []

    class Recording(MediaFileManager):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            managers.append(self)

    monkeypatch.setattr(app_test, "MediaFileManager", Recording)
    return managers


def download(at: AppTest, key: str, managers: list[MediaFileManager]) -> Download:
    """What clicking the download button `key` of the last run would send."""
    assert managers, "record_media() must be called before the run"
    proto = at.download_button(key=key).proto
    manager = managers[-1]
    url = manager.execute_deferred(proto.deferred_file_id) if proto.deferred_file_id \
        else proto.url
    stored = manager._storage.get_file(url.rsplit("/", 1)[-1])  # noqa: SLF001
    return Download(stored.content, stored.filename, stored.mimetype)
