"""Formatters for results. One registry per kind of result, so a new format is one class."""
