"""Writing plans: edits spliced into the text at positions from the parse, recorded events,
a new repository or plan (`ipcli init`, `ipcli new`) and where its CI gets ipcli from.
"""
