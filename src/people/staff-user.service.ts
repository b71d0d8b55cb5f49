/** Staff users of a library: listing, creating, changing, with a ceiling on the permissions granted. */
import { hashSecret } from '../auth/passwords.ts';
import { assertCanGrant, normalisePermissions } from '../auth/permissions.ts';
import { PERMISSIONS, type StaffPrincipal } from '../auth/principal.ts';
import type { SessionRepository } from '../auth/session.repository.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import type {
  CreateStaffUserBody,
  PageQuery,
  StaffUserPage,
  StaffUserView,
  UpdateStaffUserBody,
} from './people.schemas.ts';
import type { StaffUserRecord, StaffUserRepository } from './staff-user.repository.ts';
import { isUniqueViolation } from './sql.ts';
import { assertSomethingToChange } from './validation.ts';
import type { UnitOfWork } from '../db/unit-of-work.ts';

export interface StaffUserRepositories {
  staffUsers: StaffUserRepository;
  sessions: SessionRepository;
}

function toView(user: StaffUserRecord): StaffUserView {
  return {
    id: user.id,
    libraryId: user.libraryId,
    username: user.username,
    name: user.name,
    email: user.email,
    active: user.active,
    permissions: user.permissions,
    createdAt: user.createdAt.toISOString(),
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
  };
}

function usernameTaken(username: string, cause?: unknown): ConflictError {
  return new ConflictError(
    `The username ${username} is taken.`,
    { field: 'body.username', rule: 'unique' },
    { cause },
  );
}

function selfLockout(field: string, message: string): ValidationError {
  return new ValidationError(`Invalid request: ${message}`, [{ field, rule: 'self', message }]);
}

export class StaffUserService {
  constructor(
    private readonly repositories: StaffUserRepositories,
    private readonly unitOfWork: UnitOfWork<StaffUserRepositories>,
  ) {}

  /** A page of the caller's library's staff users, by username. */
  async list(caller: StaffPrincipal, page: PageQuery): Promise<StaffUserPage> {
    const { items, total } = await this.repositories.staffUsers.list(caller.libraryId, page);
    return { items: items.map(toView), total, limit: page.limit, offset: page.offset };
  }

  /** @throws NotFoundError when the caller's library has no such user */
  async get(caller: StaffPrincipal, id: string): Promise<StaffUserView> {
    const user = await this.repositories.staffUsers.findById(caller.libraryId, id);
    if (!user) throw this.notFound(id);
    return toView(user);
  }

  /**
   * Creates a staff user in the caller's library.
   *
   * @throws ForbiddenError when granting a permission the caller lacks
   * @throws ConflictError when the username is taken (in any library: usernames are global)
   */
  async create(caller: StaffPrincipal, input: CreateStaffUserBody): Promise<StaffUserView> {
    const username = input.username.toLowerCase();
    const permissions = normalisePermissions(input.permissions ?? []);
    assertCanGrant(caller.permissions, permissions, 'create a staff user');
    const passwordHash = await hashSecret(input.password);
    try {
      return await this.unitOfWork.run(async ({ staffUsers }) => {
        if (await staffUsers.usernameExists(username)) throw usernameTaken(username);
        const id = await staffUsers.insert({
          libraryId: caller.libraryId,
          username,
          name: input.name.trim(),
          email: input.email ?? null,
          passwordHash,
          active: input.active ?? true,
        });
        await staffUsers.replacePermissions(id, permissions);
        const created = await staffUsers.findById(caller.libraryId, id);
        if (!created) throw new Error(`staff user ${id} vanished after insert`);
        return toView(created);
      });
    } catch (error) {
      // Two concurrent creations of one username: the loser lands here.
      if (isUniqueViolation(error)) throw usernameTaken(username, error);
      throw error;
    }
  }

  /**
   * Changes a staff user of the caller's library. The caller must hold every permission the user
   * holds (else resetting their password would take over a stronger account) and every permission
   * given. A new password or deactivation ends the user's sessions at once.
   *
   * @throws NotFoundError when the caller's library has no such user
   * @throws ForbiddenError past the permission ceiling
   * @throws ValidationError when callers would deactivate themselves or drop their own `manage-users`
   */
  async update(caller: StaffPrincipal, id: string, input: UpdateStaffUserBody): Promise<StaffUserView> {
    assertSomethingToChange(input, ['name', 'email', 'active', 'permissions', 'password']);
    const passwordHash = input.password === undefined ? undefined : await hashSecret(input.password);
    const permissions = input.permissions === undefined ? undefined : normalisePermissions(input.permissions);
    return this.unitOfWork.run(async ({ staffUsers, sessions }) => {
      const user = await staffUsers.findById(caller.libraryId, id, { forUpdate: true });
      if (!user) throw this.notFound(id);
      assertCanGrant(caller.permissions, user.permissions, 'change a staff user');
      if (permissions) assertCanGrant(caller.permissions, permissions, 'give a staff user');
      if (caller.userId === id) {
        if (input.active === false) {
          throw selfLockout('body.active', 'body.active: you cannot deactivate yourself');
        }
        if (permissions && !permissions.includes(PERMISSIONS.manageUsers)) {
          throw selfLockout('body.permissions', 'body.permissions: you cannot remove your own manage-users');
        }
      }

      await staffUsers.update(id, {
        ...(input.name !== undefined ? { name: input.name.trim() } : {}),
        ...(input.email !== undefined ? { email: input.email } : {}),
        ...(input.active !== undefined ? { active: input.active } : {}),
        ...(passwordHash !== undefined ? { passwordHash } : {}),
      });
      if (permissions) await staffUsers.replacePermissions(id, permissions);
      if (passwordHash !== undefined || input.active === false) await sessions.deleteForStaffUser(id);

      const updated = await staffUsers.findById(caller.libraryId, id);
      if (!updated) throw new Error(`staff user ${id} vanished during update`);
      return toView(updated);
    });
  }

  private notFound(id: string): NotFoundError {
    return new NotFoundError(`No staff user ${id} in your library.`);
  }
}
