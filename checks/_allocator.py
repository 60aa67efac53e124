"""Hand memory that pyarrow frees back to the system at once.

pyarrow allocates through mimalloc, which by default keeps freed pages for a while
before returning them. Reading a large CSV frees hundreds of megabytes of parsing
buffers that would then stay resident while the check allocates its own (numpy,
Python objects) elsewhere: a million-line check measured ~130 MB more peak memory
that way, for no gain in time. This must run before pyarrow is first imported, which
is why `checks/__init__.py` imports it first; a setting already in the environment
wins.
"""

import os

os.environ.setdefault("MIMALLOC_PURGE_DELAY", "0")
