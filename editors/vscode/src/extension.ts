// The ipcli extension: starts `ipcli lsp` (the language server) for the plan files of the
// workspace. Everything it shows comes from the server; this file only starts and stops it.
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

export function serverCommand(config: vscode.WorkspaceConfiguration): { command: string; args: string[] } {
  const words = config.get<string[]>("command", ["ipcli", "lsp"]);
  const [command, ...args] = words.length > 0 ? words : ["ipcli", "lsp"];
  const today = config.get<string>("today", "");
  return { command, args: today ? [...args, "--today", today] : args };
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration("ipcli");
  const { command, args } = serverCommand(config);
  const plans = config.get<string>("plans", "**/plans/**/*.{yaml,yml}");
  const serverOptions: ServerOptions = { command, args };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: "file", language: "yaml", pattern: plans }],
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
      `ipcli: the language server did not start (${command} ${args.join(" ")}). ` +
        "Install ipcli (pip install ipcli) or set ipcli.command to its full path.",
    );
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("ipcli.restart", async () => {
      await client?.stop();
      await start(context);
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
