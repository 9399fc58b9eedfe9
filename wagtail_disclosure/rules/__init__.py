"""Statutory and standard rules, one module per rule family.

Each module is free of Django models so it can be tested (and reused) on its own.
"""
