-- Driven by nvim_e2e_test.sh: Neovim's own LSP client (0.7 API, which later
-- versions keep) attaches `miglint lsp` to a migration, records the
-- diagnostics it receives, applies the "add CONCURRENTLY" quick fix at the
-- first flagged line and writes the file. Exit codes: 0 ok, 3 or more a failure.
local binary = os.getenv("MIGLINT_BINARY")
local file = os.getenv("E2E_FILE")
local out = os.getenv("E2E_DIAGNOSTICS")

local function fail(code, message)
  io.stderr:write("nvim_e2e: " .. message .. "\n")
  vim.cmd("cquit " .. code)
end

vim.cmd("edit " .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = "miglint",
  cmd = { binary, "lsp" },
  root_dir = vim.fn.fnamemodify(file, ":h"),
})
if not client_id then fail(3, "could not start miglint lsp") end
vim.lsp.buf_attach_client(buf, client_id)

if not vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50) then
  fail(4, "no diagnostics within 20 s")
end

local found = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  table.insert(found, string.format("%s %d", d.code, d.lnum + 1))
end
table.sort(found)
vim.fn.writefile(found, out)

-- The first flagged line, where the editor asks for code actions.
local first = math.huge
for _, d in ipairs(vim.diagnostic.get(buf)) do first = math.min(first, d.lnum) end
local client = vim.lsp.get_client_by_id(client_id)
local params = {
  textDocument = vim.lsp.util.make_text_document_params(buf),
  range = { start = { line = first, character = 0 }, ["end"] = { line = first, character = 0 } },
  context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf, first) },
}
local response, err = client.request_sync("textDocument/codeAction", params, 10000, buf)
if not response or response.err then fail(5, "codeAction failed: " .. vim.inspect(err or response.err)) end

local applied = false
for _, action in ipairs(response.result or {}) do
  if action.title == "miglint: add CONCURRENTLY" and action.edit then
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
    applied = true
    break
  end
end
if not applied then fail(6, "no `add CONCURRENTLY` action in " .. vim.inspect(response.result)) end

vim.cmd("write")
client.stop()
vim.cmd("qall!")
