import type { StaffRoute } from '../staff-route.ts';
import { ActionMenuPage } from './ActionMenuPage.tsx';
import { ConfigIndexPage } from './ConfigIndexPage.tsx';
import { NoPermissionPage } from './config-ui.tsx';
import { CustomStatusesPage } from './CustomStatusesPage.tsx';
import { EditLocalActionPage, NewLocalActionPage } from './LocalActionFormPage.tsx';
import { LocalActionsPage } from './LocalActionsPage.tsx';
import { MailPage } from './MailPage.tsx';
import { NoticesPage } from './NoticesPage.tsx';
import { EditPartnerPage, NewPartnerPage } from './PartnerFormPage.tsx';
import { PartnerImportPage } from './PartnerImportPage.tsx';
import { PartnersPage } from './PartnersPage.tsx';
import { EditPatronPage, NewPatronPage } from './PatronFormPage.tsx';
import { PatronsPage } from './PatronsPage.tsx';
import { canUseSection, type SectionId } from './sections.ts';
import { SettingsPage } from './SettingsPage.tsx';
import { EditStaffUserPage, NewStaffUserPage } from './StaffUserFormPage.tsx';
import { StaffUsersPage } from './StaffUsersPage.tsx';
import { TemplatePage } from './TemplatePage.tsx';
import { TokensPage } from './TokensPage.tsx';

/** Each page with the section whose permission it needs; fixed paths come before `:id` ones. */
const routes: readonly (StaffRoute & { readonly section: SectionId | null })[] = [
  { path: '/staff/config', section: null, render: (_, user) => <ConfigIndexPage user={user} /> },
  { path: '/staff/config/settings', section: 'settings', render: (_, user) => <SettingsPage user={user} /> },
  { path: '/staff/config/partners', section: 'partners', render: (_, user) => <PartnersPage user={user} /> },
  {
    path: '/staff/config/partners/new',
    section: 'partners',
    render: (_, user) => <NewPartnerPage user={user} />,
  },
  {
    path: '/staff/config/partners/import',
    section: 'partners',
    render: (_, user) => <PartnerImportPage user={user} />,
  },
  {
    path: '/staff/config/partners/:id',
    section: 'partners',
    render: (params, user) => <EditPartnerPage key={params.id} user={user} partnerId={params.id ?? ''} />,
  },
  {
    path: '/staff/config/statuses',
    section: 'statuses',
    render: (_, user) => <CustomStatusesPage user={user} />,
  },
  {
    path: '/staff/config/local-actions',
    section: 'local-actions',
    render: (_, user) => <LocalActionsPage user={user} />,
  },
  {
    path: '/staff/config/local-actions/new',
    section: 'local-actions',
    render: (_, user) => <NewLocalActionPage user={user} />,
  },
  {
    path: '/staff/config/local-actions/:id',
    section: 'local-actions',
    render: (params, user) => <EditLocalActionPage key={params.id} user={user} actionId={params.id ?? ''} />,
  },
  {
    path: '/staff/config/action-menu',
    section: 'action-menu',
    render: (_, user) => <ActionMenuPage user={user} />,
  },
  { path: '/staff/config/notices', section: 'notices', render: (_, user) => <NoticesPage user={user} /> },
  {
    path: '/staff/config/notices/:kind/:name/:language',
    section: 'notices',
    render: (params, user) => (
      <TemplatePage
        key={`${params.kind}/${params.name}/${params.language}`}
        user={user}
        kind={params.kind ?? ''}
        name={params.name ?? ''}
        language={params.language ?? ''}
      />
    ),
  },
  { path: '/staff/config/mail', section: 'mail', render: (_, user) => <MailPage user={user} /> },
  {
    path: '/staff/config/staff-users',
    section: 'staff-users',
    render: (_, user) => <StaffUsersPage user={user} />,
  },
  {
    path: '/staff/config/staff-users/new',
    section: 'staff-users',
    render: (_, user) => <NewStaffUserPage user={user} />,
  },
  {
    path: '/staff/config/staff-users/:id',
    section: 'staff-users',
    render: (params, user) => <EditStaffUserPage key={params.id} user={user} staffId={params.id ?? ''} />,
  },
  { path: '/staff/config/patrons', section: 'patrons', render: (_, user) => <PatronsPage user={user} /> },
  {
    path: '/staff/config/patrons/new',
    section: 'patrons',
    render: (_, user) => <NewPatronPage user={user} />,
  },
  {
    path: '/staff/config/patrons/:id',
    section: 'patrons',
    render: (params, user) => <EditPatronPage key={params.id} user={user} patronId={params.id ?? ''} />,
  },
  { path: '/staff/config/tokens', section: 'tokens', render: (_, user) => <TokensPage user={user} /> },
];

/**
 * The configuration pages, under /staff/config. Staff without a page's permission get the refusal
 * without the page loading anything from the server.
 */
export const configRoutes: readonly StaffRoute[] = routes.map(({ path, section, render }) => ({
  path,
  render: (params, user) =>
    section === null || canUseSection(user.permissions, section) ? (
      render(params, user)
    ) : (
      <NoPermissionPage />
    ),
}));
