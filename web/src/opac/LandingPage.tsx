/**
 * `/opac/<symbol>`: what interlibrary loan is at this library, the way to ask for an item and to
 * follow one's requests, and the login form for a patron not logged in.
 */
import type { OpacLibrary } from '../api/types.ts';
import { Link } from '../app/router.tsx';
import { t } from '../i18n/catalogue.ts';
import { Alert, Loading } from '../ui/feedback.tsx';
import { PageHeading } from '../ui/PageHeading.tsx';
import { LoginForm } from './LoginPage.tsx';
import { opacPath } from './opac-paths.ts';
import { ClosedPage, useVisitor } from './opac-ui.tsx';

export function LandingPage({ library }: { library: OpacLibrary }) {
  const visitor = useVisitor(library);
  if (!library.illModuleEnabled) return <ClosedPage library={library} />;
  const title = t('opac.title', { library: library.name });
  return (
    <main id="main" className="page page--narrow opac">
      <PageHeading title={title}>{title}</PageHeading>
      <p className="lead">{t('opac.landing.intro', { library: library.name })}</p>
      <section aria-labelledby="opac-how" className="panel">
        <h2 id="opac-how">{t('opac.landing.how.heading')}</h2>
        <ol className="opac-steps">
          <li>{t('opac.landing.how.ask')}</li>
          <li>{t('opac.landing.how.look')}</li>
          <li>{t('opac.landing.how.collect')}</li>
        </ol>
      </section>
      {visitor.kind === 'loading' ? (
        <Loading />
      ) : visitor.kind === 'patron' ? (
        <>
          <p>{t('opac.landing.loggedIn', { name: visitor.user.name })}</p>
          <p className="button-row">
            <Link to={opacPath(library.symbol, 'request')} className="button button--primary">
              {t('opac.landing.ask')}
            </Link>
            <Link to={opacPath(library.symbol, 'requests')} className="button button--secondary">
              {t('opac.landing.myRequests')}
            </Link>
          </p>
        </>
      ) : (
        <section aria-labelledby="opac-login">
          <h2 id="opac-login">{t('opac.landing.loginHeading')}</h2>
          {visitor.otherLibrary === null ? null : (
            <Alert tone="info">{t('opac.login.otherLibrary', { library: visitor.otherLibrary })}</Alert>
          )}
          <p>{t('opac.landing.loginIntro')}</p>
          <LoginForm library={library} />
          {library.unauthenticatedRequests ? (
            <>
              <p>{t('opac.landing.anonymous')}</p>
              <p>
                <Link to={opacPath(library.symbol, 'request')} className="button button--secondary">
                  {t('opac.landing.ask')}
                </Link>
              </p>
            </>
          ) : null}
        </section>
      )}
    </main>
  );
}
