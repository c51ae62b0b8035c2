-- Neovim 0.7-0.9: start `ipcli lsp` for YAML files (0.10 and newer: see the README). Use with
-- nvim -u this-file, or copy it into your init.lua.
vim.o.number = true
vim.o.signcolumn = "yes"
vim.o.completeopt = "menuone,noselect"
vim.diagnostic.config({ virtual_text = true, severity_sort = true })
vim.api.nvim_create_autocmd("FileType", {
  pattern = "yaml",
  callback = function(args)
    vim.bo[args.buf].omnifunc = "v:lua.vim.lsp.omnifunc"
    local id = vim.lsp.start_client({
      name = "ipcli",
      cmd = { "ipcli", "lsp" }, -- add "--today", "2026-11-23" to try it with a fixed date
      root_dir = vim.fn.getcwd(),
    })
    vim.lsp.buf_attach_client(args.buf, id)
    vim.keymap.set("n", "K", vim.lsp.buf.hover, { buffer = args.buf })
  end,
})
