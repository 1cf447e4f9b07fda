// The process's update controller, set by the Electron shell once the updater is wired. Unset
// (the harness, tests, a development run) means updates are unavailable and the banner hides.
import type { UpdateController } from './controller.ts';

let current: UpdateController | null = null;

export function setUpdateController(controller: UpdateController | null): void {
  current = controller;
}

export function updateController(): UpdateController | null {
  return current;
}
