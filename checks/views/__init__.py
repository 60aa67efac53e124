"""Presentation for the pages, without Streamlit: grid view models, dashboard figures,
match tables, definitions tables, admin policy.
"""
