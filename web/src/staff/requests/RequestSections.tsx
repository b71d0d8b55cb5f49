/**
 * The parts of the request page that show what the request is and how it went: its details, the
 * patron, the copyright declaration, the rota with each supplier's state, the timelines and notes.
 */
import type { ReactNode } from 'react';
import type { RequestDetailView } from '../../api/types.ts';
import { formatDate, formatDateTime, formatMoney, t, tOr } from '../../i18n/catalogue.ts';
import { attentionText } from './attention.ts';
import { AttentionBadge, Badge, StateBadge } from './badges.tsx';
import { BIBLIOGRAPHIC_FIELDS } from './details-form.ts';
import { timelinesOf, type Timeline } from './timeline.ts';

type Detail = RequestDetailView;
type RotaEntry = Detail['rota'][number];

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="panel" aria-labelledby={`${id}-heading`} id={id}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {children}
    </section>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** The bibliographic data and the service wanted. */
export function DetailsSection({ detail }: { detail: Detail }) {
  const details = detail.details;
  const values = details as unknown as Record<string, string | null>;
  return (
    <Section id="details" title={t('staff.request.details')}>
      <dl className="details">
        <Row label={t('field.type')}>{tOr(`requestType.${details.type}`, details.type)}</Row>
        <Row label={t('field.serviceType')}>
          {tOr(`serviceType.${details.serviceType}`, details.serviceType)}
        </Row>
        {BIBLIOGRAPHIC_FIELDS.filter((name) => values[name] !== null && values[name] !== '').map((name) => (
          <Row key={name} label={t(`field.${name}`)}>
            {values[name]}
          </Row>
        ))}
        {details.needBefore === null ? null : (
          <Row label={t('field.needBefore')}>{formatDate(details.needBefore)}</Row>
        )}
        {details.maxCost === null ? null : (
          <Row label={t('field.maxCost')}>{formatMoney(details.maxCost)}</Row>
        )}
        <Row label={t('field.canHold')}>{tOr(`staff.canHold.${details.canHold}`, details.canHold)}</Row>
        {details.pickupBranch === null ? null : (
          <Row label={t('field.pickupBranch')}>{details.pickupBranch.name}</Row>
        )}
        {details.patronNotes === null ? null : (
          <Row label={t('field.patronNotes')}>
            <span className="staff-pre">{details.patronNotes}</span>
          </Row>
        )}
        {Object.entries(details.customFields).map(([name, value]) => (
          <Row key={`custom-${name}`} label={name}>
            {value}
          </Row>
        ))}
        <Row label={t('staff.request.backend')}>{tOr(`protocol.${detail.backend}`, detail.backend)}</Row>
        <Row label={t('staff.request.created')}>{formatDateTime(detail.createdAt)}</Row>
        <Row label={t('staff.request.updated')}>{formatDateTime(detail.updatedAt)}</Row>
        {detail.completedAt === null ? null : (
          <Row label={t('staff.request.completed')}>{formatDateTime(detail.completedAt)}</Row>
        )}
      </dl>
    </Section>
  );
}

/** Who the request is for: the patron, an OPAC visitor's contact, or (lending) the borrowing library. */
export function PatronSection({ detail }: { detail: Detail }) {
  if (detail.role === 'lending') {
    return (
      <Section id="borrower" title={t('staff.request.borrowingLibrary')}>
        {detail.partner === null ? (
          <p className="muted">{t('staff.request.unknownPartner')}</p>
        ) : (
          <dl className="details">
            <Row label={t('staff.request.library')}>{detail.partner.name}</Row>
            <Row label={t('staff.request.symbol')}>{detail.partner.symbol}</Row>
            <Row label={t('staff.request.protocol')}>
              {tOr(`protocol.${detail.partner.protocol}`, detail.partner.protocol)}
            </Row>
            {detail.partnerRequestId === null ? null : (
              <Row label={t('staff.request.theirReference')}>{detail.partnerRequestId}</Row>
            )}
          </dl>
        )}
      </Section>
    );
  }
  return (
    <Section id="patron" title={t('staff.request.patron')}>
      {detail.patron !== null ? (
        <dl className="details">
          <Row label={t('staff.request.patronName')}>{detail.patron.name}</Row>
          <Row label={t('staff.request.cardNumber')}>{detail.patron.cardNumber}</Row>
          <Row label={t('staff.request.email')}>
            {detail.patron.email === null ? (
              <span className="muted">{t('staff.request.noEmail')}</span>
            ) : (
              <a href={`mailto:${detail.patron.email}`}>{detail.patron.email}</a>
            )}
          </Row>
        </dl>
      ) : detail.requesterContact !== null ? (
        <>
          <p>{t('staff.request.anonymous')}</p>
          <dl className="details">
            <Row label={t('staff.request.patronName')}>{detail.requesterContact.name}</Row>
            <Row label={t('staff.request.email')}>
              <a href={`mailto:${detail.requesterContact.email}`}>{detail.requesterContact.email}</a>
            </Row>
          </dl>
        </>
      ) : (
        <p className="muted">{t('staff.request.forLibrary')}</p>
      )}
    </Section>
  );
}

export function CopyrightSection({ detail }: { detail: Detail }) {
  if (detail.role === 'lending') return null;
  return (
    <Section id="copyright" title={t('staff.request.copyright')}>
      <p>
        {detail.copyright.accepted ? (
          <Badge tone="done">{t('staff.request.copyrightAccepted')}</Badge>
        ) : (
          <Badge tone="neutral">{t('staff.request.copyrightNotAccepted')}</Badge>
        )}
      </p>
      {detail.copyright.text === null ? null : (
        <blockquote className="staff-quote">{detail.copyright.text}</blockquote>
      )}
    </Section>
  );
}

function rotaRowName(detail: Detail, entry: RotaEntry): string {
  return detail.role === 'lending'
    ? `${entry.partner.name} (${entry.partner.symbol})`
    : t('staff.rota.entry', {
        position: entry.position + 1,
        name: entry.partner.name,
        symbol: entry.partner.symbol,
      });
}

/** The rota: each location in turn with its transaction's state, messages not delivered and why it needs attention. */
export function RotaSection({ detail }: { detail: Detail }) {
  const role = detail.role === 'lending' ? 'responder' : 'requester';
  return (
    <Section
      id="rota"
      title={detail.role === 'lending' ? t('staff.rota.lendingTitle') : t('staff.rota.title')}
    >
      {detail.rota.length === 0 ? (
        <p className="muted">{t('staff.rota.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="staff-rota">
            <thead>
              <tr>
                <th scope="col">
                  {detail.role === 'lending' ? t('staff.rota.library') : t('staff.rota.location')}
                </th>
                <th scope="col">{t('staff.rota.state')}</th>
                <th scope="col">{t('staff.rota.transaction')}</th>
                <th scope="col">{t('staff.rota.messages')}</th>
              </tr>
            </thead>
            <tbody>
              {detail.rota.map((entry) => {
                const tx = entry.transaction;
                return (
                  <tr
                    key={entry.position}
                    className={(tx?.attention ?? null) === null ? undefined : 'staff-row--attention'}
                  >
                    <th scope="row">
                      {rotaRowName(detail, entry)}
                      <span className="staff-subtle">
                        {tOr(`protocol.${entry.partner.protocol}`, entry.partner.protocol)}
                      </span>
                    </th>
                    <td>
                      {tx === null ? (
                        <span className="muted">{t('staff.rota.notAsked')}</span>
                      ) : (
                        <StateBadge side={role} state={tx.state} />
                      )}
                      {tx === null || tx.attention === null ? null : (
                        <p className="staff-attention">
                          <AttentionBadge /> {attentionText(tx.attention)}
                        </p>
                      )}
                    </td>
                    <td>{tx === null ? null : <TransactionFacts tx={tx} />}</td>
                    <td>
                      {tx === null ? null : tx.undeliveredMessages > 0 ? (
                        <Badge tone="problem">
                          {t('staff.rota.undelivered', { count: tx.undeliveredMessages })}
                        </Badge>
                      ) : (
                        <span className="muted">{t('staff.rota.allDelivered')}</span>
                      )}
                      {tx === null || tx.lastMessageAt === null ? null : (
                        <span className="staff-subtle">
                          {t('staff.rota.lastMessage', { at: formatDateTime(tx.lastMessageAt) })}
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

function TransactionFacts({ tx }: { tx: NonNullable<RotaEntry['transaction']> }) {
  const facts: [string, ReactNode][] = [
    [
      t('staff.rota.serviceType'),
      tOr(`serviceType.${tx.shippedServiceType ?? tx.currentServiceType}`, tx.currentServiceType),
    ],
  ];
  if (tx.dueDate !== null) facts.push([t('actionField.dueDate'), formatDate(tx.dueDate)]);
  if (tx.conditions !== null) facts.push([t('actionField.conditions'), tx.conditions]);
  if (tx.replyBy !== null) facts.push([t('actionField.replyBy'), formatDate(tx.replyBy)]);
  if (tx.cost !== null) facts.push([t('actionField.cost'), formatMoney(tx.cost)]);
  if (tx.recalled) facts.push([t('staff.rota.recalled'), t('form.yes')]);
  if (tx.overdueNotices > 0) facts.push([t('staff.rota.overdueNotices'), String(tx.overdueNotices)]);
  if (tx.localReference !== null) facts.push([t('staff.rota.ourReference'), tx.localReference]);
  if (tx.partnerReference !== null) facts.push([t('staff.rota.theirReference'), tx.partnerReference]);
  return (
    <dl className="details details--compact">
      {facts.map(([label, value]) => (
        <Row key={label} label={label}>
          {value}
        </Row>
      ))}
    </dl>
  );
}

function timelineTitle(detail: Detail, timeline: Timeline): string {
  if (timeline.machine === 'request') return t('staff.timeline.request');
  const partner = timeline.partner;
  if (partner === null) return t('staff.timeline.transaction');
  if (timeline.machine === 'responder') {
    return t('staff.timeline.lending', { name: partner.name, symbol: partner.symbol });
  }
  return t('staff.timeline.supplier', {
    position: (timeline.rotaPosition ?? 0) + 1,
    name: partner.name,
    symbol: partner.symbol,
  });
}

/** Both parties' timelines: the request's own, then each transaction's, partner events marked as theirs. */
export function TimelinesSection({ detail }: { detail: Detail }) {
  const timelines = timelinesOf(detail);
  return (
    <Section id="timelines" title={t('staff.timeline.title')}>
      {timelines.length === 0 ? <p className="muted">{t('staff.timeline.empty')}</p> : null}
      <div className="staff-timelines">
        {timelines.map((timeline) => {
          const title = timelineTitle(detail, timeline);
          return (
            <div key={timeline.key} className="staff-timeline">
              <h3>{title}</h3>
              <ol className="timeline">
                {timeline.entries.map((entry) => (
                  <li
                    key={entry.id}
                    className={`staff-timeline__entry staff-timeline__entry--${entry.party}`}
                  >
                    <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                    <span className="staff-timeline__event">{entry.event}</span>
                    {entry.from === entry.to ? null : (
                      <span className="staff-timeline__change">
                        {' '}
                        {t('staff.timeline.change', { from: entry.from, to: entry.to })}
                      </span>
                    )}
                    <span className="staff-subtle">
                      {entry.party === 'partner'
                        ? t('staff.timeline.byPartner', { name: entry.actor })
                        : entry.party === 'system'
                          ? t('staff.timeline.bySystem', { name: entry.actor })
                          : t('staff.timeline.by', { name: entry.actor })}
                    </span>
                    {entry.sent === null ? null : (
                      <span className="staff-subtle staff-timeline__sent"> {entry.sent}</span>
                    )}
                    {entry.note === null ? null : (
                      <p className="staff-pre staff-timeline__note">{entry.note}</p>
                    )}
                  </li>
                ))}
              </ol>
            </div>
          );
        })}
      </div>
    </Section>
  );
}

const DIRECTIONS = {
  local: 'staff.notes.local',
  outgoing: 'staff.notes.outgoing',
  incoming: 'staff.notes.incoming',
} as const;

/** Notes, newest first: private ones for staff only, public ones sent to or received from the partner. */
export function NotesSection({ detail }: { detail: Detail }) {
  const notes = [...detail.notes].sort((a, b) => b.at.localeCompare(a.at) || Number(b.id) - Number(a.id));
  const partners = new Map(detail.rota.map((entry) => [entry.position, entry.partner]));
  return (
    <Section id="notes" title={t('staff.notes.title')}>
      {notes.length === 0 ? (
        <p className="muted">{t('staff.notes.empty')}</p>
      ) : (
        <ul className="staff-notes">
          {notes.map((note) => {
            const partner = note.rotaPosition === null ? null : (partners.get(note.rotaPosition) ?? null);
            return (
              <li key={note.id} className="staff-note">
                <p className="staff-note__meta">
                  <Badge tone={note.visibility === 'private' ? 'neutral' : 'active'}>
                    {note.visibility === 'private' ? t('staff.notes.private') : t('staff.notes.public')}
                  </Badge>{' '}
                  {t(DIRECTIONS[note.direction])}
                  {partner === null ? null : ` · ${partner.symbol}`}
                  {' · '}
                  {note.author}
                  {' · '}
                  <time dateTime={note.at}>{formatDateTime(note.at)}</time>
                </p>
                <p className="staff-pre">{note.text}</p>
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}
