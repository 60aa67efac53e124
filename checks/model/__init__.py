"""The shared vocabulary of every step: the Table, Findings, the rule catalogue, Upflow's
columns, errors and limits.
"""
