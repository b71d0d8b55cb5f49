/**
 * `/staff/notices`: the notice log, every notice to patrons and staff newest first, filtered by
 * status, audience and the days it was written, paged with "Older notices". The filters and the page
 * are kept in the URL, so that back and forward and a shared link show the same notices.
 */
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { NoticeView, StaffUserSummary } from '../../api/types.ts';
import { Link, useRouter, useSearchParams } from '../../app/router.tsx';
import { formatDateTime, t } from '../../i18n/catalogue.ts';
import { ErrorSummary } from '../../ui/feedback.tsx';
import { SelectField, TextField } from '../../ui/fields.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { useApi } from '../../ui/use-api.ts';
import type { NoticeLog } from '../../../../src/notices/notice.schemas.ts';
import { NoPermissionPage, WhenLoaded } from '../config/config-ui.tsx';
import { templateLabel } from '../config/labels.ts';
import {
  daysOutOfOrder,
  NOTICE_AUDIENCES,
  NOTICE_STATUSES,
  noticeLogApiQuery,
  noticeLogSearch,
  parseNoticeLogFilters,
  type NoticeLogFilters,
} from './mail-presentation.ts';
import { canReadMail } from './mail-permissions.ts';

const PAGE_SIZE = 50;
const PATH = '/staff/notices';

function badgeClass(status: string): string {
  if (status === 'failed') return 'badge badge--problem';
  if (status === 'sent') return 'badge badge--done';
  if (status === 'skipped') return 'badge';
  return 'badge badge--waiting';
}

/** What became of a notice beyond its status: why it was not sent, the server's answer, when. */
function noticeDetails(notice: NoticeView): string {
  const parts: string[] = [];
  if (notice.skipReason !== null) parts.push(notice.skipReason);
  if (notice.lastError !== null && notice.status !== 'sent') parts.push(notice.lastError);
  if (notice.attempts > 1) parts.push(t('mail.log.attempts', { count: notice.attempts }));
  if (notice.status === 'queued' && notice.nextAttemptAt !== null) {
    parts.push(t('mail.log.nextAttempt', { at: formatDateTime(notice.nextAttemptAt) }));
  }
  if (notice.sentAt !== null) parts.push(t('mail.log.sentAt', { at: formatDateTime(notice.sentAt) }));
  return parts.join(' ');
}

function FilterForm({
  filters,
  onApply,
}: {
  filters: NoticeLogFilters;
  onApply: (next: NoticeLogFilters) => void;
}) {
  const id = useId();
  const [status, setStatus] = useState<string>(filters.status ?? '');
  const [audience, setAudience] = useState<string>(filters.audience ?? '');
  const [from, setFrom] = useState(filters.from ?? '');
  const [to, setTo] = useState(filters.to ?? '');
  const [error, setError] = useState<string | undefined>(undefined);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (daysOutOfOrder(from, to)) {
      setError(t('mail.log.datesOutOfOrder'));
      return;
    }
    setError(undefined);
    onApply(
      parseNoticeLogFilters(
        new URLSearchParams(
          Object.entries({ status, audience, from, to }).filter(([, value]) => value !== ''),
        ),
      ),
    );
  };

  return (
    <form className="form form--wide" noValidate onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('mail.log.filters')}</h2>
      <ErrorSummary errors={error === undefined ? [] : [{ fieldId: `${id}-to`, message: error }]} />
      <div className="form-grid">
        <SelectField
          id={`${id}-status`}
          label={t('mail.log.status')}
          value={status}
          onChange={(event) => setStatus(event.target.value)}
          options={[
            { value: '', label: t('mail.log.anyStatus') },
            ...NOTICE_STATUSES.map((value) => ({ value, label: t(`staff.mail.status.${value}`) })),
          ]}
        />
        <SelectField
          id={`${id}-audience`}
          label={t('mail.log.audience')}
          value={audience}
          onChange={(event) => setAudience(event.target.value)}
          options={[
            { value: '', label: t('mail.log.anyAudience') },
            ...NOTICE_AUDIENCES.map((value) => ({ value, label: t(`mail.log.audienceOption.${value}`) })),
          ]}
        />
        <TextField
          id={`${id}-from`}
          type="date"
          label={t('mail.log.from')}
          hint={t('mail.log.datesHint')}
          value={from}
          onChange={(event) => setFrom(event.target.value)}
        />
        <TextField
          id={`${id}-to`}
          type="date"
          label={t('mail.log.to')}
          hint={t('mail.log.datesHint')}
          error={error}
          value={to}
          onChange={(event) => setTo(event.target.value)}
        />
      </div>
      <div className="button-row">
        <button type="submit" className="button button--primary">
          {t('mail.log.apply')}
        </button>
        <button type="button" className="button button--ghost" onClick={() => onApply({})}>
          {t('mail.log.clear')}
        </button>
      </div>
    </form>
  );
}

function NoticeTable({ notices }: { notices: readonly NoticeView[] }) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{t('mail.log.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('mail.log.created')}</th>
            <th scope="col">{t('mail.log.notice')}</th>
            <th scope="col">{t('mail.log.recipient')}</th>
            <th scope="col">{t('mail.log.request')}</th>
            <th scope="col">{t('mail.log.statusColumn')}</th>
            <th scope="col">{t('mail.log.details')}</th>
          </tr>
        </thead>
        <tbody>
          {notices.map((notice) => (
            <tr key={notice.id}>
              <td>{formatDateTime(notice.createdAt)}</td>
              <td>
                {notice.subject === null ? (
                  templateLabel('notice', notice.notice)
                ) : (
                  <details>
                    <summary>{templateLabel('notice', notice.notice)}</summary>
                    <p className="muted">{notice.subject}</p>
                    <pre className="config-preview__body">{notice.body}</pre>
                  </details>
                )}
                <span className="config-small muted"> {t(`staff.notices.audience.${notice.audience}`)}</span>
              </td>
              <td className="config-break">
                {notice.recipient ?? (
                  <span className="muted">
                    {notice.status === 'queued'
                      ? t('staff.notices.notWrittenYet')
                      : t('mail.log.noRecipient')}
                  </span>
                )}
              </td>
              <td>
                {notice.requestId === null || notice.requestReference === null ? (
                  <span className="muted">{t('mail.log.noRequest')}</span>
                ) : (
                  <Link to={`/staff/requests/${notice.requestId}`}>{notice.requestReference}</Link>
                )}
              </td>
              <td>
                <span className={badgeClass(notice.status)}>{t(`staff.mail.status.${notice.status}`)}</span>
              </td>
              <td className="config-break">{noticeDetails(notice)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function NoticeLogPage({ user }: { user: StaffUserSummary }) {
  const params = useSearchParams();
  const { navigate } = useRouter();
  const filters = parseNoticeLogFilters(params);
  const search = noticeLogSearch(filters);
  const log = useApi(
    (signal) =>
      canReadMail(user.permissions)
        ? api.get<NoticeLog>('/api/notices', noticeLogApiQuery(filters, PAGE_SIZE), { signal })
        : Promise.resolve(undefined),
    [search],
  );
  if (!canReadMail(user.permissions)) return <NoPermissionPage />;
  const { before: _page, ...withoutPage } = filters;
  const title = t('mail.log.title');
  return (
    <main id="main" className="page config-page">
      <PageHeading title={title}>{title}</PageHeading>
      <p className="lead">{t('mail.log.intro')}</p>
      <p>
        <Link to="/staff/mail">{t('mail.log.outbox')}</Link>: {t('mail.log.outboxWhat')}
      </p>
      <FilterForm
        key={noticeLogSearch(withoutPage)}
        filters={filters}
        onApply={(next) => navigate(`${PATH}${noticeLogSearch(next)}`)}
      />
      <section aria-labelledby="notice-log-results" className="config-section">
        <h2 id="notice-log-results" className="visually-hidden">
          {t('mail.log.caption')}
        </h2>
        <WhenLoaded state={log}>
          {(loaded) =>
            loaded === undefined ? null : (
              <>
                {loaded.items.length === 0 ? (
                  <p role="status">{t('mail.log.empty')}</p>
                ) : (
                  <NoticeTable notices={loaded.items} />
                )}
                {filters.before === undefined && loaded.nextBefore === null ? null : (
                  <nav className="pagination" aria-label={t('paging.label')}>
                    {filters.before === undefined ? null : (
                      <button
                        type="button"
                        className="button button--secondary"
                        onClick={() => navigate(`${PATH}${noticeLogSearch(withoutPage)}`)}
                      >
                        {t('mail.log.newest')}
                      </button>
                    )}
                    {loaded.nextBefore === null ? null : (
                      <button
                        type="button"
                        className="button button--secondary"
                        onClick={() =>
                          navigate(
                            `${PATH}${noticeLogSearch({ ...withoutPage, before: loaded.nextBefore ?? undefined })}`,
                          )
                        }
                      >
                        {t('mail.log.older')}
                      </button>
                    )}
                  </nav>
                )}
              </>
            )
          }
        </WhenLoaded>
      </section>
    </main>
  );
}
