"""Many plans at once, as rows: which plans a command is about (selection), the due report,
the plan list and the indicators for reporting upwards. `today` is always a parameter.
"""
