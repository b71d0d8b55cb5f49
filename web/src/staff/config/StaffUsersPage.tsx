import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { StaffUserSummary } from '../../api/types.ts';
import { Link, useRouter, useSearchParams } from '../../app/router.tsx';
import { formatDateTime, t } from '../../i18n/catalogue.ts';
import { TextField } from '../../ui/fields.tsx';
import { useApi } from '../../ui/use-api.ts';
import type { StaffUserPage } from './api-types.ts';
import { ConfigPage, LiveStatus, WhenLoaded } from './config-ui.tsx';
import { permissionLabel } from './labels.ts';
import { Pager } from './Pager.tsx';
import { useLocalActions } from './PermissionsField.tsx';

const PAGE_SIZE = 50;

/** `/staff/config/staff-users?query=…`: the library's staff users. */
export function StaffUsersPage({ user }: { user: StaffUserSummary }) {
  const id = useId();
  const params = useSearchParams();
  const { navigate } = useRouter();
  const query = params.get('query') ?? '';
  const offset = Math.max(0, Number(params.get('offset') ?? '0') || 0);
  const [typed, setTyped] = useState(query);
  const users = useApi(
    (signal) => api.get<StaffUserPage>('/api/staff-users', { query, limit: PAGE_SIZE, offset }, { signal }),
    [query, offset],
  );
  const localActions = useLocalActions();

  const go = (nextQuery: string, nextOffset: number): void => {
    const search = new URLSearchParams();
    if (nextQuery !== '') search.set('query', nextQuery);
    if (nextOffset > 0) search.set('offset', String(nextOffset));
    const text = search.toString();
    navigate(`/staff/config/staff-users${text === '' ? '' : `?${text}`}`);
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    go(typed.trim(), 0);
  };

  return (
    <ConfigPage user={user} section="staff-users">
      <LiveStatus message={undefined} />
      <p className="muted">{t('config.staff.intro')}</p>
      <div className="button-row">
        <Link to="/staff/config/staff-users/new" className="button button--primary">
          {t('config.staff.add')}
        </Link>
      </div>
      <form className="toolbar" role="search" aria-label={t('config.staff.searchLabel')} onSubmit={submit}>
        <TextField
          id={`${id}-query`}
          label={t('config.staff.search')}
          type="search"
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
        />
        <button type="submit" className="button button--primary">
          {t('form.search')}
        </button>
      </form>
      <WhenLoaded state={users}>
        {(page) => (
          <>
            {page.items.length === 0 ? (
              <p>{t('config.staff.none')}</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <caption>{t('config.staff.count', { count: page.total })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('config.staff.username')}</th>
                      <th scope="col">{t('config.staff.name')}</th>
                      <th scope="col">{t('config.staff.email')}</th>
                      <th scope="col">{t('config.staff.permissions')}</th>
                      <th scope="col">{t('config.staff.status')}</th>
                      <th scope="col">{t('config.staff.lastLogin')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((staff) => (
                      <tr key={staff.id}>
                        <td>
                          <Link to={`/staff/config/staff-users/${staff.id}`}>{staff.username}</Link>
                        </td>
                        <td>{staff.name}</td>
                        <td className="config-break">{staff.email ?? ''}</td>
                        <td>
                          {staff.permissions.length === 0
                            ? t('config.staff.noPermissions')
                            : staff.permissions
                                .map((permission) => permissionLabel(permission, localActions.data ?? []))
                                .join(', ')}
                        </td>
                        <td>
                          <span className={staff.active ? 'badge badge--done' : 'badge'}>
                            {staff.active ? t('config.active') : t('config.inactive')}
                          </span>
                        </td>
                        <td>
                          {staff.lastLoginAt === null
                            ? t('config.staff.never')
                            : formatDateTime(staff.lastLoginAt)}
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
