"""Validation: the schema built from the definitions, its value rules (cells/) and line
rules, and the adapter that turns failures into Findings.
"""
