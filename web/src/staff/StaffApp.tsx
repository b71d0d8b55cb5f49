/**
 * The staff client: log in, then the work of the library (dashboard, requests, lending) and its
 * configuration, under one header with the library's name and live-update status.
 */
import type { StaffUserSummary } from '../api/types.ts';
import { Link, Routes, useRouter, type Route } from '../app/router.tsx';
import { useSession } from '../app/session.tsx';
import { NotFoundPage } from '../app/NotFoundPage.tsx';
import { t, type MessageKey } from '../i18n/catalogue.ts';
import { useLiveStatus } from '../live/live-events.tsx';
import { Loading } from '../ui/feedback.tsx';
import { configRoutes } from './config/routes.tsx';
import { mailRoutes } from './mail/routes.tsx';
import { requestRoutes } from './requests/routes.tsx';
import { StaffLoginPage } from './StaffLoginPage.tsx';

interface NavItem {
  readonly to: string;
  readonly label: MessageKey;
  /** Whether the item is the current section, from the path. */
  readonly current: (pathname: string) => boolean;
  readonly visible: (user: StaffUserSummary) => boolean;
}

const NAV: readonly NavItem[] = [
  {
    to: '/staff',
    label: 'staff.nav.dashboard',
    current: (path) => path === '/staff' || path === '/staff/',
    visible: (user) => user.permissions.includes('ill'),
  },
  {
    to: '/staff/requests',
    label: 'staff.nav.requests',
    current: (path) => path.startsWith('/staff/requests') && path !== '/staff/requests/new',
    visible: (user) => user.permissions.includes('ill'),
  },
  {
    to: '/staff/lending',
    label: 'staff.nav.lending',
    current: (path) => path.startsWith('/staff/lending'),
    visible: (user) => user.permissions.includes('ill'),
  },
  {
    to: '/staff/requests/new',
    label: 'staff.nav.newRequest',
    current: (path) => path === '/staff/requests/new',
    visible: (user) => user.permissions.includes('ill'),
  },
  {
    to: '/staff/mail',
    label: 'mail.nav',
    current: (path) => path.startsWith('/staff/mail') || path.startsWith('/staff/notices'),
    visible: (user) => user.permissions.includes('ill') || user.permissions.includes('configure'),
  },
  {
    to: '/staff/config',
    label: 'staff.nav.configuration',
    current: (path) => path.startsWith('/staff/config'),
    visible: (user) => user.permissions.includes('configure') || user.permissions.includes('manage-users'),
  },
];

function LiveIndicator() {
  const status = useLiveStatus();
  if (status === 'off') return null;
  return (
    <span className={`live live--${status}`} role="status">
      {status === 'live' ? t('live.connected') : t('live.reconnecting')}
    </span>
  );
}

function StaffHeader({ user }: { user: StaffUserSummary }) {
  const { logout } = useSession();
  const { location } = useRouter();
  return (
    <header className="site-header site-header--staff">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <div className="site-header__bar">
        <Link to="/staff" className="site-header__brand">
          {t('app.name')}
          <span className="site-header__library">{user.libraryName}</span>
        </Link>
        <nav aria-label={t('staff.nav.label')} className="site-nav">
          <ul>
            {NAV.filter((item) => item.visible(user)).map((item) => (
              <li key={item.to}>
                <Link to={item.to} aria-current={item.current(location.pathname) ? 'page' : undefined}>
                  {t(item.label)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="site-header__user">
          <LiveIndicator />
          <span>{t('auth.loggedInAs', { name: user.name })}</span>
          <button type="button" className="button button--ghost" onClick={() => void logout()}>
            {t('auth.logout')}
          </button>
        </div>
      </div>
    </header>
  );
}

export function StaffApp() {
  const { session } = useSession();
  if (session.kind === 'loading') {
    return (
      <main id="main" className="page">
        <Loading />
      </main>
    );
  }
  if (session.kind !== 'staff') {
    return <StaffLoginPage ended={session.kind === 'anonymous' && session.ended} />;
  }
  const user = session.user;
  const routes: Route[] = [...mailRoutes, ...requestRoutes, ...configRoutes].map((route) => ({
    path: route.path,
    render: (params) => route.render(params, user),
  }));
  return (
    <>
      <StaffHeader user={user} />
      <Routes routes={routes} fallback={<NotFoundPage />} />
    </>
  );
}
