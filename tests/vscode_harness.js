// Loads the built VS Code extension with stand-ins for the `vscode` API and the language
// client, activates it, and prints (JSON) how it would start the server. Used by test_vscode.py.
const Module = require("module");
const settings = JSON.parse(process.argv[3] || "{}");
const seen = { watchers: [], commands: [] };
const vscode = {
  workspace: {
    getConfiguration: () => ({ get: (key, fallback) => (key in settings ? settings[key] : fallback) }),
    createFileSystemWatcher: (glob) => { seen.watchers.push(glob); return { glob }; },
  },
  window: { showErrorMessage: (message) => { seen.error = message; } },
  commands: { registerCommand: (name) => { seen.commands.push(name); return { dispose() {} }; } },
};
class LanguageClient {
  constructor(id, name, server, client) {
    seen.id = id;
    seen.server = server;
    seen.selector = client.documentSelector;
  }
  start() { seen.started = true; return Promise.resolve(); }
  stop() { return Promise.resolve(); }
}
const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === "vscode") return vscode;
  if (request === "vscode-languageclient/node") return { LanguageClient };
  return load.call(this, request, parent, isMain);
};
require(process.argv[2])
  .activate({ subscriptions: [] })
  .then(() => process.stdout.write(JSON.stringify(seen)));
