// Wires the contract's dispatcher to IPC. Every message's sender frame is checked: only the
// app's own top-level page, in an app window, may call, never an iframe, a page that navigated
// elsewhere, or any other kind of web contents.
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { Dispatch } from '../api/dispatcher.ts';
import { IPC_CHANNEL } from './channel.ts';
import { isAppUrl } from './security.ts';

function fromAppFrame(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return (
    frame !== null &&
    frame.parent === null &&
    event.sender.getType() === 'window' &&
    isAppUrl(frame.url)
  );
}

export function registerIpc(dispatch: Dispatch): void {
  ipcMain.handle(IPC_CHANNEL, (event, method: unknown, input: unknown) => {
    if (!fromAppFrame(event)) {
      return { ok: false, error: { code: 'forbidden', messageKey: 'errors.forbidden', values: {}, fields: [] } };
    }
    if (typeof method !== 'string') {
      return { ok: false, error: { code: 'unknown_method', messageKey: 'errors.unknownMethod', values: {}, fields: [] } };
    }
    return dispatch(method, input);
  });
}
