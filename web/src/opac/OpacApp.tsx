/**
 * The patron side of one library, under `/opac/<symbol>`: its header and navigation, and the pages
 * a patron uses. A patron logged in at another library is asked to log in here.
 */
import { api, ApiError } from '../api/client.ts';
import type { OpacLibrary } from '../api/types.ts';
import { Link, Routes, useRouter } from '../app/router.tsx';
import { useSession } from '../app/session.tsx';
import { NotFoundPage } from '../app/NotFoundPage.tsx';
import { t } from '../i18n/catalogue.ts';
import { useLiveStatus } from '../live/live-events.tsx';
import { ErrorMessage, Loading } from '../ui/feedback.tsx';
import { PageHeading } from '../ui/PageHeading.tsx';
import { useApi } from '../ui/use-api.ts';
import { DraftProvider, useDraftStore } from './draft-store.tsx';
import { loginPath, opacPath } from './opac-paths.ts';
import { useVisitor } from './opac-ui.tsx';
import { opacRoutes } from './routes.tsx';

function NavLink({ to, children, current }: { to: string; children: string; current: boolean }) {
  return (
    <li>
      <Link to={to} aria-current={current ? 'page' : undefined}>
        {children}
      </Link>
    </li>
  );
}

/** Whether the patron's pages follow changes as they happen (the event stream is open). */
function LiveIndicator() {
  const status = useLiveStatus();
  if (status === 'off') return null;
  return (
    <span className={`live live--${status}`} role="status">
      {status === 'live' ? t('live.connected') : t('live.reconnecting')}
    </span>
  );
}

function OpacHeader({ library }: { library: OpacLibrary }) {
  const { logout } = useSession();
  const { location, navigate } = useRouter();
  const visitor = useVisitor(library);
  const drafts = useDraftStore();
  const path = location.pathname;
  const home = opacPath(library.symbol);
  const ask = opacPath(library.symbol, 'request');
  const mine = opacPath(library.symbol, 'requests');
  const within = (base: string): boolean => path === base || path.startsWith(`${base}/`);
  const canAsk = library.illModuleEnabled && (visitor.kind === 'patron' || library.unauthenticatedRequests);
  const logOut = async (): Promise<void> => {
    drafts.clearAll();
    await logout();
    navigate(home);
  };
  return (
    <header className="site-header site-header--opac">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <div className="site-header__bar">
        <Link to={home} className="site-header__brand">
          {library.name}
        </Link>
        <nav className="site-nav" aria-label={t('opac.nav.label')}>
          <ul>
            <NavLink to={home} current={path === home}>
              {t('opac.nav.home')}
            </NavLink>
            {canAsk ? (
              <NavLink to={ask} current={within(ask)}>
                {t('opac.nav.ask')}
              </NavLink>
            ) : null}
            {visitor.kind === 'patron' ? (
              <NavLink to={mine} current={within(mine)}>
                {t('opac.nav.myRequests')}
              </NavLink>
            ) : null}
          </ul>
        </nav>
        {visitor.kind === 'patron' ? (
          <div className="site-header__user">
            <LiveIndicator />
            <span>{t('auth.loggedInAs', { name: visitor.user.name })}</span>
            <button type="button" className="button button--ghost" onClick={() => void logOut()}>
              {t('auth.logout')}
            </button>
          </div>
        ) : visitor.kind === 'anonymous' && !path.startsWith(opacPath(library.symbol, 'login')) ? (
          <div className="site-header__user">
            <Link to={loginPath(library.symbol)} className="button button--ghost">
              {t('opac.nav.login')}
            </Link>
          </div>
        ) : null}
      </div>
    </header>
  );
}

/** The page shown when the library cannot be loaded: unknown, or the server unreachable. */
function LibraryError({ symbol, error, onRetry }: { symbol: string; error: unknown; onRetry: () => void }) {
  const notFound = error instanceof ApiError && error.status === 404;
  return (
    <main id="main" className="page page--narrow opac">
      <PageHeading title={t('opac.libraryUnavailable')}>{t('opac.libraryUnavailable')}</PageHeading>
      {notFound ? (
        <p>{t('opac.libraryNotFound', { symbol })}</p>
      ) : (
        <ErrorMessage error={error} onRetry={onRetry} />
      )}
      <p>
        <Link to="/">{t('app.home')}</Link>
      </p>
    </main>
  );
}

export function OpacApp({ symbol }: { symbol: string }) {
  const library = useApi(
    (signal) =>
      api.get<OpacLibrary>(`/api/opac/libraries/${encodeURIComponent(symbol)}`, undefined, { signal }),
    [symbol],
  );
  if (library.data === undefined || library.data.symbol.toUpperCase() !== symbol.toUpperCase()) {
    if (library.error !== undefined) {
      return <LibraryError symbol={symbol} error={library.error} onRetry={library.reload} />;
    }
    return (
      <main id="main" className="page opac">
        <Loading />
      </main>
    );
  }
  const data = library.data;
  return (
    <DraftProvider key={data.symbol} library={data}>
      <OpacHeader library={data} />
      <Routes
        routes={opacRoutes.map((route) => ({
          path: route.path,
          render: (params) => route.render(params, data),
        }))}
        fallback={<NotFoundPage />}
      />
    </DraftProvider>
  );
}
