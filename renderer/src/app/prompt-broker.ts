// One PIN prompt at a time, whoever asks (a screen's call refused for want of a PIN, the header
// switching profile): later askers wait for the same answer. Outside React, because the api's
// handlers run outside any render.
import type { AccessStatus } from '../../../main/api/contract.ts';

type Person = AccessStatus['people'][number];
export type Prompt = { kind: 'unlock'; person: Person } | { kind: 'protect' };

let pending: { answer: Promise<boolean>; resolve(unlocked: boolean): void } | null = null;
let show: ((prompt: Prompt | null) => void) | null = null;

export function askFor(prompt: Prompt): Promise<boolean> {
  if (pending) return pending.answer;
  let resolve!: (unlocked: boolean) => void;
  const answer = new Promise<boolean>((r) => (resolve = r));
  pending = { answer, resolve };
  show?.(prompt);
  return answer;
}

export function answerPrompt(unlocked: boolean): void {
  const current = pending;
  pending = null;
  show?.(null);
  current?.resolve(unlocked);
}

export function showPromptsWith(fn: (prompt: Prompt | null) => void): () => void {
  show = fn;
  return () => {
    if (show === fn) show = null;
  };
}
