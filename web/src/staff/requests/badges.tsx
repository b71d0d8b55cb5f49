/** Badges of request statuses and transaction states, with the tone of what they mean. */
import { t } from '../../i18n/catalogue.ts';
import { stateLabel, stateTone, statusLabel, statusTone, type Tone } from './state-presentation.ts';

export function Badge({ tone, children }: { tone: Tone; children: React.ReactNode }) {
  return <span className={tone === 'neutral' ? 'badge' : `badge badge--${tone}`}>{children}</span>;
}

/** A borrowing request's status, or its library's custom status when it has one. */
export function StatusBadge({
  status,
  customStatus,
}: {
  status: string | null;
  customStatus?: { label: string } | null;
}) {
  if (customStatus !== undefined && customStatus !== null) {
    return <Badge tone="active">{customStatus.label}</Badge>;
  }
  if (status === null) return null;
  return <Badge tone={statusTone(status)}>{statusLabel(status)}</Badge>;
}

/** A transaction's state; `side` is the party it is of (requester: borrowing, responder: lending). */
export function StateBadge({ side, state }: { side: 'requester' | 'responder'; state: string }) {
  return <Badge tone={stateTone(side, state)}>{stateLabel(side, state)}</Badge>;
}

/** "Needs attention", shown wherever a request or transaction carries a reason to look at it. */
export function AttentionBadge() {
  return <Badge tone="problem">{t('staff.attention.badge')}</Badge>;
}
