"""Walk every live object to look for reference cycles ten times less often.

CPython looks for cycles among new objects after every 700 of them and, after ten of
those looks among the older ones, walks every object alive. Reading and checking a
very wide file (Excel's widest sheet has 16,384 columns) makes hundreds of thousands
of small objects (pandas' block, array and bookkeeping per column), so the whole heap
was walked again and again: a third of such a file's reading and check (`bench.wide`:
0.89–1.06 s, 0.65–0.68 s once those walks come ten times less often). The looks
among new objects stay as CPython makes them: larger steps there made an edit's
re-check slower (`bench.interactive`'s edits). Set once when the engine is imported,
like `_allocator`; a program that chose its own thresholds keeps them.
"""

import gc

#: CPython's own thresholds: nobody chose others.
_PYTHONS = (700, 10, 10)

if gc.get_threshold() == _PYTHONS:
    gc.set_threshold(700, 10, 100)
