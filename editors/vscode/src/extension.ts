// The ipcli extension: starts `ipcli lsp` (the language server) for plan files. Everything it
// shows comes from the server; this file only finds the plans and starts and stops the server.
//
// A plan is a YAML file that the ipcli.toml above it names in its `plans` globs (the same file
// the server and `ipcli lint` read; no setting here repeats it). The extension wakes for any
// YAML file, looks for an ipcli.toml in its folder and those above it, and starts one server
// for all the plans repositories found so far (the server tells them apart by their ipcli.toml).
import * as fs from "fs";
import * as path from "path";
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";

let client: LanguageClient | undefined;
let starting: Promise<void> = Promise.resolve();
const repositories = new Map<string, string[]>(); // folder holding ipcli.toml -> its plan globs

export const DEFAULT_PLANS = ["plans/**/*.yaml", "plans/**/*.yml"];
export const INSTALL_HINT =
  "Install ipcli from a clone of its repository as its README says " +
  "(python3 -m venv .venv && .venv/bin/pip install -c constraints.txt -e .), " +
  'then set ipcli.command to ["/path/to/ipcli/.venv/bin/ipcli", "lsp"].';

export function serverCommand(config: vscode.WorkspaceConfiguration): { command: string; args: string[] } {
  const words = config.get<string[]>("command", ["ipcli", "lsp"]);
  const [command, ...args] = words.length > 0 ? words : ["ipcli", "lsp"];
  const today = config.get<string>("today", "");
  return { command, args: today ? [...args, "--today", today] : args };
}

// The `plans = [...]` globs of an ipcli.toml (the default when it has none). A small reader for
// this one key: a list of strings, on one line or several.
export function planGlobs(toml: string): string[] {
  const found = /^\s*plans\s*=\s*\[([^\]]*)\]/m.exec(toml.replace(/#[^\n"']*$/gm, ""));
  if (!found) {
    return DEFAULT_PLANS;
  }
  const globs = [...found[1].matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2]);
  return globs.length > 0 ? globs : DEFAULT_PLANS;
}

// The folder holding the ipcli.toml nearest above a file, or undefined.
export function repositoryOf(file: string): string | undefined {
  let folder = path.dirname(file);
  for (;;) {
    if (fs.existsSync(path.join(folder, "ipcli.toml"))) {
      return folder;
    }
    const up = path.dirname(folder);
    if (up === folder) {
      return undefined;
    }
    folder = up;
  }
}

function selector(): LanguageClientOptions["documentSelector"] {
  const out = [];
  for (const [root, globs] of repositories) {
    const base = root.split(path.sep).join("/");
    for (const glob of globs) {
      out.push({ scheme: "file", language: "yaml", pattern: `${base}/${glob}` });
    }
  }
  return out;
}

async function start(): Promise<void> {
  const config = vscode.workspace.getConfiguration("ipcli");
  const { command, args } = serverCommand(config);
  const serverOptions: ServerOptions = { command, args };
  const clientOptions: LanguageClientOptions = {
    documentSelector: selector(),
    synchronize: {
      // plans changed on disk (a git pull, another editor): the checks across plans follow
      fileEvents: [
        vscode.workspace.createFileSystemWatcher("**/*.{yaml,yml}"),
        vscode.workspace.createFileSystemWatcher("**/ipcli.toml"),
      ],
    },
  };
  client = new LanguageClient("ipcli", "ipcli", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    void vscode.window.showErrorMessage(
      `ipcli: the language server did not start (${command} ${args.join(" ")}). ${INSTALL_HINT}`,
    );
  }
}

async function restart(): Promise<void> {
  const old = client;
  client = undefined;
  await old?.stop();
  if (repositories.size > 0) {
    await start();
  }
}

// A YAML file opened: when it is a plan of a repository not seen yet, the server is (re)started
// with that repository's plans in its selector.
function opened(document: vscode.TextDocument): Promise<void> {
  if (document.uri.scheme !== "file" || document.languageId !== "yaml") {
    return starting;
  }
  const root = repositoryOf(document.uri.fsPath);
  if (root === undefined || repositories.has(root)) {
    return starting;
  }
  let globs = DEFAULT_PLANS;
  try {
    globs = planGlobs(fs.readFileSync(path.join(root, "ipcli.toml"), "utf8"));
  } catch {
    // unreadable: the defaults, as the server does
  }
  repositories.set(root, globs);
  starting = starting.then(restart);
  return starting;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("ipcli.restart", async () => {
      starting = starting.then(restart);
      await starting;
    }),
    vscode.workspace.onDidOpenTextDocument((document) => void opened(document)),
    vscode.workspace.onDidSaveTextDocument((document) => {
      if (path.basename(document.uri.fsPath) === "ipcli.toml" && repositories.has(path.dirname(document.uri.fsPath))) {
        repositories.delete(path.dirname(document.uri.fsPath)); // read its globs again
        for (const open of vscode.workspace.textDocuments) {
          void opened(open);
        }
      }
    }),
  );
  for (const document of vscode.workspace.textDocuments) {
    await opened(document);
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
