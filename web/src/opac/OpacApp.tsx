/**
 * The patron side of one library, under `/opac/<symbol>`: its header, and the pages a patron uses.
 * A patron logged in at another library is asked to log in here.
 */
import { api } from '../api/client.ts';
import { Link, Routes } from '../app/router.tsx';
import { useSession } from '../app/session.tsx';
import { NotFoundPage } from '../app/NotFoundPage.tsx';
import { t } from '../i18n/catalogue.ts';
import { ErrorMessage, Loading } from '../ui/feedback.tsx';
import { useApi } from '../ui/use-api.ts';
import { opacRoutes, type OpacLibrary } from './routes.tsx';

function OpacHeader({ library }: { library: OpacLibrary }) {
  const { session, logout } = useSession();
  return (
    <header className="site-header site-header--opac">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <div className="site-header__bar">
        <Link to={`/opac/${encodeURIComponent(library.symbol)}`} className="site-header__brand">
          {library.name}
        </Link>
        {session.kind === 'patron' && session.user.librarySymbol === library.symbol ? (
          <div className="site-header__user">
            <span>{t('auth.loggedInAs', { name: session.user.name })}</span>
            <button type="button" className="button button--ghost" onClick={() => void logout()}>
              {t('auth.logout')}
            </button>
          </div>
        ) : null}
      </div>
    </header>
  );
}

export function OpacApp({ symbol }: { symbol: string }) {
  const library = useApi(
    (signal) =>
      api.get<OpacLibrary>(`/api/opac/libraries/${encodeURIComponent(symbol)}`, undefined, { signal }),
    [symbol],
  );
  if (library.error !== undefined) {
    return (
      <main id="main" className="page page--narrow">
        <ErrorMessage error={library.error} onRetry={library.reload} />
      </main>
    );
  }
  if (library.data === undefined) {
    return (
      <main id="main" className="page">
        <Loading />
      </main>
    );
  }
  const data = library.data;
  return (
    <>
      <OpacHeader library={data} />
      <Routes
        routes={opacRoutes.map((route) => ({
          path: route.path,
          render: (params) => route.render(params, data),
        }))}
        fallback={<NotFoundPage />}
      />
    </>
  );
}
