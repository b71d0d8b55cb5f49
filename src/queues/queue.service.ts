/**
 * Work queues and saved queues of a library: the built-in VDX queues and the library's saved
 * filters, each with its count of requests, and the saved queues' upkeep.
 */
import type { StaffPrincipal } from '../auth/principal.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { RequestSearchService } from '../requests/request-search.service.ts';
import type { SavedFilter } from '../requests/request-search.schemas.ts';
import { BORROWING_QUEUES, LENDING_QUEUES } from './queue-definitions.ts';
import type {
  CreateSavedQueueBody,
  QueuesResponse,
  SavedQueueView,
  UpdateSavedQueueBody,
} from './queue.schemas.ts';
import { DUPLICATE_NAME } from './saved-queue.repository.ts';
import type { SavedQueueRepository, SavedQueueRow } from './saved-queue.repository.ts';

function view(row: SavedQueueRow): SavedQueueView {
  return {
    id: row.id,
    name: row.name,
    filter: row.filter as SavedFilter,
    createdAt: row.created_at.toISOString(),
  };
}

function duplicate(name: string): ConflictError {
  return new ConflictError(`The library already has a saved queue named “${name}”.`, { field: 'body.name' });
}

export class QueueService {
  constructor(
    private readonly savedQueues: SavedQueueRepository,
    private readonly search: RequestSearchService,
  ) {}

  /** Every queue of the caller's library with its count; all counts in one SQL statement. */
  async overview(principal: StaffPrincipal): Promise<QueuesResponse> {
    const saved = await this.savedQueues.listForLibrary(principal.libraryId);
    const builtin = [...BORROWING_QUEUES, ...LENDING_QUEUES];
    const counts = await this.search.counts(principal.libraryId, [
      ...builtin.map((queue) => queue.filter),
      ...saved.map((queue) => queue.filter),
    ]);
    const queues = builtin.map((queue, index) => ({
      id: queue.id,
      role: queue.role,
      filter: queue.filter,
      count: counts[index] ?? { value: 0, relation: 'eq' as const },
    }));
    return {
      borrowing: queues.filter((queue) => queue.role === 'borrowing'),
      lending: queues.filter((queue) => queue.role === 'lending'),
      saved: saved.map((queue, index) => ({
        id: queue.id,
        name: queue.name,
        filter: queue.filter,
        count: counts[builtin.length + index] ?? null,
      })),
    };
  }

  async listSaved(principal: StaffPrincipal): Promise<SavedQueueView[]> {
    return (await this.savedQueues.listForLibrary(principal.libraryId)).map(view);
  }

  async createSaved(principal: StaffPrincipal, body: CreateSavedQueueBody): Promise<SavedQueueView> {
    const name = body.name.trim();
    const row = await this.savedQueues.insert({
      libraryId: principal.libraryId,
      name,
      filter: body.filter,
      createdBy: principal.userId,
    });
    if (row === DUPLICATE_NAME) throw duplicate(name);
    return view(row);
  }

  async updateSaved(
    principal: StaffPrincipal,
    id: string,
    body: UpdateSavedQueueBody,
  ): Promise<SavedQueueView> {
    const name = body.name?.trim();
    const row = await this.savedQueues.update(principal.libraryId, id, {
      ...(name !== undefined ? { name } : {}),
      ...(body.filter !== undefined ? { filter: body.filter } : {}),
    });
    if (row === undefined) throw new NotFoundError('No such saved queue.');
    if (row === DUPLICATE_NAME) throw duplicate(name ?? '');
    return view(row);
  }

  async removeSaved(principal: StaffPrincipal, id: string): Promise<void> {
    if (!(await this.savedQueues.delete(principal.libraryId, id)))
      throw new NotFoundError('No such saved queue.');
  }
}
