-- Neovim 0.10 and newer: start `ipcli lsp` for the YAML files of a plans repository
-- (0.7-0.9: init-0.7.lua beside this file). Use with nvim -u this-file, or copy it into your init.lua.
-- One server per repository (the folder holding ipcli.toml, found upward from the file), shared by
-- every plan opened in it; YAML files outside a plans repository get no server, and the server
-- itself answers only the files ipcli.toml names as plans (not docker-compose.yml beside them).
vim.o.number = true
vim.o.signcolumn = "yes"
vim.diagnostic.config({ virtual_text = true, severity_sort = true })

vim.api.nvim_create_autocmd("FileType", {
  pattern = "yaml",
  callback = function(args)
    local root = vim.fs.root(args.buf, "ipcli.toml")
    if root == nil then
      return -- not in a plans repository
    end
    vim.lsp.start({
      name = "ipcli",
      cmd = { "ipcli", "lsp" }, -- add "--today", "2026-11-23" to try it with a fixed date
      root_dir = root,
      -- with yamlls as well, turn its validation off there: settings = { yaml = { validate = false } }
    }, {
      bufnr = args.buf,
      -- the running server of this repository, whatever else another config would compare
      reuse_client = function(client, config)
        return client.name == config.name and client.config.root_dir == config.root_dir
      end,
    })
  end,
})

vim.api.nvim_create_autocmd("LspAttach", {
  callback = function(args)
    local client = vim.lsp.get_client_by_id(args.data.client_id)
    if client ~= nil and client.name == "ipcli" then
      -- hover is K and completion <C-x><C-o> by default; hints show the participants' names
      vim.lsp.inlay_hint.enable(true, { bufnr = args.buf })
    end
  end,
})
