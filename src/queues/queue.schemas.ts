/** Schemas of the work queues (`GET /api/queues`) and saved queues (`/api/saved-queues`). */
import { Type, type Static } from 'typebox';
import { CountView, SavedFilterSchema } from '../requests/request-search.schemas.ts';

const Uuid = Type.String({ format: 'uuid' });
const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });

export const QueueView = Type.Object({
  id: Type.String({ description: 'Stable id; open the queue with GET /api/requests?queue=<id>.' }),
  role: Type.Union([Type.Literal('borrowing'), Type.Literal('lending')]),
  filter: SavedFilterSchema,
  count: CountView,
});
export type QueueView = Static<typeof QueueView>;

export const SavedQueueView = Type.Object({
  id: Uuid,
  name: Type.String(),
  filter: SavedFilterSchema,
  createdAt: Type.String({ format: 'date-time' }),
});
export type SavedQueueView = Static<typeof SavedQueueView>;

export const SavedQueueCountView = Type.Object({
  id: Uuid,
  name: Type.String(),
  filter: Type.Unknown({ description: 'The saved filter (GET /api/requests parameters).' }),
  count: Type.Union([CountView, Type.Null()], {
    description: 'Null when the saved filter no longer fits the list’s parameters.',
  }),
});

export const QueuesResponse = Type.Object({
  borrowing: Type.Array(QueueView, { description: 'Borrower (requester) work queues, in VDX order.' }),
  lending: Type.Array(QueueView, { description: 'Lender (responder) work queues, in VDX order.' }),
  saved: Type.Array(SavedQueueCountView, { description: 'The library’s saved queues, by name.' }),
});
export type QueuesResponse = Static<typeof QueuesResponse>;

export const SavedQueueParams = Type.Object({ id: Uuid }, { additionalProperties: false });

export const CreateSavedQueueBody = Type.Object(
  { name: Name, filter: SavedFilterSchema },
  { additionalProperties: false },
);
export type CreateSavedQueueBody = Static<typeof CreateSavedQueueBody>;

export const UpdateSavedQueueBody = Type.Object(
  { name: Type.Optional(Name), filter: Type.Optional(SavedFilterSchema) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateSavedQueueBody = Static<typeof UpdateSavedQueueBody>;
