/** API tokens: how other systems (discovery layers, scripts) authenticate as a library. */
import { NotFoundError, ValidationError } from '../errors.ts';
import type { ApiTokenRecord, ApiTokenRepository } from './api-token.repository.ts';
import type { ApiTokenView, CreateApiTokenBody, CreatedApiToken } from './auth.schemas.ts';
import { assertCanGrant, normalisePermissions } from './permissions.ts';
import type { StaffPrincipal } from './principal.ts';
import { hashToken, randomApiToken } from './tokens.ts';

function statusOf(token: ApiTokenRecord, now: Date): ApiTokenView['status'] {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && token.expiresAt <= now) return 'expired';
  return 'active';
}

function toView(token: ApiTokenRecord, now: Date = new Date()): ApiTokenView {
  return {
    id: token.id,
    name: token.name,
    permissions: token.permissions,
    status: statusOf(token, now),
    createdAt: token.createdAt.toISOString(),
    createdBy: token.createdBy,
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    expiresAt: token.expiresAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
  };
}

export class ApiTokenService {
  constructor(private readonly tokens: ApiTokenRepository) {}

  /**
   * Creates a token of the caller's library. The secret is returned here only; just its hash is
   * stored.
   *
   * @throws ForbiddenError when it would carry a permission the caller lacks
   * @throws ValidationError when `expiresAt` is not in the future
   */
  async create(caller: StaffPrincipal, input: CreateApiTokenBody): Promise<CreatedApiToken> {
    const permissions = normalisePermissions(input.permissions);
    assertCanGrant(caller.permissions, permissions, 'create an API token');
    const expiresAt = input.expiresAt === undefined ? null : new Date(input.expiresAt);
    if (expiresAt && !(expiresAt.getTime() > Date.now())) {
      throw new ValidationError('Invalid request: body.expiresAt must be in the future', [
        { field: 'body.expiresAt', rule: 'future', message: 'body.expiresAt must be in the future' },
      ]);
    }
    const secret = randomApiToken();
    const id = await this.tokens.insert({
      libraryId: caller.libraryId,
      name: input.name.trim(),
      tokenHash: hashToken(secret),
      permissions,
      createdBy: caller.userId,
      expiresAt,
    });
    const created = await this.tokens.findById(caller.libraryId, id);
    if (!created) throw new Error(`API token ${id} vanished after insert`);
    return { ...toView(created), token: secret };
  }

  /** The caller's library's tokens, newest first, revoked and expired ones included. */
  async list(caller: StaffPrincipal): Promise<ApiTokenView[]> {
    const now = new Date();
    return (await this.tokens.listForLibrary(caller.libraryId)).map((token) => toView(token, now));
  }

  /**
   * Revokes a token of the caller's library at once; revoking it again changes nothing.
   *
   * @throws NotFoundError when the library has no such token
   */
  async revoke(caller: StaffPrincipal, id: string): Promise<void> {
    if (!(await this.tokens.revoke(caller.libraryId, id))) {
      throw new NotFoundError(`No API token ${id} in your library.`);
    }
  }
}
