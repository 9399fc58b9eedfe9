"""Importers of data from legacy disclosure systems."""
