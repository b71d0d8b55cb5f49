/**
 * `/staff/mail`: the mail outbox for ILL work. Staff with `ill` (or `configure`) read held and failed
 * mail and send it again, as the API lets them; the SMTP settings stay in the configuration.
 */
import type { StaffUserSummary } from '../../api/types.ts';
import { Link } from '../../app/router.tsx';
import { t } from '../../i18n/catalogue.ts';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { NoPermissionPage } from '../config/config-ui.tsx';
import { OutboxSection } from '../config/MailPage.tsx';
import { canReadMail } from './mail-permissions.ts';

export function MailOutboxPage({ user }: { user: StaffUserSummary }) {
  if (!canReadMail(user.permissions)) return <NoPermissionPage />;
  const title = t('mail.page.title');
  return (
    <main id="main" className="page config-page">
      <PageHeading title={title}>{title}</PageHeading>
      <p className="lead">{t('mail.page.intro')}</p>
      <p>
        <Link to="/staff/notices">{t('mail.page.noticeLog')}</Link>: {t('mail.page.noticeLogWhat')}
      </p>
      <OutboxSection path="/staff/mail" />
    </main>
  );
}
