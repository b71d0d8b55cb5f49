import { api } from '../../api/client.ts';
import type { StaffUserSummary } from '../../api/types.ts';
import { Link } from '../../app/router.tsx';
import { t } from '../../i18n/catalogue.ts';
import { useApi } from '../../ui/use-api.ts';
import type { LocalAction } from './api-types.ts';
import { ConfigPage, LiveStatus, WhenLoaded } from './config-ui.tsx';
import { statusLabel } from './labels.ts';

/** `/staff/config/local-actions`: the library's locally-defined actions (VDX type 2). */
export function LocalActionsPage({ user }: { user: StaffUserSummary }) {
  const actions = useApi(
    (signal) => api.get<{ items: LocalAction[] }>('/api/library/local-actions', undefined, { signal }),
    [],
  );
  return (
    <ConfigPage user={user} section="local-actions">
      <LiveStatus message={undefined} />
      <p className="muted">{t('config.localActions.intro')}</p>
      <div className="button-row">
        <Link to="/staff/config/local-actions/new" className="button button--primary">
          {t('config.localActions.add')}
        </Link>
      </div>
      <WhenLoaded state={actions}>
        {({ items }) =>
          items.length === 0 ? (
            <p>{t('config.localActions.none')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t('config.localActions.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('config.localActions.name')}</th>
                    <th scope="col">{t('config.localActions.party')}</th>
                    <th scope="col">{t('config.localActions.statuses')}</th>
                    <th scope="col">{t('config.localActions.userAlert')}</th>
                    <th scope="col">{t('config.localActions.permission')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((action) => (
                    <tr key={action.id}>
                      <td>
                        <Link to={`/staff/config/local-actions/${encodeURIComponent(action.id)}`}>
                          {action.name}
                        </Link>
                      </td>
                      <td>{t(`config.localActions.party.${action.party}`)}</td>
                      <td>
                        {action.statuses.length === 0
                          ? t('config.localActions.everyStatus')
                          : action.statuses.map(statusLabel).join('; ')}
                      </td>
                      <td>{action.userAlertNote === null ? t('form.no') : t('form.yes')}</td>
                      <td>
                        <code>{action.permission}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </WhenLoaded>
    </ConfigPage>
  );
}
