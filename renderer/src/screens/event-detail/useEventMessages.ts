// The event screen's one status line and one error summary, shared by its form, its visits and
// its records, so a message shows in the same place whichever part of the screen asked.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemsFrom, type FormProblems } from '../../components/errors.tsx';

export interface EventMessages {
  status: string;
  problems: FormProblems | null;
  /** Says what just happened, in the status line. */
  say(message: string): void;
  /** Shows problems found before asking the service (the status line is cleared). */
  refuse(problems: FormProblems): void;
  /** Runs an action, showing its failure in the error summary. */
  guard(action: () => Promise<void>): Promise<void>;
  /** The message for one field, if the last problems named it. */
  error(field: string): string | undefined;
}

export function useEventMessages(): EventMessages {
  const { t } = useTranslation();
  const [status, setStatus] = useState('');
  const [problems, setProblems] = useState<FormProblems | null>(null);
  const refuse = (found: FormProblems) => {
    setProblems(found);
    setStatus('');
  };
  return {
    status,
    problems,
    say: setStatus,
    refuse,
    guard: async (action) => {
      try {
        setProblems(null);
        await action();
      } catch (error) {
        refuse(problemsFrom(error, t));
      }
    },
    error: (field) => problems?.fields[field],
  };
}
