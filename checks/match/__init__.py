"""Matching two exports on a shared identifier."""
