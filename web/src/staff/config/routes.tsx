import type { StaffRoute } from '../staff-route.ts';
import { ActionMenuPage } from './ActionMenuPage.tsx';
import { ConfigIndexPage } from './ConfigIndexPage.tsx';
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
import { SettingsPage } from './SettingsPage.tsx';
import { EditStaffUserPage, NewStaffUserPage } from './StaffUserFormPage.tsx';
import { StaffUsersPage } from './StaffUsersPage.tsx';
import { TemplatePage } from './TemplatePage.tsx';
import { TokensPage } from './TokensPage.tsx';

/** The configuration pages, under /staff/config. Fixed paths come before `:id` ones. */
export const configRoutes: readonly StaffRoute[] = [
  { path: '/staff/config', render: (_, user) => <ConfigIndexPage user={user} /> },
  { path: '/staff/config/settings', render: (_, user) => <SettingsPage user={user} /> },
  { path: '/staff/config/partners', render: (_, user) => <PartnersPage user={user} /> },
  { path: '/staff/config/partners/new', render: (_, user) => <NewPartnerPage user={user} /> },
  { path: '/staff/config/partners/import', render: (_, user) => <PartnerImportPage user={user} /> },
  {
    path: '/staff/config/partners/:id',
    render: (params, user) => <EditPartnerPage key={params.id} user={user} partnerId={params.id ?? ''} />,
  },
  { path: '/staff/config/statuses', render: (_, user) => <CustomStatusesPage user={user} /> },
  { path: '/staff/config/local-actions', render: (_, user) => <LocalActionsPage user={user} /> },
  { path: '/staff/config/local-actions/new', render: (_, user) => <NewLocalActionPage user={user} /> },
  {
    path: '/staff/config/local-actions/:id',
    render: (params, user) => <EditLocalActionPage key={params.id} user={user} actionId={params.id ?? ''} />,
  },
  { path: '/staff/config/action-menu', render: (_, user) => <ActionMenuPage user={user} /> },
  { path: '/staff/config/notices', render: (_, user) => <NoticesPage user={user} /> },
  {
    path: '/staff/config/notices/:kind/:name/:language',
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
  { path: '/staff/config/mail', render: (_, user) => <MailPage user={user} /> },
  { path: '/staff/config/staff-users', render: (_, user) => <StaffUsersPage user={user} /> },
  { path: '/staff/config/staff-users/new', render: (_, user) => <NewStaffUserPage user={user} /> },
  {
    path: '/staff/config/staff-users/:id',
    render: (params, user) => <EditStaffUserPage key={params.id} user={user} staffId={params.id ?? ''} />,
  },
  { path: '/staff/config/patrons', render: (_, user) => <PatronsPage user={user} /> },
  { path: '/staff/config/patrons/new', render: (_, user) => <NewPatronPage user={user} /> },
  {
    path: '/staff/config/patrons/:id',
    render: (params, user) => <EditPatronPage key={params.id} user={user} patronId={params.id ?? ''} />,
  },
  { path: '/staff/config/tokens', render: (_, user) => <TokensPage user={user} /> },
];
