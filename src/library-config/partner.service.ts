import { hashSecret } from '../auth/passwords.ts';
import type { UnitOfWork } from '../db/unit-of-work.ts';
import type { Partner } from '../db/schema.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { NOT_SKIPPED, planImport, readPartnerRows, type ImportPlan } from './partner-import.ts';
import type { PartnerChanges, PartnerUsage } from './partner.repository.ts';
import type {
  NewPartnerBody,
  PartnerBody,
  PartnerImportBody,
  PartnerImportResult,
  PartnerImportRow,
  PartnerList,
  PartnerListQuery,
  PartnerPatchBody,
} from './partner.schemas.ts';
import type { LibraryConfigRepositories } from './repositories.ts';
import { isHttpUrl, Issues, optionalText } from './validation.ts';

/** The repositories the partner service uses. */
export type PartnerRepositories = Pick<LibraryConfigRepositories, 'partners' | 'settings'>;

function presentPartner(row: Partner): PartnerBody {
  return {
    id: row.id,
    symbol: row.symbol,
    name: row.name,
    protocol: row.protocol,
    endpointUrl: row.endpoint_url,
    email: row.email,
    hasOutboundCredential: row.outbound_credential !== null,
    hasInboundCredential: row.inbound_credential_hash !== null,
    daysToRespond: row.days_to_respond,
    undoAllowed: row.undo_allowed,
    active: row.active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function partnerNotFound(): NotFoundError {
  return new NotFoundError('The partner directory has no such partner.');
}

/** A partner as it would be after a change, to check the rules that tie its fields together. */
interface PartnerShape {
  protocol: Partner['protocol'];
  endpoint_url: string | null;
  email: string | null;
  undo_allowed: boolean;
}

/**
 * The rules across fields: an ISO 18626 partner needs an http(s) endpoint and cannot allow undo (the
 * protocol has none); an email partner needs an address. Issues name the field to correct.
 */
function checkProtocolRules(partner: PartnerShape, issues: Issues): void {
  if (partner.endpoint_url !== null && !isHttpUrl(partner.endpoint_url)) {
    issues.add('body.endpointUrl', 'url', 'body.endpointUrl must be an http or https URL');
  }
  if (partner.protocol === 'iso18626') {
    if (partner.endpoint_url === null) {
      issues.add('body.endpointUrl', 'required', 'body.endpointUrl is required for an iso18626 partner');
    }
    if (partner.undo_allowed) {
      issues.add(
        'body.undoAllowed',
        'protocol',
        'body.undoAllowed must be false for an iso18626 partner: ISO 18626 has no undo',
      );
    }
  }
  if (partner.protocol === 'email' && partner.email === null) {
    issues.add('body.email', 'required', 'body.email is required for an email partner');
  }
}

function describeUsage(usage: PartnerUsage): string[] {
  const parts: string[] = [];
  if (usage.rotaRequests > 0) parts.push(`it is on the rota of ${usage.rotaRequests} borrowing request(s)`);
  if (usage.lendingRequests > 0)
    parts.push(`it is the borrowing library of ${usage.lendingRequests} lending request(s)`);
  if (usage.transactions > 0) parts.push(`it is the partner of ${usage.transactions} transaction(s)`);
  if (usage.messages > 0) parts.push(`${usage.messages} message(s) to it are recorded`);
  return parts;
}

/**
 * The partner directory: the libraries a library borrows from and lends to, how to reach each, and
 * the credentials on both sides. Credentials are write-only: responses only say whether one is set,
 * and the partner's inbound credential is stored as a hash. Every method works on one library only.
 */
export class PartnerService {
  constructor(
    private readonly repositories: PartnerRepositories,
    private readonly transactions: UnitOfWork<PartnerRepositories>,
  ) {}

  /** One page of the directory, in symbol order. */
  async list(libraryId: string, query: PartnerListQuery): Promise<PartnerList> {
    const { rows, total } = await this.repositories.partners.list(libraryId, {
      ...(query.active !== undefined ? { active: query.active } : {}),
      ...(query.protocol !== undefined ? { protocol: query.protocol } : {}),
      ...(query.q !== undefined ? { search: query.q.trim() } : {}),
      limit: query.limit,
      offset: query.offset,
    });
    return { items: rows.map(presentPartner), total };
  }

  /** @throws NotFoundError when the library has no such partner */
  async get(libraryId: string, id: string): Promise<PartnerBody> {
    const row = await this.repositories.partners.find(libraryId, id);
    if (row === undefined) throw partnerNotFound();
    return presentPartner(row);
  }

  /**
   * Adds a partner. Its days to respond default to the library's.
   * @throws ValidationError naming each field and broken rule; nothing is written then
   * @throws ConflictError (field `symbol`) when the directory already has the symbol
   */
  async create(libraryId: string, body: NewPartnerBody): Promise<PartnerBody> {
    const shape: PartnerShape = {
      protocol: body.protocol,
      endpoint_url: optionalText(body.endpointUrl) ?? null,
      email: optionalText(body.email) ?? null,
      undo_allowed: body.undoAllowed ?? false,
    };
    const issues = new Issues();
    checkProtocolRules(shape, issues);
    issues.throwIfAny();
    const daysToRespond =
      body.daysToRespond ?? (await this.repositories.settings.find(libraryId))?.default_days_to_respond;
    const row = await this.repositories.partners.insert({
      library_id: libraryId,
      symbol: body.symbol,
      name: body.name.trim(),
      ...shape,
      outbound_credential: body.outboundCredential ?? null,
      inbound_credential_hash:
        body.inboundCredential === undefined || body.inboundCredential === null
          ? null
          : await hashSecret(body.inboundCredential),
      ...(daysToRespond !== undefined ? { days_to_respond: daysToRespond } : {}),
      active: body.active ?? true,
    });
    return presentPartner(row);
  }

  /**
   * Changes the given fields; the others stay as they are. `active: false` retires a partner that
   * requests still refer to; a credential set to null is removed.
   * @throws NotFoundError when the library has no such partner
   * @throws ValidationError naming each field and broken rule; nothing is written then
   * @throws ConflictError (field `symbol`) when another partner has the new symbol
   */
  async update(libraryId: string, id: string, patch: PartnerPatchBody): Promise<PartnerBody> {
    const changes: PartnerChanges = {};
    if (patch.symbol !== undefined) changes.symbol = patch.symbol;
    if (patch.name !== undefined) changes.name = patch.name.trim();
    if (patch.protocol !== undefined) changes.protocol = patch.protocol;
    if (patch.endpointUrl !== undefined) changes.endpoint_url = optionalText(patch.endpointUrl);
    if (patch.email !== undefined) changes.email = optionalText(patch.email);
    if (patch.outboundCredential !== undefined) changes.outbound_credential = patch.outboundCredential;
    if (patch.inboundCredential !== undefined) {
      changes.inbound_credential_hash =
        patch.inboundCredential === null ? null : await hashSecret(patch.inboundCredential);
    }
    if (patch.daysToRespond !== undefined) changes.days_to_respond = patch.daysToRespond;
    if (patch.undoAllowed !== undefined) changes.undo_allowed = patch.undoAllowed;
    if (patch.active !== undefined) changes.active = patch.active;

    const row = await this.transactions.run(async ({ partners }) => {
      const existing = await partners.find(libraryId, id, true);
      if (existing === undefined) throw partnerNotFound();
      const issues = new Issues();
      checkProtocolRules(
        {
          protocol: changes.protocol ?? existing.protocol,
          endpoint_url: changes.endpoint_url !== undefined ? changes.endpoint_url : existing.endpoint_url,
          email: changes.email !== undefined ? changes.email : existing.email,
          undo_allowed: changes.undo_allowed ?? existing.undo_allowed,
        },
        issues,
      );
      issues.throwIfAny();
      return partners.update(libraryId, id, changes);
    });
    if (row === undefined) throw partnerNotFound();
    return presentPartner(row);
  }

  /**
   * Deletes a partner that no request, transaction or message refers to. A partner in use is retired
   * with `active: false` instead, so that its history stays whole.
   * @throws NotFoundError when the library has no such partner
   * @throws ConflictError naming where the partner is used
   */
  async delete(libraryId: string, id: string): Promise<void> {
    await this.transactions.run(async ({ partners }) => {
      // Locked, so that no request can start using the partner between the count and the delete.
      const partner = await partners.find(libraryId, id, true);
      if (partner === undefined) throw partnerNotFound();
      const usage = await partners.usage(id);
      const reasons = describeUsage(usage);
      if (reasons.length > 0) {
        throw new ConflictError(
          `The partner ${partner.symbol} cannot be deleted: ${reasons.join(', ')}. ` +
            'Deactivate it instead (PATCH with active: false).',
          { reason: 'in_use', usage },
        );
      }
      await partners.delete(libraryId, id);
    });
  }

  /**
   * Imports a Koha export of partner-library patron accounts as email partners: new symbols are
   * created, email partners whose name or address changed are updated, other rows are skipped with
   * their reason. A dry run reports this and writes nothing. A real run writes it all in one
   * transaction, or nothing when any row is in error.
   * @throws ValidationError when the text is not a CSV with a header, or (real run) any row is in error
   */
  async importPartners(libraryId: string, body: PartnerImportBody): Promise<PartnerImportResult> {
    const read = readPartnerRows(body.csv, body.category);
    const symbols = read.candidates.map((candidate) => candidate.symbol);
    const report = (plan: ImportPlan, created: PartnerImportRow[]): PartnerImportResult => ({
      dryRun: body.dryRun,
      created,
      updated: plan.update.map(({ candidate, partner, changes }) => ({
        ...candidate,
        partnerId: partner.id,
        changes,
        ...NOT_SKIPPED,
      })),
      skipped: [...read.skipped, ...plan.skipped].sort((a, b) => a.row - b.row),
      errors: read.errors,
      ignoredColumns: read.ignoredColumns,
    });

    if (body.dryRun) {
      const existing = await this.repositories.partners.findBySymbols(libraryId, symbols);
      const plan = planImport(read.candidates, existing);
      return report(
        plan,
        plan.create.map((candidate) => ({ ...candidate, partnerId: null, changes: [], ...NOT_SKIPPED })),
      );
    }
    if (read.errors.length > 0) {
      throw new ValidationError(
        `The import was not run: ${read.errors.length} row(s) of body.csv are in error. ${read.errors
          .map((e) => e.message)
          .join('; ')}`,
        read.errors.map((e) => ({ field: `body.csv.${e.row}.${e.field}`, rule: e.rule, message: e.message })),
      );
    }
    return this.transactions.run(async ({ partners, settings }) => {
      const plan = planImport(read.candidates, await partners.findBySymbols(libraryId, symbols));
      const daysToRespond = (await settings.find(libraryId))?.default_days_to_respond;
      const created: PartnerImportRow[] = [];
      for (const candidate of plan.create) {
        const row = await partners.insert({
          library_id: libraryId,
          symbol: candidate.symbol,
          name: candidate.name,
          protocol: 'email',
          email: candidate.email,
          ...(daysToRespond !== undefined ? { days_to_respond: daysToRespond } : {}),
        });
        created.push({ ...candidate, partnerId: row.id, changes: [], ...NOT_SKIPPED });
      }
      for (const { candidate, partner } of plan.update) {
        await partners.update(libraryId, partner.id, { name: candidate.name, email: candidate.email });
      }
      return report(plan, created);
    });
  }
}
