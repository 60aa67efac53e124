"""Text helpers every step uses: vectorised column text, formula-like cells, one-line
terminal text and counted nouns.
"""
