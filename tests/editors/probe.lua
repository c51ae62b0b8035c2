-- Run by tests/test_editors.py inside `nvim --headless -u <config>`: opens the files named in
-- PROBE_FILES (one a line) in order, waits (with a deadline) until every plan among them
-- (PROBE_PLANS) has diagnostics, then a little longer for anything late, and writes what the
-- editor shows to PROBE_OUT as JSON: each file's diagnostics and attached clients, and the number
-- of ipcli servers. Always quits, also after an error, so the test never waits for a hung editor.
local function lines(name)
  local value = os.getenv(name) or ""
  return value == "" and {} or vim.split(value, "\n", { plain = true })
end

local function clients(buf)
  -- the ipcli clients (of one buffer, or all): get_clients is 0.10's; 0.7's get_active_clients
  -- takes no filter, and buf_get_clients is its per-buffer list
  local found = {}
  local all = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = buf })
    or (buf and vim.lsp.buf_get_clients(buf) or vim.lsp.get_active_clients())
  for _, client in pairs(all) do
    if client.name == "ipcli" then
      table.insert(found, client)
    end
  end
  return found
end

local function probe()
  local wait_ms = tonumber(os.getenv("PROBE_WAIT_MS") or "20000")
  local plans, bufs = {}, {}
  for _, plan in ipairs(lines("PROBE_PLANS")) do
    plans[plan] = true
  end
  for _, file in ipairs(lines("PROBE_FILES")) do
    vim.cmd("edit " .. vim.fn.fnameescape(file))
    bufs[file] = vim.api.nvim_get_current_buf()
  end
  local function ready()
    for file, buf in pairs(bufs) do
      if plans[file] and #vim.diagnostic.get(buf) == 0 then
        return false
      end
    end
    return true
  end
  local done = vim.wait(wait_ms, ready, 20)
  -- the server answers in order: anything for the other files came before the plans' findings;
  -- a short wait more covers its debounce
  vim.wait(400)
  local result = { ready = done, servers = #clients(nil), files = {} }
  for file, buf in pairs(bufs) do
    local seen = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      table.insert(seen, { lnum = d.lnum, code = d.code, message = d.message, severity = d.severity })
    end
    local attached = {}
    for _, client in ipairs(clients(buf)) do
      table.insert(attached, { name = client.name, id = client.id, root = client.config.root_dir })
    end
    result.files[file] = {
      filetype = vim.bo[buf].filetype,
      diagnostics = seen,
      clients = attached,
    }
  end
  return result
end

local ok, result = pcall(probe)
if not ok then
  result = { error = tostring(result) }
end
vim.fn.writefile({ vim.json.encode(result) }, os.getenv("PROBE_OUT"))
vim.cmd("qall!")
