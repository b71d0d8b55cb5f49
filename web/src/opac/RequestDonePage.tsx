/** `/opac/<symbol>/request/done`: the request is placed; its reference, and what happens next. */
import type { OpacLibrary } from '../api/types.ts';
import { Link } from '../app/router.tsx';
import { t } from '../i18n/catalogue.ts';
import { Alert } from '../ui/feedback.tsx';
import { PageHeading } from '../ui/PageHeading.tsx';
import { useDraftStore } from './draft-store.tsx';
import { opacPath } from './opac-paths.ts';

export function RequestDonePage({ library }: { library: OpacLibrary }) {
  const { placed } = useDraftStore();
  const ask = opacPath(library.symbol, 'request');
  if (placed === null) {
    return (
      <main id="main" className="page page--narrow opac">
        <PageHeading title={t('opac.form.title')}>{t('opac.form.title')}</PageHeading>
        <p>{t('opac.done.none')}</p>
        <p>
          <Link to={ask} className="button button--primary">
            {t('opac.landing.ask')}
          </Link>
        </p>
      </main>
    );
  }
  return (
    <main id="main" className="page page--narrow opac">
      <PageHeading title={t('opac.done.title')}>{t('opac.done.title')}</PageHeading>
      <Alert tone="success">
        <p className="opac-reference">{t('opac.done.reference', { reference: placed.reference })}</p>
        {placed.title === '' ? null : <p>{placed.title}</p>}
      </Alert>
      <p>
        {placed.anonymous && placed.email !== null
          ? t('opac.done.nextAnonymous', { email: placed.email })
          : t('opac.done.next')}
      </p>
      <div className="button-row">
        {placed.anonymous ? null : (
          <Link to={opacPath(library.symbol, 'requests', placed.id)} className="button button--primary">
            {t('opac.done.view')}
          </Link>
        )}
        <Link to={ask} className="button button--secondary">
          {t('opac.done.another')}
        </Link>
      </div>
    </main>
  );
}
