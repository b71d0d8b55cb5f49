import type { StaffRoute } from '../staff-route.ts';
import { EmailedRequestPage } from './EmailedRequestPage.tsx';
import { MailOutboxPage } from './MailOutboxPage.tsx';
import { NoticeLogPage } from './NoticeLogPage.tsx';

/**
 * The mail pages of ILL work: the mail outbox, the notice log, and recording a request a partner
 * emailed (reached from the lending list). Each refuses plainly staff without its permission.
 */
export const mailRoutes: readonly StaffRoute[] = [
  { path: '/staff/mail', render: (_params, user) => <MailOutboxPage user={user} /> },
  { path: '/staff/notices', render: (_params, user) => <NoticeLogPage user={user} /> },
  { path: '/staff/lending/new', render: (_params, user) => <EmailedRequestPage user={user} /> },
];
