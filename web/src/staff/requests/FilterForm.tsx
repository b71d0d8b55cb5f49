/**
 * The request list's filters: a draft the user edits, applied to the URL with "Apply filters". Each
 * filter the API has is here: queue, role, statuses, states, types, backends, partner, patron, dates,
 * attention, undelivered messages and completed requests.
 */
import { useState, type FormEvent } from 'react';
import type { PartnerBody, QueuesResponse } from '../../api/types.ts';
import { t } from '../../i18n/catalogue.ts';
import { CheckboxField, SelectField, TextField } from '../../ui/fields.tsx';
import { DATE_FILTERS, withChanges, type DateFilter, type ListQuery, type Role } from './list-query.ts';
import { queueLabel } from './queues.ts';
import {
  BACKEND_VALUES,
  LISTED_STATUSES,
  REQUESTER_STATE_VALUES,
  REQUEST_TYPE_VALUES,
  RESPONDER_STATE_VALUES,
  stateLabel,
  statusLabel,
} from './state-presentation.ts';

const DATE_LABELS = {
  createdFrom: 'staff.filter.createdFrom',
  createdTo: 'staff.filter.createdTo',
  updatedFrom: 'staff.filter.updatedFrom',
  updatedTo: 'staff.filter.updatedTo',
  needBeforeTo: 'staff.filter.needBeforeTo',
  dueBefore: 'staff.filter.dueBefore',
} as const satisfies Record<DateFilter, string>;

type MultiName = 'status' | 'state' | 'type' | 'backend';

function CheckboxGroup({
  name,
  legend,
  options,
  chosen,
  onChange,
}: {
  name: MultiName;
  legend: string;
  options: readonly { value: string; label: string }[];
  chosen: readonly string[];
  onChange: (values: string[]) => void;
}) {
  return (
    <details className="staff-filter-group" open={chosen.length > 0}>
      <summary>
        {legend}
        {chosen.length > 0 ? <span className="staff-filter-group__count"> ({chosen.length})</span> : null}
      </summary>
      <fieldset>
        <legend className="visually-hidden">{legend}</legend>
        {options.map((option) => (
          <CheckboxField
            key={option.value}
            id={`staff-filter-${name}-${option.value}`}
            label={option.label}
            checked={chosen.includes(option.value)}
            onChange={(event) =>
              onChange(
                event.target.checked
                  ? [...chosen, option.value]
                  : chosen.filter((value) => value !== option.value),
              )
            }
          />
        ))}
      </fieldset>
    </details>
  );
}

function booleanValue(value: boolean | undefined): string {
  return value === undefined ? '' : String(value);
}

function parseBoolean(value: string): boolean | undefined {
  return value === 'true' ? true : value === 'false' ? false : undefined;
}

export function FilterForm({
  query,
  fixedRole,
  queues,
  partners,
  activeCount,
  onApply,
  onClear,
  onSave,
}: {
  query: ListQuery;
  fixedRole: Role | undefined;
  queues: QueuesResponse | undefined;
  partners: readonly PartnerBody[];
  activeCount: number;
  onApply: (query: ListQuery) => void;
  onClear: () => void;
  onSave: () => void;
}) {
  const [draft, setDraft] = useState<ListQuery>(query);
  const set = (changes: Partial<ListQuery>): void => setDraft((current) => ({ ...current, ...changes }));
  const role = fixedRole ?? draft.role;

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    onApply(withChanges(draft, {}));
  };

  const queueGroups: { label: string; options: { value: string; label: string }[] }[] = [];
  if (queues !== undefined) {
    if (role !== 'lending') {
      queueGroups.push({
        label: t('staff.role.borrowing'),
        options: queues.borrowing.map((queue) => ({ value: queue.id, label: queueLabel(queue.id) })),
      });
    }
    if (role !== 'borrowing') {
      queueGroups.push({
        label: t('staff.role.lending'),
        options: queues.lending.map((queue) => ({ value: queue.id, label: queueLabel(queue.id) })),
      });
    }
    if (queues.saved.length > 0 && fixedRole === undefined) {
      queueGroups.push({
        label: t('staff.dashboard.saved'),
        options: queues.saved.map((queue) => ({ value: queue.id, label: queue.name })),
      });
    }
  }
  const knownQueue = queueGroups.some((group) =>
    group.options.some((option) => option.value === draft.queue),
  );

  const states =
    role === 'lending'
      ? RESPONDER_STATE_VALUES.map((state) => ({ value: state, label: stateLabel('responder', state) }))
      : role === 'borrowing'
        ? REQUESTER_STATE_VALUES.map((state) => ({ value: state, label: stateLabel('requester', state) }))
        : [...new Set<string>([...REQUESTER_STATE_VALUES, ...RESPONDER_STATE_VALUES])].map((state) => ({
            value: state,
            label: stateLabel(null, state),
          }));

  return (
    <aside className="panel staff-filters" aria-labelledby="staff-filters-heading">
      <h2 id="staff-filters-heading">
        {t('staff.filter.title')}
        {activeCount > 0 ? <span className="staff-filters__count"> ({activeCount})</span> : null}
      </h2>
      <form className="form" onSubmit={submit} noValidate>
        <div className="field">
          <label className="field__label" htmlFor="staff-filter-queue">
            {t('staff.filter.queue')}
          </label>
          <select
            id="staff-filter-queue"
            className="field__input"
            value={draft.queue ?? ''}
            onChange={(event) => set({ queue: event.target.value === '' ? undefined : event.target.value })}
          >
            <option value="">{t('staff.filter.anyQueue')}</option>
            {draft.queue !== undefined && !knownQueue ? (
              <option value={draft.queue}>{queueLabel(draft.queue, queues)}</option>
            ) : null}
            {queueGroups.map((group) => (
              <optgroup key={group.label} label={group.label}>
                {group.options.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        {fixedRole === undefined ? (
          <SelectField
            id="staff-filter-role"
            label={t('staff.filter.role')}
            value={draft.role ?? ''}
            placeholder={t('staff.filter.bothRoles')}
            options={[
              { value: 'borrowing', label: t('staff.role.borrowing') },
              { value: 'lending', label: t('staff.role.lending') },
            ]}
            onChange={(event) =>
              set({ role: event.target.value === '' ? undefined : (event.target.value as Role) })
            }
          />
        ) : null}
        {role !== 'lending' ? (
          <CheckboxGroup
            name="status"
            legend={t('staff.filter.status')}
            options={LISTED_STATUSES.map((status) => ({ value: status, label: statusLabel(status) }))}
            chosen={draft.status}
            onChange={(status) => set({ status })}
          />
        ) : null}
        <CheckboxGroup
          name="state"
          legend={t('staff.filter.state')}
          options={states}
          chosen={draft.state}
          onChange={(state) => set({ state })}
        />
        <CheckboxGroup
          name="type"
          legend={t('staff.filter.type')}
          options={REQUEST_TYPE_VALUES.map((type) => ({ value: type, label: t(`requestType.${type}`) }))}
          chosen={draft.type}
          onChange={(type) => set({ type })}
        />
        <CheckboxGroup
          name="backend"
          legend={t('staff.filter.backend')}
          options={BACKEND_VALUES.map((backend) => ({ value: backend, label: t(`protocol.${backend}`) }))}
          chosen={draft.backend}
          onChange={(backend) => set({ backend })}
        />
        <SelectField
          id="staff-filter-partner"
          label={role === 'lending' ? t('staff.list.borrowingLibrary') : t('staff.filter.partner')}
          value={draft.partnerId ?? ''}
          placeholder={t('staff.filter.anyPartner')}
          options={partners.map((partner) => ({
            value: partner.id,
            label: `${partner.name} (${partner.symbol})`,
          }))}
          onChange={(event) => set({ partnerId: event.target.value === '' ? undefined : event.target.value })}
        />
        {draft.patronId === undefined ? null : (
          <CheckboxField
            id="staff-filter-patron"
            label={t('staff.filter.onePatron')}
            checked
            onChange={() => set({ patronId: undefined })}
          />
        )}
        <details className="staff-filter-group" open={DATE_FILTERS.some((name) => draft[name] !== undefined)}>
          <summary>{t('staff.filter.dates')}</summary>
          <div className="staff-filter-dates">
            {DATE_FILTERS.map((name) => (
              <TextField
                key={name}
                id={`staff-filter-${name}`}
                type="date"
                label={t(DATE_LABELS[name])}
                value={draft[name] === 'today' ? '' : (draft[name] ?? '')}
                {...(name === 'dueBefore' && draft.dueBefore === 'today'
                  ? { hint: t('staff.filter.dueBeforeToday') }
                  : {})}
                onChange={(event) =>
                  set({
                    [name]: event.target.value === '' ? undefined : event.target.value,
                  } as Partial<ListQuery>)
                }
              />
            ))}
          </div>
        </details>
        <SelectField
          id="staff-filter-attention"
          label={t('staff.filter.attention')}
          value={booleanValue(draft.attention)}
          placeholder={t('staff.filter.either')}
          options={[
            { value: 'true', label: t('staff.filter.attentionYes') },
            { value: 'false', label: t('staff.filter.attentionNo') },
          ]}
          onChange={(event) => set({ attention: parseBoolean(event.target.value) })}
        />
        <SelectField
          id="staff-filter-undelivered"
          label={t('staff.filter.undelivered')}
          value={booleanValue(draft.undelivered)}
          placeholder={t('staff.filter.either')}
          options={[
            { value: 'true', label: t('staff.filter.undeliveredYes') },
            { value: 'false', label: t('staff.filter.undeliveredNo') },
          ]}
          onChange={(event) => set({ undelivered: parseBoolean(event.target.value) })}
        />
        <CheckboxField
          id="staff-filter-completed"
          label={t('staff.filter.includeCompleted')}
          checked={draft.includeCompleted === true}
          onChange={(event) => set({ includeCompleted: event.target.checked ? true : undefined })}
        />
        <div className="button-row">
          <button type="submit" className="button button--primary">
            {t('staff.filter.apply')}
          </button>
          <button type="button" className="button button--secondary" onClick={onClear}>
            {t('staff.filter.clear')}
          </button>
        </div>
        <button type="button" className="button button--ghost button--small" onClick={onSave}>
          {t('staff.filter.saveAsQueue')}
        </button>
      </form>
    </aside>
  );
}
