"""The repository on disk and in git: finding it, listing its files, the per-file cache, locks,
commits, a plan's version, and files replaced whole or not at all.
"""
