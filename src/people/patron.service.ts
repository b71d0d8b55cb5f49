/** Patrons of a library: staff look them up and manage them; a patron sees and edits only themselves. */
import type { PatronSummary } from '../auth/auth.schemas.ts';
import { hashSecret } from '../auth/passwords.ts';
import type { PatronPrincipal, StaffPrincipal } from '../auth/principal.ts';
import type { SessionRepository } from '../auth/session.repository.ts';
import { ConflictError, NotFoundError, UnauthenticatedError } from '../errors.ts';
import type {
  CreatePatronBody,
  PageQuery,
  PatronPage,
  PatronView,
  UpdateOwnPatronBody,
  UpdatePatronBody,
} from './people.schemas.ts';
import {
  PATRON_CARD_CONSTRAINT,
  type PatronProfileRecord,
  type PatronRecord,
  type PatronRepository,
} from './patron.repository.ts';
import { isUniqueViolation } from './sql.ts';
import { assertSomethingToChange } from './validation.ts';
import type { UnitOfWork } from '../db/unit-of-work.ts';

export interface PatronRepositories {
  patrons: PatronRepository;
  sessions: SessionRepository;
}

function toView(patron: PatronRecord): PatronView {
  return {
    id: patron.id,
    libraryId: patron.libraryId,
    cardNumber: patron.cardNumber,
    name: patron.name,
    email: patron.email,
    category: patron.category,
    emailNotices: patron.emailNotices,
    preferredLanguage: patron.preferredLanguage,
    active: patron.active,
    createdAt: patron.createdAt.toISOString(),
  };
}

function toSummary(patron: PatronProfileRecord): PatronSummary {
  return {
    id: patron.id,
    cardNumber: patron.cardNumber,
    name: patron.name,
    email: patron.email,
    category: patron.category,
    emailNotices: patron.emailNotices,
    preferredLanguage: patron.preferredLanguage,
    libraryId: patron.library.id,
    librarySymbol: patron.library.symbol,
    libraryName: patron.library.name,
  };
}

export class PatronService {
  constructor(
    private readonly repositories: PatronRepositories,
    private readonly unitOfWork: UnitOfWork<PatronRepositories>,
  ) {}

  /** A page of the caller's library's patrons whose card number starts with, or name contains, `query`. */
  async search(caller: StaffPrincipal, page: PageQuery): Promise<PatronPage> {
    const { items, total } = await this.repositories.patrons.search(caller.libraryId, page);
    return { items: items.map(toView), total, limit: page.limit, offset: page.offset };
  }

  /** @throws NotFoundError when the caller's library has no such patron */
  async get(caller: StaffPrincipal, id: string): Promise<PatronView> {
    const patron = await this.repositories.patrons.findById(caller.libraryId, id);
    if (!patron) throw this.notFound(id);
    return toView(patron);
  }

  /** @throws ConflictError when the library already has a patron with that card number */
  async create(caller: StaffPrincipal, input: CreatePatronBody): Promise<PatronView> {
    const secretHash = await hashSecret(input.secret);
    const { patrons } = this.repositories;
    let id: string;
    try {
      id = await patrons.insert({
        libraryId: caller.libraryId,
        cardNumber: input.cardNumber,
        name: input.name.trim(),
        email: input.email ?? null,
        category: input.category,
        emailNotices: input.emailNotices,
        preferredLanguage: input.preferredLanguage,
        active: input.active,
        secretHash,
      });
    } catch (error) {
      if (isUniqueViolation(error, PATRON_CARD_CONSTRAINT)) {
        throw new ConflictError(
          `Your library already has a patron with card number ${input.cardNumber}.`,
          { field: 'body.cardNumber', rule: 'unique' },
          { cause: error },
        );
      }
      throw error;
    }
    return this.get(caller, id);
  }

  /**
   * Changes a patron of the caller's library. A new PIN or deactivation ends their sessions.
   *
   * @throws NotFoundError when the caller's library has no such patron
   */
  async update(caller: StaffPrincipal, id: string, input: UpdatePatronBody): Promise<PatronView> {
    assertSomethingToChange(input, [
      'name',
      'email',
      'category',
      'emailNotices',
      'preferredLanguage',
      'active',
      'secret',
    ]);
    const secretHash = input.secret === undefined ? undefined : await hashSecret(input.secret);
    return this.unitOfWork.run(async ({ patrons, sessions }) => {
      const found = await patrons.update(caller.libraryId, id, {
        name: input.name?.trim(),
        email: input.email,
        category: input.category,
        emailNotices: input.emailNotices,
        preferredLanguage: input.preferredLanguage,
        active: input.active,
        secretHash,
      });
      if (!found) throw this.notFound(id);
      if (secretHash !== undefined || input.active === false) await sessions.deleteForPatron(id);
      const updated = await patrons.findById(caller.libraryId, id);
      if (!updated) throw this.notFound(id);
      return toView(updated);
    });
  }

  /** The logged-in patron's own profile. */
  async getOwn(patron: PatronPrincipal): Promise<PatronSummary> {
    const profile = await this.repositories.patrons.findProfile(patron.libraryId, patron.patronId);
    if (!profile) throw new UnauthenticatedError('Log in with your library card.');
    return toSummary(profile);
  }

  /** Changes what patrons may change themselves: email, notice preference, language. */
  async updateOwn(patron: PatronPrincipal, input: UpdateOwnPatronBody): Promise<PatronSummary> {
    assertSomethingToChange(input, ['email', 'emailNotices', 'preferredLanguage']);
    const found = await this.repositories.patrons.update(patron.libraryId, patron.patronId, {
      email: input.email,
      emailNotices: input.emailNotices,
      preferredLanguage: input.preferredLanguage,
    });
    if (!found) throw new UnauthenticatedError('Log in with your library card.');
    return this.getOwn(patron);
  }

  private notFound(id: string): NotFoundError {
    return new NotFoundError(`No patron ${id} in your library.`);
  }
}
