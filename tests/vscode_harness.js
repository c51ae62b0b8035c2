// Loads the built VS Code extension with stand-ins for the `vscode` API and the language
// client, activates it, and prints (JSON) how it would start the server. Used by test_vscode.py.
const Module = require("module");
// argv: the built extension, its settings (JSON), the files open in the editor (JSON list of
// paths, each a YAML document); after activation, the next file opened (optional).
const settings = JSON.parse(process.argv[3] || "{}");
const open = JSON.parse(process.argv[4] || "[]");
const later = process.argv[5];
const seen = { watchers: [], commands: [], starts: 0 };
const listeners = [];
const doc = (file) => ({ uri: { scheme: "file", fsPath: file }, languageId: "yaml" });
const vscode = {
  workspace: {
    getConfiguration: () => ({ get: (key, fallback) => (key in settings ? settings[key] : fallback) }),
    createFileSystemWatcher: (glob) => { seen.watchers.push(glob); return { glob }; },
    textDocuments: open.map(doc),
    onDidOpenTextDocument: (listener) => { listeners.push(listener); return { dispose() {} }; },
    onDidSaveTextDocument: () => ({ dispose() {} }),
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
  start() { seen.started = true; seen.starts += 1; return Promise.resolve(); }
  stop() { return Promise.resolve(); }
}
const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === "vscode") return vscode;
  if (request === "vscode-languageclient/node") return { LanguageClient };
  return load.call(this, request, parent, isMain);
};
const extension = require(process.argv[2]);
extension
  .activate({ subscriptions: [] })
  .then(async () => {
    if (later) {
      listeners.forEach((listener) => listener(doc(later)));
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    process.stdout.write(JSON.stringify(seen));
  });
