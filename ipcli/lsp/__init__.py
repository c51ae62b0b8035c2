"""`ipcli lsp`: a language server for plan files, on the same loader, rules, deadline engine and
cache as the command line. Only the `lsp` command imports this package (pygls is not loaded by
any other command, so start-up stays fast).

Layers: `document` (one open plan, analysed from the editor's text) and `index` (the plans of
the repository, for the checks across plans) know nothing of the protocol; `features`,
`complete` and `actions` turn them into protocol answers; `server` wires them to pygls.
"""
