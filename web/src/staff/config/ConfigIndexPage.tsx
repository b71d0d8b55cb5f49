import type { StaffUserSummary } from '../../api/types.ts';
import { Link } from '../../app/router.tsx';
import { t } from '../../i18n/catalogue.ts';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { NoPermissionPage } from './config-ui.tsx';
import { sectionsFor } from './sections.ts';

/** `/staff/config`: the configuration sections the user may use, each with what it is for. */
export function ConfigIndexPage({ user }: { user: StaffUserSummary }) {
  const sections = sectionsFor(user.permissions);
  if (sections.length === 0) return <NoPermissionPage />;
  return (
    <main id="main" className="page">
      <PageHeading title={t('config.title')}>{t('config.title')}</PageHeading>
      <p className="lead">{t('config.intro', { library: user.libraryName })}</p>
      <ul className="config-sections">
        {sections.map((section) => (
          <li key={section.id} className="config-sections__item">
            <Link to={section.path} className="config-sections__link">
              {t(section.title)}
            </Link>
            <p className="muted">{t(section.description)}</p>
          </li>
        ))}
      </ul>
    </main>
  );
}
