/** Names of work queues: built-in ones from the catalogue, saved ones by the name the library gave them. */
import type { QueuesResponse } from '../../api/types.ts';
import { tOr } from '../../i18n/catalogue.ts';

export function queueLabel(id: string, queues?: QueuesResponse): string {
  const saved = queues?.saved.find((queue) => queue.id === id);
  if (saved !== undefined) return saved.name;
  return tOr(`queue.${id}`, id);
}
