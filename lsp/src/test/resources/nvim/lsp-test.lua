-- Neovim (0.7, Debian 12) as the language server's client, for NeovimClientTest: started headless with this file as
-- its init (-u) and a Dockerfile as its argument. It starts the server with the built-in client (vim.lsp.start_client
-- and buf_attach_client: 0.7 has no vim.lsp.start), waits for diagnostics, applies the preferred quick fix for the
-- rule in JBUILD_FIX_RULE, formats, writes the buffer, waits for the last version's diagnostics, and writes what it saw
-- to JBUILD_NVIM_OUT: diagnostics-before, diagnostics-after, actions, and status ("ok" or what went wrong).
local out = os.getenv('JBUILD_NVIM_OUT')
local rule = os.getenv('JBUILD_FIX_RULE')
local cmd = vim.split(os.getenv('JBUILD_LSP_CMD'), '\n', { plain = true })
local wait_ms = 30000

local function write(name, text)
  local f = assert(io.open(out .. '/' .. name, 'w'))
  f:write(text)
  f:close()
end

local function code(d)
  local lsp = d.user_data and d.user_data.lsp
  return (lsp and lsp.code) or d.code or '?'
end

-- one line per diagnostic: code line:col-line:col (0-based, as LSP counts), sorted
local function dump(bufnr)
  local lines = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(lines, string.format('%s %d:%d-%d:%d', code(d), d.lnum, d.col, d.end_lnum, d.end_col))
  end
  table.sort(lines)
  return table.concat(lines, '\n') .. '\n'
end

local function has(bufnr, wanted)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if code(d) == wanted then
      return d
    end
  end
  return nil
end

-- the version of the last diagnostics the server published, to wait for those of the buffer's current version
local published = nil

local function run()
  local bufnr = vim.api.nvim_get_current_buf()
  local id = vim.lsp.start_client({
    name = 'jbuild',
    cmd = cmd,
    root_dir = vim.fn.expand('%:p:h'),
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
        published = result.version
        return vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
      end,
    },
  })
  if not id then
    return 'the client did not start'
  end
  vim.lsp.buf_attach_client(bufnr, id)
  if not vim.wait(wait_ms, function() return has(bufnr, rule) ~= nil end, 50) then
    return 'no ' .. rule .. ' diagnostic within ' .. wait_ms .. ' ms: ' .. dump(bufnr)
  end
  write('diagnostics-before', dump(bufnr))

  local client = vim.lsp.get_client_by_id(id)
  local d = has(bufnr, rule)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
    context = { diagnostics = {} },
  }
  local response = client.request_sync('textDocument/codeAction', params, wait_ms, bufnr)
  if not response or response.err or not response.result then
    return 'no code actions: ' .. vim.inspect(response)
  end
  local titles = {}
  local chosen = nil
  for _, action in ipairs(response.result) do
    table.insert(titles, action.title)
    if chosen == nil and action.isPreferred and action.diagnostics and action.diagnostics[1].code == rule then
      chosen = action
    end
  end
  write('actions', table.concat(titles, '\n') .. '\n')
  if not chosen then
    return 'no preferred quick fix for ' .. rule
  end
  vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)

  vim.lsp.buf.formatting_sync(nil, wait_ms)
  vim.cmd('write')

  if not vim.wait(wait_ms, function() return published == vim.lsp.util.buf_versions[bufnr] end, 50) then
    return 'no diagnostics for version ' .. tostring(vim.lsp.util.buf_versions[bufnr]) .. ' (last: '
      .. tostring(published) .. ')'
  end
  write('diagnostics-after', dump(bufnr))
  vim.lsp.stop_client(id)
  vim.wait(5000, function() return vim.lsp.get_client_by_id(id) == nil end, 50)
  return 'ok'
end

vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = function()
    local ok, result = pcall(run)
    write('status', ok and result or ('error: ' .. tostring(result)))
    vim.cmd('qall!')
  end,
})
