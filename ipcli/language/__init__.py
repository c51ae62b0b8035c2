"""Words for people and dates as people type and read them: the message catalogue (nb, nn, da,
en), dates as each language writes them, days and lengths of time as typed. The bottom floor:
imports nothing else of ipcli but ipcli.errors.
"""
