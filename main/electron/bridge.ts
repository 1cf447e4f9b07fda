// Runs in the sandboxed preload: puts exactly the contract's methods on window.outreach.
// Lives here because it imports 'electron'; preload/index.ts only passes it the contract.
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNEL } from './channel.ts';

export function exposeApi(methodNames: readonly string[]): void {
  const api: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const method of methodNames) {
    api[method] = (input: unknown) => ipcRenderer.invoke(IPC_CHANNEL, method, input);
  }
  contextBridge.exposeInMainWorld('outreach', Object.freeze(api));
}
