import { Type, type Static } from 'typebox';
import { ACTION_IDS } from '../../workflow/actions.ts';
import { EFFECT_NAMES } from '../../workflow/effects.ts';
import { GUARD_NAMES } from '../../workflow/guards.ts';
import {
  ACTORS,
  MACHINES,
  MESSAGES,
  PROTOCOLS,
  REQUEST_STATUSES,
  REQUESTER_STATES,
  RESPONDER_STATES,
  ROTA_COMMANDS,
  SERVICE_TYPES,
  TIMERS,
  TRANSACTION_OUTCOMES,
} from '../../workflow/vocabulary.ts';
import type { AnyState } from '../../workflow/vocabulary.ts';
import type { RoutePlugin } from './route-plugin.ts';

const closed = { additionalProperties: false } as const;

const StateId = Type.Enum(
  [...new Set<AnyState>([...REQUEST_STATUSES, ...REQUESTER_STATES, ...RESPONDER_STATES])],
  {
    description: 'A state id of one of the machines.',
  },
);
const MachineId = Type.Enum([...MACHINES]);
const ActionId = Type.Enum([...ACTION_IDS]);
const MessageName = Type.Enum([...MESSAGES]);
const TimerName = Type.Enum([...TIMERS]);
const GuardName = Type.Enum([...GUARD_NAMES]);
const EffectName = Type.Enum([...EFFECT_NAMES]);
const Protocol = Type.Enum([...PROTOCOLS]);
const ServiceType = Type.Enum([...SERVICE_TYPES]);
const Actor = Type.Enum([...ACTORS]);
const Party = Type.Enum(['requester', 'responder', 'both']);
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const StateSchema = Type.Object(
  {
    id: StateId,
    sourceName: Type.String({ description: 'The name in the VDX, ISO 10161 or Koha text.' }),
    terminal: Type.Boolean({ description: 'No further event changes this state.' }),
    phase: Nullable(
      Type.Enum(['not-started', 'awaiting-supply', 'ended-without-supply', 'supplied', 'closed'], {
        description: "A transaction's phase; null for the borrowing request's statuses.",
      }),
    ),
  },
  closed,
);

const MachineSchema = Type.Object(
  { id: MachineId, initialState: StateId, states: Type.Array(StateSchema) },
  closed,
);

const ActionSchema = Type.Object(
  {
    id: ActionId,
    vdxName: Nullable(
      Type.String({ description: 'Name in the VDX "ILL Actions" text, exactly as written.' }),
    ),
    kohaName: Nullable(Type.String({ description: 'Name in the Koha manual, exactly as written.' })),
    isoName: Nullable(
      Type.String({ description: 'Name of the ISO 10161 service, for an action neither text names.' }),
    ),
    source: Type.Enum(['vdx', 'koha', 'both', 'iso10161']),
    party: Party,
    actors: Type.Array(Actor),
    fields: Type.Array(
      Type.Object(
        {
          name: Type.String(),
          type: Type.Enum([
            'text',
            'date',
            'money',
            'service-type',
            'partner-list',
            'request-details',
            'reason-unfilled',
            'reason-retry',
          ]),
          required: Type.Boolean(),
          requiredForServiceType: Nullable(ServiceType),
        },
        closed,
      ),
    ),
    summary: Type.String(),
  },
  closed,
);

const EventSchema = Type.Union([
  Type.Object({ kind: Type.Literal('action'), name: ActionId }, closed),
  Type.Object({ kind: Type.Literal('message'), name: MessageName }, closed),
  Type.Object({ kind: Type.Literal('timer'), name: TimerName }, closed),
  Type.Object({ kind: Type.Literal('outcome'), name: Type.Enum([...TRANSACTION_OUTCOMES]) }, closed),
  Type.Object({ kind: Type.Literal('rota'), name: Type.Enum([...ROTA_COMMANDS]) }, closed),
]);

const EdgeSchema = Type.Object(
  {
    id: Type.String({ description: 'Stable id: machine, from-states, event and conditions.' }),
    machine: MachineId,
    from: Type.Array(StateId),
    event: EventSchema,
    guards: Type.Array(GuardName),
    protocols: Nullable(Type.Array(Protocol, { description: 'Null: every protocol.' })),
    serviceTypes: Nullable(Type.Array(ServiceType, { description: 'Null: any shipped service type.' })),
    actors: Nullable(
      Type.Array(Actor, { description: 'Who may take the action here; null for other events.' }),
    ),
    to: Nullable(StateId),
    stays: Type.Boolean({ description: 'The edge leaves the state as it is (`to` is null).' }),
    sends: Nullable(MessageName),
    effects: Type.Array(EffectName),
    basis: Type.Object(
      {
        source: Type.Enum(['vdx', 'koha', 'iso10161', 'interlend']),
        ref: Type.String({ description: 'The action, text passage or table row the edge implements.' }),
        decision: Nullable(
          Type.String({ description: "Interlend's reason, where the sources leave a choice." }),
        ),
        rows: Type.Array(Type.String(), {
          description:
            'The ISO 10161 rows marked L (low confidence) the edge takes, e.g. "§5 PENDING DUE.ind".',
        }),
      },
      closed,
    ),
  },
  closed,
);

/** The body of `GET /api/workflow`. */
export const WorkflowDescriptionSchema = Type.Object(
  {
    machines: Type.Array(MachineSchema),
    actions: Type.Array(ActionSchema),
    messages: Type.Array(Type.Object({ name: MessageName, sender: Party }, closed)),
    timers: Type.Array(
      Type.Object(
        {
          name: TimerName,
          machines: Type.Array(MachineId),
          startedBy: Type.Array(EffectName),
          stoppedBy: Type.Array(EffectName),
        },
        closed,
      ),
    ),
    guards: Type.Array(Type.Object({ name: GuardName, rule: Type.String() }, closed)),
    effects: Type.Array(
      Type.Object(
        {
          name: EffectName,
          description: Type.String(),
          appliedBy: Type.Enum(['edges', 'engine'], {
            description:
              'edges: named by edges; engine: applied by the engine itself after every status change.',
          }),
        },
        closed,
      ),
    ),
    vocabulary: Type.Object(
      {
        protocols: Type.Array(Protocol),
        serviceTypes: Type.Array(ServiceType),
        actors: Type.Array(Actor),
        outcomes: Type.Array(Type.Enum([...TRANSACTION_OUTCOMES])),
        rotaCommands: Type.Array(Type.Enum([...ROTA_COMMANDS])),
      },
      closed,
    ),
    edges: Type.Array(EdgeSchema),
    declinedRows: Type.Array(
      Type.Object(
        {
          row: Type.String({ description: 'The row as the ISO 10161 reconstruction writes it.' }),
          says: Type.String({ description: 'What the row would have the engine do.' }),
          kind: Type.Enum(['declined', 'refusal', 'outside-table'], {
            description:
              'declined: Interlend does otherwise; refusal: the row refuses the event and so does Interlend; outside-table: taken outside the transition table.',
          }),
          reason: Type.String(),
        },
        closed,
      ),
      {
        description:
          'The ISO 10161 rows that are not edges, with the reason for each; with the edges’ `basis.rows` they account for every row marked L.',
      },
    ),
    customStatuses: Type.Object(
      {
        action: ActionId,
        detail: Type.String({
          description: 'The detail of the action that names the custom status (null clears it).',
        }),
        actors: Type.Array(Actor),
        setBy: EffectName,
        clearedBy: EffectName,
        definedAt: Type.String({
          description: 'The API path where a library lists and defines its custom statuses.',
        }),
        rules: Type.Array(Type.String()),
      },
      {
        ...closed,
        description:
          'How custom statuses (Koha’s ILLSTATUS authorised values) are set, checked and cleared; each library defines its own.',
      },
    ),
  },
  {
    ...closed,
    description:
      'The whole workflow, derived from the transition table: machines and states, actions, messages, ' +
      'timers, guards, effects and every edge. Labels and icons are not included.',
  },
);

export type WorkflowDescriptionBody = Static<typeof WorkflowDescriptionSchema>;

/** `GET /api/workflow`: the workflow description, for the staff client and partner libraries. */
export const workflowRoutes: RoutePlugin = async (app, { services }) => {
  app.get(
    '/api/workflow',
    {
      schema: {
        summary: 'Describe the workflow: machines, states, actions, messages and every transition',
        tags: ['workflow'],
        response: { 200: WorkflowDescriptionSchema },
      },
    },
    // The annotation makes the compiler hold the description to the schema.
    async (): Promise<WorkflowDescriptionBody> => services.workflow.describe(),
  );
};
