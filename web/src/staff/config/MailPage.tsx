import { useId, useMemo, useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { StaffUserSummary } from '../../api/types.ts';
import { useRouter, useSearchParams } from '../../app/router.tsx';
import { formatDateTime, t } from '../../i18n/catalogue.ts';
import { ConfirmDialog } from '../../ui/Dialog.tsx';
import { Alert } from '../../ui/feedback.tsx';
import { CheckboxField, SelectField, TextField } from '../../ui/fields.tsx';
import { useApi } from '../../ui/use-api.ts';
import type { MailView, Outbox, SmtpSettingsBody, SmtpSettingsView, SmtpVerifyView } from './api-types.ts';
import {
  ConfigPage,
  FormErrorSummary,
  FormMessage,
  LiveStatus,
  useSubmitter,
  WhenLoaded,
} from './config-ui.tsx';
import {
  clientErrors,
  missingRequired,
  parseWholeNumber,
  textOrNull,
  type FormFields,
} from './form-errors.ts';
import { senderText } from '../mail/mail-presentation.ts';
import { templateLabel } from './labels.ts';

const OUTBOX_STATUSES = ['held', 'failed', 'queued', 'sent', 'all'] as const;
const PAGE_SIZE = 50;
type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * `/staff/config/mail`: the SMTP server the library's mail goes through, and the mail outbox. The
 * section needs `configure`, as the SMTP settings do in the API; staff with `ill`, whom the API lets
 * read the outbox and send mail again, have the outbox alone at `/staff/mail`.
 */
export function MailPage({ user }: { user: StaffUserSummary }) {
  const smtp = useApi((signal) => api.get<SmtpSettingsView>('/api/mail/smtp', undefined, { signal }), []);
  return (
    <ConfigPage user={user} section="mail">
      <p className="muted">{t('config.mail.intro')}</p>
      <WhenLoaded state={smtp}>
        {(loaded) => <SmtpSection settings={loaded} onChanged={smtp.reload} />}
      </WhenLoaded>
      <OutboxSection path="/staff/config/mail" />
    </ConfigPage>
  );
}

function SmtpSection({ settings, onChanged }: { settings: SmtpSettingsView; onChanged: () => void }) {
  const id = useId();
  const own = settings.library;
  const [host, setHost] = useState(own?.host ?? '');
  const [port, setPort] = useState(String(own?.port ?? 587));
  const [secure, setSecure] = useState(own?.secure ?? false);
  const [user, setUser] = useState(own?.user ?? '');
  const [password, setPassword] = useState('');
  const [removePassword, setRemovePassword] = useState(false);
  const [fromAddress, setFromAddress] = useState(own?.fromAddress ?? '');
  const [confirming, setConfirming] = useState(false);
  const [check, setCheck] = useState<SmtpVerifyView | null>(null);
  const fields: FormFields = useMemo(
    () => ({
      host: { id: `${id}-host`, label: t('config.mail.host') },
      port: { id: `${id}-port`, label: t('config.mail.port') },
      secure: { id: `${id}-secure`, label: t('config.mail.secure') },
      user: { id: `${id}-user`, label: t('config.mail.user') },
      password: { id: `${id}-password`, label: t('config.mail.password') },
      fromAddress: { id: `${id}-from`, label: t('config.mail.fromAddress') },
    }),
    [id],
  );
  const form = useSubmitter(fields);
  const checker = useSubmitter(fields);

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const portNumber = parseWholeNumber(port);
    const problems = missingRequired({ host, port }, ['host', 'port'], fields);
    if (problems.port === undefined && portNumber === undefined) {
      problems.port = t('config.error.wholeNumber', { field: t('config.mail.port') });
    }
    if (Object.keys(problems).length > 0) {
      form.setErrors(clientErrors(problems, fields));
      return;
    }
    checker.setStatus(undefined);
    const body: SmtpSettingsBody = {
      host: host.trim(),
      port: portNumber as number,
      secure,
      user: textOrNull(user),
      fromAddress: textOrNull(fromAddress),
      ...(password !== '' ? { password } : removePassword ? { password: null } : {}),
    };
    await form.run(
      () => api.put<SmtpSettingsView>('/api/mail/smtp', body),
      () => {
        setPassword('');
        setRemovePassword(false);
        onChanged();
        return t('config.mail.saved');
      },
    );
  };

  const verify = async (): Promise<void> => {
    setCheck(null);
    form.setStatus(undefined);
    await checker.run(
      () => api.post<SmtpVerifyView>('/api/mail/smtp/verify', {}),
      (result) => {
        setCheck(result);
        return result.ok ? t('config.mail.checkOk') : t('config.mail.checkFailed');
      },
    );
  };

  const forget = async (): Promise<void> => {
    setConfirming(false);
    checker.setStatus(undefined);
    setCheck(null);
    await form.run(
      () => api.delete('/api/mail/smtp'),
      () => {
        onChanged();
        return t('config.mail.forgotten');
      },
    );
  };

  return (
    <section aria-labelledby={`${id}-heading`} className="config-section">
      <h2 id={`${id}-heading`}>{t('config.mail.smtpTitle')}</h2>
      <LiveStatus message={form.status ?? checker.status} />
      <p>
        {settings.source === 'library'
          ? t('config.mail.sourceLibrary')
          : settings.source === 'environment'
            ? t('config.mail.sourceEnvironment', {
                host: settings.environment?.host ?? '',
                port: settings.environment?.port ?? '',
              })
            : t('config.mail.sourceNone')}
      </p>
      <FormErrorSummary errors={form.errors} />
      <FormMessage errors={form.errors} />
      <form className="form form--wide config-form" onSubmit={(event) => void save(event)} noValidate>
        <fieldset>
          <legend>{t('config.mail.ownServer')}</legend>
          <div className="form-grid">
            <TextField
              id={fields.host?.id}
              label={t('config.mail.host')}
              hint={t('config.mail.hostHint')}
              required
              autoComplete="off"
              error={form.errors.fields.host}
              value={host}
              onChange={(event) => setHost(event.target.value)}
            />
            <TextField
              id={fields.port?.id}
              label={t('config.mail.port')}
              hint={t('config.mail.portHint')}
              type="number"
              inputMode="numeric"
              min={1}
              max={65535}
              required
              className="field__input field__input--short"
              error={form.errors.fields.port}
              value={port}
              onChange={(event) => setPort(event.target.value)}
            />
            <TextField
              id={fields.user?.id}
              label={t('config.mail.user')}
              autoComplete="off"
              error={form.errors.fields.user}
              value={user}
              onChange={(event) => setUser(event.target.value)}
            />
            <div className="config-form__stack">
              <TextField
                id={fields.password?.id}
                label={t('config.mail.password')}
                hint={
                  own?.passwordSet === true ? t('config.mail.passwordStored') : t('config.mail.passwordNone')
                }
                type="password"
                autoComplete="new-password"
                error={form.errors.fields.password}
                value={password}
                onChange={(event) => setPassword(event.target.value)}
              />
              {own?.passwordSet === true ? (
                <CheckboxField
                  label={t('config.mail.removePassword')}
                  checked={removePassword}
                  onChange={(event) => setRemovePassword(event.target.checked)}
                />
              ) : null}
            </div>
            <TextField
              id={fields.fromAddress?.id}
              label={t('config.mail.fromAddress')}
              hint={t('config.mail.fromAddressHint')}
              type="email"
              autoComplete="off"
              error={form.errors.fields.fromAddress}
              value={fromAddress}
              onChange={(event) => setFromAddress(event.target.value)}
            />
          </div>
          <CheckboxField
            id={fields.secure?.id}
            label={t('config.mail.secure')}
            hint={t('config.mail.secureHint')}
            checked={secure}
            onChange={(event) => setSecure(event.target.checked)}
          />
        </fieldset>
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={form.busy}>
            {t('config.mail.save')}
          </button>
          <button
            type="button"
            className="button button--secondary"
            disabled={checker.busy || settings.source === 'none'}
            onClick={() => void verify()}
          >
            {checker.busy ? t('config.mail.checking') : t('config.mail.check')}
          </button>
          {own === null ? null : (
            <button type="button" className="button button--ghost" onClick={() => setConfirming(true)}>
              {t('config.mail.forget')}
            </button>
          )}
        </div>
      </form>
      <FormErrorSummary errors={checker.errors} />
      {check === null ? null : (
        <Alert
          tone={check.ok ? 'success' : 'error'}
          title={check.ok ? t('config.mail.checkOk') : t('config.mail.checkFailed')}
        >
          <p>{t('config.mail.serverSaid', { answer: check.answer })}</p>
        </Alert>
      )}
      <ConfirmDialog
        open={confirming}
        title={t('config.mail.forgetTitle')}
        body={<p>{t('config.mail.forgetBody')}</p>}
        confirmLabel={t('config.mail.forget')}
        busy={form.busy}
        onConfirm={() => void forget()}
        onClose={() => setConfirming(false)}
      />
    </section>
  );
}

/**
 * The mail outbox: held mail (or mail of another status) exactly as it goes out, from, to and
 * replying to whom, with Send again for held and failed mail. `path` is the page it is on, which
 * keeps the status shown and the page in its query.
 */
export function OutboxSection({ path }: { path: string }) {
  const id = useId();
  const params = useSearchParams();
  const { navigate } = useRouter();
  const requested = params.get('outbox');
  const status: OutboxStatus = OUTBOX_STATUSES.find((value) => value === requested) ?? 'held';
  const before = /^\d{1,19}$/.test(params.get('before') ?? '') ? (params.get('before') ?? '') : '';
  const outbox = useApi(
    (signal) => api.get<Outbox>('/api/mail/outbox', { status, before, limit: PAGE_SIZE }, { signal }),
    [status, before],
  );
  const show = (nextStatus: string, nextBefore: string): void => {
    const query = new URLSearchParams({ outbox: nextStatus });
    if (nextBefore !== '') query.set('before', nextBefore);
    navigate(`${path}?${query.toString()}`, { replace: nextBefore === '' });
  };
  const sender = useSubmitter(useMemo(() => ({}), []));

  const sendAgain = async (mail: MailView): Promise<void> => {
    await sender.run(
      () => api.post<MailView>(`/api/mail/${mail.id}/send`, {}),
      (result) => {
        outbox.reload();
        return t('config.outbox.sentAgain', { to: result.to });
      },
    );
  };

  return (
    <section aria-labelledby={`${id}-heading`} className="config-section">
      <h2 id={`${id}-heading`}>{t('config.outbox.title')}</h2>
      <p className="muted">{t('config.outbox.intro')}</p>
      <LiveStatus message={sender.status} />
      <FormErrorSummary errors={sender.errors} />
      <div className="toolbar">
        <SelectField
          id={`${id}-status`}
          label={t('config.outbox.show')}
          value={status}
          onChange={(event) => show(event.target.value, '')}
          options={OUTBOX_STATUSES.map((value) => ({ value, label: t(`config.outbox.filter.${value}`) }))}
        />
      </div>
      <WhenLoaded state={outbox}>
        {(loaded) => (
          <>
            {loaded.smtp === 'none' ? <Alert tone="info">{t('config.outbox.noSmtp')}</Alert> : null}
            {loaded.items.length === 0 ? (
              <p>{t('config.outbox.empty')}</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <caption className="visually-hidden">{t('config.outbox.title')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('config.outbox.created')}</th>
                      <th scope="col">{t('mail.outbox.from')}</th>
                      <th scope="col">{t('config.outbox.to')}</th>
                      <th scope="col">{t('mail.outbox.replyTo')}</th>
                      <th scope="col">{t('config.outbox.what')}</th>
                      <th scope="col">{t('config.outbox.statusColumn')}</th>
                      <th scope="col">{t('config.outbox.reason')}</th>
                      <th scope="col">{t('config.actionsColumn')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {loaded.items.map((mail) => (
                      <tr key={mail.id}>
                        <td>{formatDateTime(mail.createdAt)}</td>
                        <td className="config-break">
                          {mail.from === null ? (
                            <span className="muted">{t('mail.outbox.notTriedYet')}</span>
                          ) : (
                            senderText(mail.fromName, mail.from)
                          )}
                        </td>
                        <td className="config-break">{mail.to}</td>
                        <td className="config-break">
                          {mail.replyTo ?? <span className="muted">{t('mail.outbox.noReplyTo')}</span>}
                        </td>
                        <td>
                          <details>
                            <summary>{mail.subject}</summary>
                            <p className="muted">
                              {mail.kind === 'notice'
                                ? templateLabel('notice', mail.notice ?? '')
                                : t('config.outbox.partnerMessage', {
                                    message: templateLabel('partner', mail.message ?? ''),
                                    partner: mail.partnerSymbol ?? '',
                                  })}
                              {mail.requestReference === null ? '' : ` · ${mail.requestReference}`}
                            </p>
                            <pre className="config-preview__body">{mail.body}</pre>
                          </details>
                        </td>
                        <td>
                          <span
                            className={
                              mail.status === 'failed'
                                ? 'badge badge--problem'
                                : mail.status === 'sent'
                                  ? 'badge badge--done'
                                  : 'badge badge--waiting'
                            }
                          >
                            {t(`config.outbox.status.${mail.status}`)}
                          </span>
                          {mail.attempts > 0 ? (
                            <span className="config-small muted">
                              {' '}
                              {t('config.outbox.attempts', { count: mail.attempts })}
                            </span>
                          ) : null}
                        </td>
                        <td className="config-break">
                          {mail.lastError ?? (mail.status === 'held' ? t('config.outbox.heldReason') : '')}
                        </td>
                        <td>
                          {mail.status === 'held' || mail.status === 'failed' ? (
                            <button
                              type="button"
                              className="button button--secondary button--small"
                              disabled={sender.busy}
                              onClick={() => void sendAgain(mail)}
                            >
                              {t('config.outbox.sendAgain')}
                              <span className="visually-hidden">
                                {' '}
                                {t('config.outbox.sendAgainTo', { subject: mail.subject, to: mail.to })}
                              </span>
                            </button>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {before === '' && loaded.nextBefore === null ? null : (
              <nav className="pagination" aria-label={t('paging.label')}>
                {before === '' ? null : (
                  <button type="button" className="button button--secondary" onClick={() => show(status, '')}>
                    {t('config.outbox.newest')}
                  </button>
                )}
                {loaded.nextBefore === null ? null : (
                  <button
                    type="button"
                    className="button button--secondary"
                    onClick={() => show(status, loaded.nextBefore ?? '')}
                  >
                    {t('config.outbox.older')}
                  </button>
                )}
              </nav>
            )}
          </>
        )}
      </WhenLoaded>
    </section>
  );
}
