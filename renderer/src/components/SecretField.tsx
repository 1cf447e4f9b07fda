// A PIN or passphrase field: masked, never autofilled into the wrong place, with its hint and
// error tied to it for screen readers. The same field on set-up, the lock screen and in dialogs.
import { FieldError } from './errors.tsx';

export function SecretField({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  purpose,
  autoFocus,
}: {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  value: string;
  onChange(value: string): void;
  /** A new PIN (set-up, reset) or one typed to unlock: tells password managers which it is. */
  purpose: 'new' | 'current';
  autoFocus?: boolean;
}) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={error ? 'field field--error' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <FieldError id={id} message={error} />
      <input
        id={id}
        type="password"
        className="secret-input"
        dir="ltr"
        autoComplete={purpose === 'new' ? 'new-password' : 'current-password'}
        spellCheck={false}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={described || undefined}
        aria-invalid={error ? true : undefined}
        autoFocus={autoFocus}
      />
    </div>
  );
}
