import { t } from '../i18n/catalogue.ts';
import { PageHeading } from '../ui/PageHeading.tsx';
import { Link } from './router.tsx';

/** Any address the client has no page for. */
export function NotFoundPage() {
  return (
    <main id="main" className="page page--narrow">
      <PageHeading title={t('app.notFound.title')}>{t('app.notFound.title')}</PageHeading>
      <p>{t('app.notFound.body')}</p>
      <p>
        <Link to="/">{t('app.home')}</Link>
      </p>
    </main>
  );
}
