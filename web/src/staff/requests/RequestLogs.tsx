/**
 * What went out about a request: the messages to partners (ISO 18626 or email) with their delivery
 * status and a retry for those that failed, and the notices and partner emails with theirs.
 */
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { MailView, MessageLog, MessageLogEntry, NoticeView } from '../../api/types.ts';
import { formatDateTime, t, tOr } from '../../i18n/catalogue.ts';
import { Alert, ErrorMessage, errorText, Loading } from '../../ui/feedback.tsx';
import { useLiveReload } from '../../live/live-events.tsx';
import { useApi } from '../../ui/use-api.ts';
import { Badge } from './badges.tsx';
import type { Tone } from './state-presentation.ts';

const MESSAGE_TONES: Record<MessageLogEntry['status'], Tone> = {
  pending: 'waiting',
  sent: 'done',
  failed: 'problem',
  dead: 'problem',
};
const MAIL_TONES: Record<MailView['status'] | NoticeView['status'], Tone> = {
  queued: 'waiting',
  held: 'waiting',
  sent: 'done',
  failed: 'problem',
  skipped: 'neutral',
};

function messageLabel(message: string): string {
  return tOr(`message.${message}`, message);
}

/**
 * The log of messages to partners. `version` changes whenever the request or the delivery of its
 * messages does, and re-reads it.
 */
export function MessagesSection({ requestId, version }: { requestId: string; version: string }) {
  const log = useApi(
    (signal) => api.get<MessageLog>(`/api/requests/${requestId}/messages`, undefined, { signal }),
    [requestId, version],
  );
  // Delivery attempts change a message's status and error without changing the request's version.
  useLiveReload(log.reload, (changed) => changed === requestId);
  // A retry answers with the log as it is now: shown until the request changes again.
  const [retried, setRetried] = useState<{ version: string; log: MessageLog } | undefined>(undefined);
  const [retrying, setRetrying] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const items = (retried?.version === version ? retried.log : log.data)?.items;

  const retry = async (entry: MessageLogEntry): Promise<void> => {
    setRetrying(entry.id);
    setOutcome(null);
    try {
      const answer = await api.post<MessageLog>(`/api/requests/${requestId}/messages/${entry.id}/retry`);
      setRetried({ version, log: answer });
      setOutcome({
        tone: 'success',
        text: t('staff.messages.retried', { message: messageLabel(entry.message), partner: entry.partner }),
      });
    } catch (error) {
      setOutcome({ tone: 'error', text: errorText(error) });
    } finally {
      setRetrying(null);
    }
  };

  return (
    <section className="panel" id="messages" aria-labelledby="messages-heading">
      <h2 id="messages-heading">{t('staff.messages.title')}</h2>
      {outcome === null ? null : <Alert tone={outcome.tone}>{outcome.text}</Alert>}
      {items === undefined ? (
        log.error === undefined ? (
          <Loading />
        ) : (
          <ErrorMessage error={log.error} onRetry={log.reload} />
        )
      ) : items.length === 0 ? (
        <p className="muted">{t('staff.messages.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('staff.messages.message')}</th>
                <th scope="col">{t('staff.messages.partner')}</th>
                <th scope="col">{t('staff.messages.status')}</th>
                <th scope="col">{t('staff.messages.when')}</th>
                <th scope="col">{t('staff.messages.problem')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((entry) => (
                <tr key={entry.id}>
                  <th scope="row">
                    {messageLabel(entry.message)}
                    {entry.resend ? <span className="staff-subtle">{t('staff.messages.resend')}</span> : null}
                  </th>
                  <td>
                    {entry.partner}
                    <span className="staff-subtle">{tOr(`protocol.${entry.protocol}`, entry.protocol)}</span>
                  </td>
                  <td>
                    <Badge tone={MESSAGE_TONES[entry.status]}>
                      {t(`staff.messages.status.${entry.status}`)}
                    </Badge>
                    <span className="staff-subtle">
                      {t('staff.messages.attempts', { count: entry.attempts })}
                    </span>
                  </td>
                  <td>
                    <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt)}</time>
                    {entry.sentAt === null ? null : (
                      <span className="staff-subtle">
                        {t('staff.messages.sentAt', { at: formatDateTime(entry.sentAt) })}
                      </span>
                    )}
                    {entry.status === 'pending' && entry.nextAttemptAt !== null ? (
                      <span className="staff-subtle">
                        {t('staff.messages.nextAttempt', { at: formatDateTime(entry.nextAttemptAt) })}
                      </span>
                    ) : null}
                  </td>
                  <td>
                    {entry.lastError === null ? null : (
                      <span className="staff-error-text">{entry.lastError}</span>
                    )}
                    {entry.status === 'failed' || entry.status === 'dead' ? (
                      <button
                        type="button"
                        className="button button--secondary button--small"
                        disabled={retrying !== null}
                        onClick={() => void retry(entry)}
                      >
                        {t('staff.messages.retry')}
                        <span className="visually-hidden">
                          {' '}
                          {t('staff.messages.retryWhat', {
                            message: messageLabel(entry.message),
                            partner: entry.partner,
                          })}
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
    </section>
  );
}

function mailStatus(status: MailView['status'] | NoticeView['status']) {
  return <Badge tone={MAIL_TONES[status]}>{t(`staff.mail.status.${status}`)}</Badge>;
}

function mailProblem(mail: { status: string; lastError: string | null; skipReason?: string | null }) {
  if (mail.lastError !== null) return <span className="staff-error-text">{mail.lastError}</span>;
  if (mail.skipReason !== undefined && mail.skipReason !== null) return mail.skipReason;
  if (mail.status === 'held') return t('staff.mail.heldReason');
  return null;
}

/** The notices sent about the request (to the patron or staff) and the emails to partners. */
export function NoticesSection({ requestId, version }: { requestId: string; version: string }) {
  const sent = useApi(
    (signal) =>
      api.get<{ notices: NoticeView[]; partnerEmails: MailView[] }>(
        `/api/requests/${requestId}/notices`,
        undefined,
        { signal },
      ),
    [requestId, version],
  );
  useLiveReload(sent.reload, (changed) => changed === requestId);
  return (
    <section className="panel" id="notices" aria-labelledby="notices-heading">
      <h2 id="notices-heading">{t('staff.notices.title')}</h2>
      {sent.data === undefined ? (
        sent.error === undefined ? (
          <Loading />
        ) : (
          <ErrorMessage error={sent.error} onRetry={sent.reload} />
        )
      ) : sent.data.notices.length === 0 && sent.data.partnerEmails.length === 0 ? (
        <p className="muted">{t('staff.notices.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('staff.notices.subject')}</th>
                <th scope="col">{t('staff.notices.to')}</th>
                <th scope="col">{t('staff.messages.status')}</th>
                <th scope="col">{t('staff.messages.when')}</th>
                <th scope="col">{t('staff.messages.problem')}</th>
              </tr>
            </thead>
            <tbody>
              {sent.data.notices.map((notice) => (
                <tr key={`notice-${notice.id}`}>
                  <th scope="row">
                    {notice.subject === ''
                      ? t('staff.notices.notWritten', { notice: notice.notice })
                      : notice.subject}
                  </th>
                  <td>
                    {notice.recipient ?? (
                      <span className="muted">
                        {notice.status === 'queued'
                          ? t('staff.notices.notWrittenYet')
                          : t('staff.notices.noRecipient')}
                      </span>
                    )}
                    <span className="staff-subtle">{t(`staff.notices.audience.${notice.audience}`)}</span>
                  </td>
                  <td>{mailStatus(notice.status)}</td>
                  <td>
                    <time dateTime={notice.createdAt}>{formatDateTime(notice.createdAt)}</time>
                  </td>
                  <td>{mailProblem(notice)}</td>
                </tr>
              ))}
              {sent.data.partnerEmails.map((mail) => (
                <tr key={`mail-${mail.id}`}>
                  <th scope="row">{mail.subject}</th>
                  <td>
                    {mail.to}
                    <span className="staff-subtle">
                      {t('staff.notices.partnerEmail', { partner: mail.partnerSymbol ?? '' })}
                    </span>
                  </td>
                  <td>{mailStatus(mail.status)}</td>
                  <td>
                    <time dateTime={mail.createdAt}>{formatDateTime(mail.createdAt)}</time>
                  </td>
                  <td>{mailProblem(mail)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
