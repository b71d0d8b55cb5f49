import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { StaffUserSummary } from '../../api/types.ts';
import { formatDate, formatDateTime, t } from '../../i18n/catalogue.ts';
import { ConfirmDialog } from '../../ui/Dialog.tsx';
import { TextField } from '../../ui/fields.tsx';
import { useApi } from '../../ui/use-api.ts';
import type { ApiTokenView, CreateApiTokenBody, CreatedApiToken, LocalAction } from './api-types.ts';
import {
  ConfigPage,
  FormErrorSummary,
  FormMessage,
  LiveStatus,
  useSubmitter,
  WhenLoaded,
} from './config-ui.tsx';
import { optionId } from './controls.tsx';
import { clientErrors, missingRequired, type FormFields } from './form-errors.ts';
import { permissionLabel } from './labels.ts';
import { inChoiceOrder, permissionChoices } from './permissions.ts';
import { PermissionsField, useLocalActions } from './PermissionsField.tsx';

/** `/staff/config/tokens`: API tokens other systems use to act for the library. */
export function TokensPage({ user }: { user: StaffUserSummary }) {
  const id = useId();
  const tokens = useApi(
    (signal) => api.get<{ items: ApiTokenView[] }>('/api/tokens', undefined, { signal }),
    [],
  );
  const localActions = useLocalActions();
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [revoking, setRevoking] = useState<ApiTokenView | null>(null);
  const revoker = useSubmitter(useMemo(() => ({}), []));

  const revoke = async (): Promise<void> => {
    if (revoking === null) return;
    const token = revoking;
    setRevoking(null);
    await revoker.run(
      () => api.delete(`/api/tokens/${token.id}`),
      () => {
        tokens.reload();
        return t('config.tokens.revoked', { name: token.name });
      },
    );
  };

  return (
    <ConfigPage user={user} section="tokens">
      <p className="muted">{t('config.tokens.intro')}</p>
      <LiveStatus message={revoker.status} />
      <FormErrorSummary errors={revoker.errors} />
      {created === null ? null : <CreatedSecret token={created} onDone={() => setCreated(null)} />}
      <WhenLoaded state={localActions}>
        {(actions) => (
          <>
            <WhenLoaded state={tokens}>
              {({ items }) =>
                items.length === 0 ? (
                  <p>{t('config.tokens.none')}</p>
                ) : (
                  <div className="table-wrap">
                    <table>
                      <caption className="visually-hidden">{t('config.tokens.title')}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{t('config.tokens.name')}</th>
                          <th scope="col">{t('config.tokens.permissions')}</th>
                          <th scope="col">{t('config.tokens.status')}</th>
                          <th scope="col">{t('config.tokens.created')}</th>
                          <th scope="col">{t('config.tokens.lastUsed')}</th>
                          <th scope="col">{t('config.tokens.expires')}</th>
                          <th scope="col">{t('config.actionsColumn')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {items.map((token) => (
                          <tr key={token.id}>
                            <td>{token.name}</td>
                            <td>
                              {token.permissions
                                .map((permission) => permissionLabel(permission, actions))
                                .join(', ')}
                            </td>
                            <td>
                              <span className={token.status === 'active' ? 'badge badge--done' : 'badge'}>
                                {t(`config.tokens.status.${token.status}`)}
                              </span>
                            </td>
                            <td>
                              {formatDateTime(token.createdAt)}
                              {token.createdBy === null ? null : (
                                <span className="config-small muted">
                                  {' '}
                                  {t('config.tokens.by', { name: token.createdBy.name })}
                                </span>
                              )}
                            </td>
                            <td>
                              {token.lastUsedAt === null
                                ? t('config.tokens.neverUsed')
                                : formatDateTime(token.lastUsedAt)}
                            </td>
                            <td>
                              {token.expiresAt === null
                                ? t('config.tokens.noExpiry')
                                : formatDate(token.expiresAt)}
                            </td>
                            <td>
                              {token.status === 'active' ? (
                                <button
                                  type="button"
                                  className="button button--ghost button--small"
                                  onClick={() => setRevoking(token)}
                                >
                                  {t('config.tokens.revoke')}
                                  <span className="visually-hidden"> {token.name}</span>
                                </button>
                              ) : null}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )
              }
            </WhenLoaded>
            <section aria-labelledby={`${id}-create`} className="config-section">
              <h2 id={`${id}-create`}>{t('config.tokens.create')}</h2>
              <CreateToken
                user={user}
                localActions={actions}
                onCreated={(token) => {
                  setCreated(token);
                  tokens.reload();
                }}
              />
            </section>
          </>
        )}
      </WhenLoaded>
      <ConfirmDialog
        open={revoking !== null}
        title={t('config.tokens.revokeTitle', { name: revoking?.name ?? '' })}
        body={<p>{t('config.tokens.revokeBody')}</p>}
        confirmLabel={t('config.tokens.revoke')}
        busy={revoker.busy}
        onConfirm={() => void revoke()}
        onClose={() => setRevoking(null)}
      />
    </ConfigPage>
  );
}

/** The new token's secret, shown this once, with a way to copy it. */
function CreatedSecret({ token, onDone }: { token: CreatedApiToken; onDone: () => void }) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState<string | undefined>(undefined);
  useEffect(() => heading.current?.focus(), []);

  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopied(t('config.tokens.copied'));
    } catch {
      setCopied(t('config.tokens.copyFailed'));
    }
  };

  return (
    <section aria-labelledby={`${id}-heading`} className="alert alert--warning config-secret">
      <h2 id={`${id}-heading`} ref={heading} tabIndex={-1} className="alert__title">
        {t('config.tokens.secretTitle', { name: token.name })}
      </h2>
      <p>{t('config.tokens.secretOnce')}</p>
      <TextField
        id={`${id}-secret`}
        label={t('config.tokens.secret')}
        readOnly
        className="field__input config-mono"
        value={token.token}
        onFocus={(event) => event.target.select()}
      />
      <div className="button-row">
        <button type="button" className="button button--secondary" onClick={() => void copy()}>
          {t('config.tokens.copy')}
        </button>
        <button type="button" className="button button--primary" onClick={onDone}>
          {t('config.tokens.secretDone')}
        </button>
      </div>
      <div role="status" aria-live="polite">
        {copied === undefined ? null : <p>{copied}</p>}
      </div>
    </section>
  );
}

function CreateToken({
  user,
  localActions,
  onCreated,
}: {
  user: StaffUserSummary;
  localActions: readonly LocalAction[];
  onCreated: (token: CreatedApiToken) => void;
}) {
  const id = useId();
  const [name, setName] = useState('');
  const [permissions, setPermissions] = useState<string[]>([]);
  const [expires, setExpires] = useState('');
  const fields: FormFields = useMemo(
    () => ({
      name: { id: `${id}-name`, label: t('config.tokens.name') },
      permissions: { id: optionId(`${id}-permissions`, 'ill'), label: t('config.tokens.permissions') },
      expiresAt: { id: `${id}-expires`, label: t('config.tokens.expiresAt') },
    }),
    [id],
  );
  const form = useSubmitter(fields);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const problems = missingRequired({ name }, ['name'], fields);
    if (permissions.length === 0) problems.permissions = t('config.tokens.permissionsNeeded');
    if (Object.keys(problems).length > 0) {
      form.setErrors(clientErrors(problems, fields));
      return;
    }
    const choices = permissionChoices(
      localActions.map((action) => action.id),
      [],
    );
    const body: CreateApiTokenBody = {
      name: name.trim(),
      permissions: inChoiceOrder(permissions, choices),
      // The end of the chosen day, in the user's time zone.
      ...(expires === '' ? {} : { expiresAt: new Date(`${expires}T23:59:59`).toISOString() }),
    };
    const created = await form.run(() => api.post<CreatedApiToken>('/api/tokens', body));
    if (created !== undefined) {
      setName('');
      setPermissions([]);
      setExpires('');
      onCreated(created);
    }
  };

  return (
    <form className="form form--wide config-form" onSubmit={(event) => void submit(event)} noValidate>
      <FormErrorSummary errors={form.errors} />
      <FormMessage errors={form.errors} />
      <div className="form-grid">
        <TextField
          id={fields.name?.id}
          label={t('config.tokens.name')}
          hint={t('config.tokens.nameHint')}
          required
          autoComplete="off"
          error={form.errors.fields.name}
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <TextField
          id={fields.expiresAt?.id}
          label={t('config.tokens.expiresAt')}
          hint={t('config.tokens.expiresAtHint')}
          type="date"
          error={form.errors.fields.expiresAt}
          value={expires}
          onChange={(event) => setExpires(event.target.value)}
        />
      </div>
      <PermissionsField
        id={`${id}-permissions`}
        legend={t('config.tokens.permissions')}
        hint={t('config.tokens.permissionsHint')}
        error={form.errors.fields.permissions}
        selected={permissions}
        onChange={setPermissions}
        giver={user.permissions}
        localActions={localActions}
      />
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={form.busy}>
          {t('config.tokens.createSubmit')}
        </button>
      </div>
    </form>
  );
}
