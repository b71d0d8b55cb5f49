import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { StaffUserSummary } from '../../api/types.ts';
import { Link, useRouter, useSearchParams } from '../../app/router.tsx';
import { t } from '../../i18n/catalogue.ts';
import { TextField } from '../../ui/fields.tsx';
import { useApi } from '../../ui/use-api.ts';
import type { PatronPage } from './api-types.ts';
import { ConfigPage, LiveStatus, WhenLoaded } from './config-ui.tsx';
import { Pager } from './Pager.tsx';

const PAGE_SIZE = 50;

/** `/staff/config/patrons?query=…`: find the library's patrons by card number or name. */
export function PatronsPage({ user }: { user: StaffUserSummary }) {
  const id = useId();
  const params = useSearchParams();
  const { navigate } = useRouter();
  const query = params.get('query') ?? '';
  const offset = Math.max(0, Number(params.get('offset') ?? '0') || 0);
  const [typed, setTyped] = useState(query);
  const patrons = useApi(
    (signal) => api.get<PatronPage>('/api/patrons', { query, limit: PAGE_SIZE, offset }, { signal }),
    [query, offset],
  );

  const go = (nextQuery: string, nextOffset: number): void => {
    const search = new URLSearchParams();
    if (nextQuery !== '') search.set('query', nextQuery);
    if (nextOffset > 0) search.set('offset', String(nextOffset));
    const text = search.toString();
    navigate(`/staff/config/patrons${text === '' ? '' : `?${text}`}`);
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    go(typed.trim(), 0);
  };

  return (
    <ConfigPage user={user} section="patrons">
      <LiveStatus message={undefined} />
      <p className="muted">{t('config.patrons.intro')}</p>
      <div className="button-row">
        <Link to="/staff/config/patrons/new" className="button button--primary">
          {t('config.patrons.add')}
        </Link>
      </div>
      <form className="toolbar" role="search" aria-label={t('config.patrons.searchLabel')} onSubmit={submit}>
        <TextField
          id={`${id}-query`}
          label={t('config.patrons.search')}
          hint={t('config.patrons.searchHint')}
          type="search"
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
        />
        <button type="submit" className="button button--primary">
          {t('form.search')}
        </button>
      </form>
      <WhenLoaded state={patrons}>
        {(page) => (
          <>
            {page.items.length === 0 ? (
              <p>{query === '' ? t('config.patrons.none') : t('config.patrons.noMatch')}</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <caption>{t('config.patrons.count', { count: page.total })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('config.patrons.cardNumber')}</th>
                      <th scope="col">{t('config.patrons.name')}</th>
                      <th scope="col">{t('config.patrons.email')}</th>
                      <th scope="col">{t('config.patrons.category')}</th>
                      <th scope="col">{t('config.patrons.status')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((patron) => (
                      <tr key={patron.id}>
                        <td>
                          <Link to={`/staff/config/patrons/${patron.id}`}>{patron.cardNumber}</Link>
                        </td>
                        <td>{patron.name}</td>
                        <td className="config-break">{patron.email ?? ''}</td>
                        <td>{patron.category}</td>
                        <td>
                          <span className={patron.active ? 'badge badge--done' : 'badge'}>
                            {patron.active ? t('config.active') : t('config.inactive')}
                          </span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <Pager
              offset={offset}
              pageSize={PAGE_SIZE}
              shown={page.items.length}
              total={page.total}
              onPage={(next) => go(query, next)}
            />
          </>
        )}
      </WhenLoaded>
    </ConfigPage>
  );
}
