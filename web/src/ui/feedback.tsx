/** Messages to the user: errors, confirmations, loading states, the form error summary. */
import { useEffect, useRef, type ReactNode } from 'react';
import { ApiError } from '../api/client.ts';
import { t } from '../i18n/catalogue.ts';
import { apiErrorText } from '../i18n/server-errors.ts';

/**
 * What to tell the user about a failed call, in the catalogue's words chosen by the server's stable
 * codes (see `server-errors.ts`); the server's own text appears only where they do not cover it.
 */
export function errorText(error: unknown): string {
  return error instanceof ApiError ? apiErrorText(error) : t('error.unexpected');
}

/** A notice in the page: `status` for confirmations (polite), `error` for failures (assertive). */
export function Alert({
  tone,
  children,
  title,
}: {
  tone: 'error' | 'success' | 'info' | 'warning';
  children: ReactNode;
  title?: string;
}) {
  const role = tone === 'error' ? 'alert' : 'status';
  return (
    <div className={`alert alert--${tone}`} role={role}>
      {title === undefined ? null : <p className="alert__title">{title}</p>}
      <div className="alert__body">{children}</div>
    </div>
  );
}

/** The error of a failed call, with a retry button when one is given. */
export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <Alert tone="error" title={t('error.title')}>
      <p>{errorText(error)}</p>
      {onRetry === undefined ? null : (
        <button type="button" className="button button--secondary" onClick={onRetry}>
          {t('error.retry')}
        </button>
      )}
    </Alert>
  );
}

/** A region that is being filled; announced politely once, not on every render. */
export function Loading({ label }: { label?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      {label ?? t('app.loading')}
    </p>
  );
}

export interface SummaryError {
  /** The id of the input the error belongs to, for the link that moves focus there. */
  readonly fieldId: string;
  readonly message: string;
}

/**
 * The list of a form's errors at its top, which takes focus when it appears so that the user hears
 * what is wrong and can jump to each field.
 */
export function ErrorSummary({ errors, message }: { errors: readonly SummaryError[]; message?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.length > 0 || message !== undefined) ref.current?.focus();
  }, [errors, message]);
  if (errors.length === 0 && message === undefined) return null;
  return (
    <div ref={ref} className="alert alert--error error-summary" role="alert" tabIndex={-1}>
      <p className="alert__title">{message ?? t('form.errorSummary', { count: errors.length })}</p>
      {errors.length === 0 ? null : (
        <ul>
          {errors.map((error) => (
            <li key={error.fieldId}>
              <a
                href={`#${error.fieldId}`}
                onClick={(event) => {
                  event.preventDefault();
                  document.getElementById(error.fieldId)?.focus();
                }}
              >
                {error.message}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
