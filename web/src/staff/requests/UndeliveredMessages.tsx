/** The messages of a request its partners have not received, each with why, for the top of its page. */
import { api } from '../../api/client.ts';
import type { MessageLog } from '../../api/types.ts';
import { t } from '../../i18n/catalogue.ts';
import { useLiveReload } from '../../live/live-events.tsx';
import { useApi } from '../../ui/use-api.ts';
import { messageName, undeliveredOf, undeliveredReason } from './undelivered.ts';

/**
 * Each undelivered message of the request with its reason. `version` changes with the request and
 * with the delivery of its messages, and re-reads the log.
 */
export function UndeliveredMessages({ requestId, version }: { requestId: string; version: string }) {
  const log = useApi(
    (signal) => api.get<MessageLog>(`/api/requests/${requestId}/messages`, undefined, { signal }),
    [requestId, version],
  );
  useLiveReload(log.reload, (changed) => changed === requestId);
  const items = log.data?.items ?? [];
  const waiting = undeliveredOf(items);
  if (waiting.length === 0) return null;
  return (
    <ul className="staff-undelivered">
      {waiting.map((entry) => (
        <li key={entry.id}>
          <strong>
            {t('staff.undelivered.entry', { message: messageName(entry.message), partner: entry.partner })}
          </strong>{' '}
          {undeliveredReason(entry, items)}
        </li>
      ))}
    </ul>
  );
}
