"""A plan file loaded and checked: load, the rules and their policy, what one file yields
(FileResult, cached by blob id), many files at once (scan), and `ipcli lint` as a call.
"""
