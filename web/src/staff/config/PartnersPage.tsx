import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { StaffUserSummary } from '../../api/types.ts';
import { Link, useRouter, useSearchParams } from '../../app/router.tsx';
import { t } from '../../i18n/catalogue.ts';
import { SelectField, TextField } from '../../ui/fields.tsx';
import { useApi } from '../../ui/use-api.ts';
import type { PartnerList, Protocol } from './api-types.ts';
import { ConfigPage, LiveStatus, WhenLoaded } from './config-ui.tsx';
import { protocolLabel } from './labels.ts';
import { Pager } from './Pager.tsx';

export const PROTOCOLS: readonly Protocol[] = ['iso18626', 'email', 'manual'];
const PAGE_SIZE = 50;

/** `/staff/config/partners`: the partner directory, searched and filtered through the address. */
export function PartnersPage({ user }: { user: StaffUserSummary }) {
  const id = useId();
  const params = useSearchParams();
  const { navigate } = useRouter();
  const q = params.get('q') ?? '';
  const active = params.get('active') ?? '';
  const protocol = params.get('protocol') ?? '';
  const offset = Math.max(0, Number(params.get('offset') ?? '0') || 0);
  const [search, setSearch] = useState(q);
  const [activeFilter, setActiveFilter] = useState(active);
  const [protocolFilter, setProtocolFilter] = useState(protocol);

  const partners = useApi(
    (signal) =>
      api.get<PartnerList>('/api/partners', { q, active, protocol, limit: PAGE_SIZE, offset }, { signal }),
    [q, active, protocol, offset],
  );

  const go = (next: { q: string; active: string; protocol: string; offset: number }): void => {
    const query = new URLSearchParams();
    if (next.q !== '') query.set('q', next.q);
    if (next.active !== '') query.set('active', next.active);
    if (next.protocol !== '') query.set('protocol', next.protocol);
    if (next.offset > 0) query.set('offset', String(next.offset));
    const text = query.toString();
    navigate(`/staff/config/partners${text === '' ? '' : `?${text}`}`);
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    go({ q: search.trim(), active: activeFilter, protocol: protocolFilter, offset: 0 });
  };

  return (
    <ConfigPage user={user} section="partners">
      <LiveStatus message={undefined} />
      <p className="muted">{t('config.partners.intro')}</p>
      <div className="button-row">
        <Link to="/staff/config/partners/new" className="button button--primary">
          {t('config.partners.add')}
        </Link>
        <Link to="/staff/config/partners/import" className="button button--secondary">
          {t('config.partners.import')}
        </Link>
      </div>
      <form className="toolbar" role="search" onSubmit={submit} aria-label={t('config.partners.searchLabel')}>
        <TextField
          id={`${id}-q`}
          label={t('config.partners.search')}
          type="search"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        <SelectField
          id={`${id}-active`}
          label={t('config.partners.filterActive')}
          value={activeFilter}
          onChange={(event) => setActiveFilter(event.target.value)}
          options={[
            { value: '', label: t('config.partners.filterAll') },
            { value: 'true', label: t('config.partners.activeOnly') },
            { value: 'false', label: t('config.partners.inactiveOnly') },
          ]}
        />
        <SelectField
          id={`${id}-protocol`}
          label={t('config.partners.protocol')}
          value={protocolFilter}
          onChange={(event) => setProtocolFilter(event.target.value)}
          options={[
            { value: '', label: t('config.partners.filterAll') },
            ...PROTOCOLS.map((value) => ({ value, label: protocolLabel(value) })),
          ]}
        />
        <button type="submit" className="button button--primary">
          {t('form.search')}
        </button>
      </form>
      <WhenLoaded state={partners}>
        {({ items, total }) => (
          <>
            {items.length === 0 ? (
              <p>
                {q === '' && active === '' && protocol === ''
                  ? t('config.partners.none')
                  : t('config.partners.noMatch')}
              </p>
            ) : (
              <div className="table-wrap">
                <table>
                  <caption>{t('config.partners.count', { count: total })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('config.partners.symbol')}</th>
                      <th scope="col">{t('config.partners.name')}</th>
                      <th scope="col">{t('config.partners.protocol')}</th>
                      <th scope="col">{t('config.partners.address')}</th>
                      <th scope="col">{t('config.partners.days')}</th>
                      <th scope="col">{t('config.partners.undoAllowed')}</th>
                      <th scope="col">{t('config.partners.status')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((partner) => (
                      <tr key={partner.id}>
                        <td>
                          <Link to={`/staff/config/partners/${partner.id}`}>{partner.symbol}</Link>
                        </td>
                        <td>{partner.name}</td>
                        <td>{protocolLabel(partner.protocol)}</td>
                        <td className="config-break">
                          {partner.protocol === 'iso18626' ? partner.endpointUrl : partner.email}
                        </td>
                        <td>{partner.daysToRespond}</td>
                        <td>{partner.undoAllowed ? t('form.yes') : t('form.no')}</td>
                        <td>
                          <span className={partner.active ? 'badge badge--done' : 'badge'}>
                            {partner.active ? t('config.active') : t('config.inactive')}
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
              shown={items.length}
              total={total}
              onPage={(next) => go({ q, active, protocol, offset: next })}
            />
          </>
        )}
      </WhenLoaded>
    </ConfigPage>
  );
}
