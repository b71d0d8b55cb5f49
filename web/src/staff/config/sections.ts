/**
 * The configuration sections and who may use them. The server decides in the end (a 403 is shown
 * plainly); this only keeps staff from being offered pages they cannot use.
 */
import type { MessageKey } from '../../i18n/catalogue.ts';

export type SectionId =
  | 'settings'
  | 'partners'
  | 'statuses'
  | 'local-actions'
  | 'action-menu'
  | 'notices'
  | 'mail'
  | 'staff-users'
  | 'patrons'
  | 'tokens';

export interface ConfigSection {
  readonly id: SectionId;
  /** Where its page is. */
  readonly path: string;
  /** The user needs one of these permissions. */
  readonly needsAnyOf: readonly string[];
  readonly title: MessageKey;
  readonly description: MessageKey;
}

const CONFIGURE = ['configure'] as const;
const MANAGE_USERS = ['manage-users'] as const;

/** In the order the index lists them: the library, its workflow, its mail, its people. */
export const SECTIONS: readonly ConfigSection[] = [
  {
    id: 'settings',
    path: '/staff/config/settings',
    needsAnyOf: CONFIGURE,
    title: 'config.settings.title',
    description: 'config.settings.description',
  },
  {
    id: 'partners',
    path: '/staff/config/partners',
    needsAnyOf: CONFIGURE,
    title: 'config.partners.title',
    description: 'config.partners.description',
  },
  {
    id: 'statuses',
    path: '/staff/config/statuses',
    needsAnyOf: CONFIGURE,
    title: 'config.statuses.title',
    description: 'config.statuses.description',
  },
  {
    id: 'local-actions',
    path: '/staff/config/local-actions',
    needsAnyOf: CONFIGURE,
    title: 'config.localActions.title',
    description: 'config.localActions.description',
  },
  {
    id: 'action-menu',
    path: '/staff/config/action-menu',
    needsAnyOf: CONFIGURE,
    title: 'config.menu.title',
    description: 'config.menu.description',
  },
  {
    id: 'notices',
    path: '/staff/config/notices',
    needsAnyOf: CONFIGURE,
    title: 'config.notices.title',
    description: 'config.notices.description',
  },
  {
    id: 'mail',
    path: '/staff/config/mail',
    needsAnyOf: CONFIGURE,
    title: 'config.mail.title',
    description: 'config.mail.description',
  },
  {
    id: 'staff-users',
    path: '/staff/config/staff-users',
    needsAnyOf: MANAGE_USERS,
    title: 'config.staff.title',
    description: 'config.staff.description',
  },
  {
    id: 'patrons',
    path: '/staff/config/patrons',
    needsAnyOf: MANAGE_USERS,
    title: 'config.patrons.title',
    description: 'config.patrons.description',
  },
  {
    id: 'tokens',
    path: '/staff/config/tokens',
    needsAnyOf: CONFIGURE,
    title: 'config.tokens.title',
    description: 'config.tokens.description',
  },
];

/** Whether someone with `permissions` may use the section. */
export function canUseSection(permissions: readonly string[], id: SectionId): boolean {
  const section = SECTIONS.find((candidate) => candidate.id === id);
  return section !== undefined && section.needsAnyOf.some((permission) => permissions.includes(permission));
}

/** The sections someone with `permissions` may use, in index order. */
export function sectionsFor(permissions: readonly string[]): ConfigSection[] {
  return SECTIONS.filter((section) => canUseSection(permissions, section.id));
}

export function sectionById(id: SectionId): ConfigSection {
  const section = SECTIONS.find((candidate) => candidate.id === id);
  if (section === undefined) throw new Error(`No configuration section ${id}`);
  return section;
}
