import { api } from '../api/client.ts';
import { t } from '../i18n/catalogue.ts';
import { ErrorMessage, Loading } from '../ui/feedback.tsx';
import { PageHeading } from '../ui/PageHeading.tsx';
import { useApi } from '../ui/use-api.ts';
import { Link } from './router.tsx';

/** The start page: patrons choose their library's OPAC; staff go to their client. */
export function HomePage() {
  const libraries = useApi(
    (signal) => api.get<{ symbol: string; name: string }[]>('/api/opac/libraries', undefined, { signal }),
    [],
  );
  return (
    <main id="main" className="page page--narrow">
      <PageHeading title={t('home.title')}>{t('home.title')}</PageHeading>
      <p className="lead">{t('home.intro')}</p>
      <section aria-labelledby="home-patrons">
        <h2 id="home-patrons">{t('home.patrons.heading')}</h2>
        <p>{t('home.patrons.body')}</p>
        {libraries.error !== undefined ? (
          <ErrorMessage error={libraries.error} onRetry={libraries.reload} />
        ) : libraries.data === undefined ? (
          <Loading label={t('home.libraries.loading')} />
        ) : (
          <ul className="link-list">
            {libraries.data.map((library) => (
              <li key={library.symbol}>
                <Link to={`/opac/${encodeURIComponent(library.symbol)}`}>{library.name}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="home-staff">
        <h2 id="home-staff">{t('home.staff.heading')}</h2>
        <p>
          <Link to="/staff">{t('home.staff.link')}</Link>
        </p>
      </section>
    </main>
  );
}
