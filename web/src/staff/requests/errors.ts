import { ApiError } from '../../api/client.ts';
import { t } from '../../i18n/catalogue.ts';
import { errorText } from '../../ui/feedback.tsx';

/**
 * What to say when a change to a request fails. A stale version (409 `conflict`) is told in the
 * catalogue's words, since the page re-reads the request at once; a refused transition keeps the
 * server's reason, which names the rule.
 */
export function changeErrorText(error: unknown): string {
  if (error instanceof ApiError && error.status === 409 && error.code === 'conflict')
    return t('error.conflict');
  return errorText(error);
}

/** Whether the request changed meanwhile (or the workflow refused): the page must re-read it. */
export function needsReread(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409;
}
