"""Fuzz tests: generated hostile input through every entry point (see budget.py)."""
