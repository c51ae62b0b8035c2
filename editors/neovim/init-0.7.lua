-- Neovim 0.7-0.9: start `ipcli lsp` for the YAML files of a plans repository (0.10 and newer:
-- init.lua beside this file). Use with nvim -u this-file, or copy it into your init.lua.
-- One server per repository (the folder holding ipcli.toml), shared by every plan opened in it;
-- YAML files outside a plans repository get no server, and the server itself answers only the
-- files ipcli.toml names as plans (not docker-compose.yml or a CI workflow beside them).
vim.o.number = true
vim.o.signcolumn = "yes"
vim.o.completeopt = "menuone,noselect"
vim.diagnostic.config({ virtual_text = true, severity_sort = true })

local servers = {} -- repository folder -> client id

vim.api.nvim_create_autocmd("FileType", {
  pattern = "yaml",
  callback = function(args)
    local folder = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(args.buf), ":p:h")
    local config = vim.fn.findfile("ipcli.toml", folder .. ";")
    if config == "" then
      return -- not in a plans repository
    end
    local root = vim.fn.fnamemodify(config, ":p:h")
    local id = servers[root]
    if id == nil or vim.lsp.get_client_by_id(id) == nil then
      id = vim.lsp.start_client({
        name = "ipcli",
        cmd = { "ipcli", "lsp" }, -- add "--today", "2026-11-23" to try it with a fixed date
        root_dir = root,
      })
      servers[root] = id
    end
    vim.lsp.buf_attach_client(args.buf, id)
    vim.bo[args.buf].omnifunc = "v:lua.vim.lsp.omnifunc"
    vim.keymap.set("n", "K", vim.lsp.buf.hover, { buffer = args.buf })
  end,
})
