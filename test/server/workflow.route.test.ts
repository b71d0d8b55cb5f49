import net from 'node:net';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/db/database.ts';
import { buildApp, type App } from '../../src/server/app.ts';
import { WorkflowDescriptionSchema } from '../../src/server/routes/workflow.route.ts';
import { TRANSITIONS } from '../../src/workflow/transitions.ts';
import { describeWorkflow, type WorkflowDescription } from '../../src/workflow/workflow-description.ts';
import { WorkflowService } from '../../src/workflow/workflow.service.ts';

/** A port on 127.0.0.1 that nothing listens on: the workflow route never touches the database. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('GET /api/workflow', () => {
  let app: App;
  let db: ReturnType<typeof createDatabase>;
  let body: WorkflowDescription;

  beforeAll(async () => {
    db = createDatabase(`postgres://interlend:x@127.0.0.1:${await closedPort()}/interlend`, {
      connectionTimeoutMs: 2_000,
    });
    app = await buildApp({ db });
    await app.ready();
    const response = await app.inject({ method: 'GET', url: '/api/workflow' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    body = response.json();
  });
  afterAll(async () => {
    await app.close();
    await db.destroy();
  });

  it('answers with a body that validates against its response schema', () => {
    expect([...Value.Errors(WorkflowDescriptionSchema, body)]).toEqual([]);
    expect(Value.Check(WorkflowDescriptionSchema, body)).toBe(true);
  });

  it('loses nothing in serialisation: the body equals the description', () => {
    expect(body).toEqual(describeWorkflow());
  });

  it('names the actions exactly as the VDX and Koha texts write them', () => {
    const byId = new Map(body.actions.map((action) => [action.id, action]));
    expect(byId.get('answer-will-supply')?.vdxName).toBe('Answer Will Supply');
    expect(byId.get('conditional-reply-no')?.vdxName).toBe('Conditional-Reply No');
    expect(byId.get('place-request-with-partners')).toMatchObject({
      kohaName: 'Place request with partners',
      vdxName: null,
      party: 'requester',
    });
    expect(byId.get('complete')).toMatchObject({ vdxName: 'Complete', kohaName: 'Mark completed' });
  });

  it('names the ISO 10161 services neither text has an action for by the standard’s name', () => {
    const withIsoName = body.actions.filter((action) => action.isoName !== null);
    expect(withIsoName.map(({ id, isoName, source, party }) => ({ id, isoName, source, party }))).toEqual([
      { id: 'status-query', isoName: 'Status Query', source: 'iso10161', party: 'requester' },
      { id: 'answer-retry', isoName: 'Answer Retry', source: 'iso10161', party: 'responder' },
    ]);
    for (const action of withIsoName) expect(action).toMatchObject({ vdxName: null, kohaName: null });
    expect(withIsoName[1]?.fields.map(({ name, type, required }) => ({ name, type, required }))).toEqual([
      { name: 'reason', type: 'reason-retry', required: true },
      { name: 'estimatedDateAvailable', type: 'date', required: false },
      { name: 'itemId', type: 'text', required: false },
      { name: 'cost', type: 'money', required: false },
      { name: 'note', type: 'text', required: false },
    ]);
  });

  it('carries every action of the VDX text under its exact name, each for the party the text gives it', () => {
    const vdx = {
      requester: [
        'Request',
        'Cancel',
        'Conditional-Reply Yes',
        'Conditional-Reply No',
        'Received',
        'Unreceive',
        'Cost Adjustment',
        'Renew',
        'Returned',
        'Informed Shipped',
        'Informed Not Supplied',
        'Informed Renewed',
        'Terminate Request',
        'Send User Alert',
      ],
      both: [
        'Local Change Request Details',
        'Add Private Note',
        'Send Public Note',
        'Resend Last Message',
        'Lost',
        'Damaged',
        'Complete',
      ],
      responder: [
        'Answer Conditional',
        'Answer Will Supply',
        'Answer Hold',
        'Answer Nonsupply',
        'Answer Locations-Provided',
        'Cancel Reply-Yes',
        'Cancel Reply-No',
        'Change Current Service Type',
        'Shipped',
        'Unshipped',
        'Overdue',
        'Recall',
        'Renew Reply-Yes',
        'Renew Reply-No',
        'Checked In',
        'Informed Cancelled',
        'Informed Received',
        'Informed Returned',
      ],
    } as const;
    const byVdxName = new Map(body.actions.map((action) => [action.vdxName, action]));
    for (const [party, names] of Object.entries(vdx)) {
      for (const name of names) {
        expect({ name, party: byVdxName.get(name)?.party }).toEqual({ name, party });
      }
    }
    // Nothing else claims a VDX name: the catalogue holds exactly the 39 actions of the text.
    expect(body.actions.filter((action) => action.vdxName !== null)).toHaveLength(
      Object.values(vdx).flat().length,
    );
  });

  it('carries every step of the Koha request lifecycle under the manual’s exact names', () => {
    const byKohaName = new Map(body.actions.map((action) => [action.kohaName, action]));
    const koha = {
      'Confirm request': 'confirm',
      'Place request with partners': 'place-request-with-partners',
      'Revert request': 'revert',
      'Mark completed': 'complete',
      Delete: 'delete',
      'Edit request': 'local-change-request-details',
      'Request cancellation': 'request-cancellation',
    };
    for (const [name, id] of Object.entries(koha)) {
      expect({ name, id: byKohaName.get(name)?.id }).toEqual({ name, id });
    }
    expect(body.actions.filter((action) => action.kohaName !== null)).toHaveLength(Object.keys(koha).length);
    const request = body.machines.find((machine) => machine.id === 'request');
    const statusNames = new Set(request?.states.map((state) => state.sourceName));
    for (const name of [
      'New request',
      'Requested',
      'Requested from partners',
      'Request reverted',
      'Cancellation requested',
      'Completed',
    ]) {
      expect({ name, present: statusNames.has(name) }).toEqual({ name, present: true });
    }
  });

  it('lists every edge of the transition table exactly once, in the order of the table', () => {
    expect(body.edges.map((edge) => edge.id)).toEqual(TRANSITIONS.map((edge) => edge.id));
    expect(new Set(body.edges.map((edge) => edge.id)).size).toBe(TRANSITIONS.length);
  });

  it('describes each machine with its initial state and the source names of its states', () => {
    expect(body.machines.map((machine) => [machine.id, machine.initialState])).toEqual([
      ['request', 'new'],
      ['requester', 'idle'],
      ['responder', 'idle'],
    ]);
    const requester = body.machines.find((machine) => machine.id === 'requester');
    expect(requester?.states).toContainEqual({
      id: 'renew_overdue',
      sourceName: 'Renew/Overdue',
      terminal: false,
      phase: 'supplied',
    });
  });

  it('serves the ISO 10161 rows that are not edges with their reasons, and the rows each edge takes', () => {
    expect(body.declinedRows).toContainEqual(
      expect.objectContaining({ row: '§5 CONDITIONAL CAN.req', kind: 'declined' }),
    );
    expect(body.declinedRows.find((row) => row.row === '§6 IN-PROCESS FWD.req')?.reason).toMatch(
      /ISO 18626 has no forward message/,
    );
    expect(body.edges.find((edge) => edge.id === 'requester/pending/message:overdue')?.basis.rows).toEqual([
      '§5 PENDING DUE.ind',
    ]);
  });

  it('describes custom statuses: set by staff through Local Change Request Details, cleared by the engine on a status change', () => {
    expect(body.customStatuses).toMatchObject({
      action: 'local-change-request-details',
      detail: 'customStatus',
      actors: ['staff'],
      setBy: 'setCustomStatus',
      clearedBy: 'clearCustomStatus',
      definedAt: '/api/library/custom-statuses',
    });
    expect(body.customStatuses.rules.join(' ')).toMatch(/A system status change clears it/);
    expect(body.effects.find((effect) => effect.name === 'clearCustomStatus')?.appliedBy).toBe('engine');
    expect(
      body.edges
        .filter((edge) => edge.event.kind === 'action' && edge.event.name === 'local-change-request-details')
        .every((edge) => edge.effects.includes('setCustomStatus')),
    ).toBe(true);
  });

  it('serves the same description on every call', async () => {
    const again = await app.inject({ method: 'GET', url: '/api/workflow' });
    expect(again.body).toBe(JSON.stringify(body));
  });

  it('is documented in /openapi.json under the workflow tag, and the document stays valid', async () => {
    const response = await app.inject({ method: 'GET', url: '/openapi.json' });
    const document = response.json();
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    const operation = document.paths['/api/workflow'].get;
    expect(operation.tags).toEqual(['workflow']);
    const schema = operation.responses['200'].content['application/json'].schema;
    expect(Object.keys(schema.properties)).toEqual([
      'machines',
      'actions',
      'messages',
      'timers',
      'guards',
      'effects',
      'vocabulary',
      'edges',
      'declinedRows',
      'customStatuses',
    ]);
    expect(schema.properties.edges.items.required).toContain('basis');
  });
});

describe('WorkflowService', () => {
  it('builds the description once and shares one frozen copy', () => {
    const service = new WorkflowService();
    const first = service.describe();
    expect(service.describe()).toBe(first);
    expect(Object.isFrozen(first.edges[0]?.basis)).toBe(true);
    expect(() => (first.edges as unknown[]).push({})).toThrow(TypeError);
  });
});
