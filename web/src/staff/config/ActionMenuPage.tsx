import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { StaffUserSummary } from '../../api/types.ts';
import { useRouter, useSearchParams } from '../../app/router.tsx';
import { t } from '../../i18n/catalogue.ts';
import { useApi } from '../../ui/use-api.ts';
import {
  allMenuActions,
  applyHiddenEverywhere,
  applyRows,
  defaultActions,
  menuStatuses,
  moveRow,
  rowsForStatus,
  type MenuRow,
} from './action-menu-model.ts';
import type { ActionMenuSettings, LocalAction, WorkflowDescription } from './api-types.ts';
import { ConfigPage, FormErrorSummary, LiveStatus, useSubmitter, WhenLoaded } from './config-ui.tsx';
import { CheckboxGroup } from './controls.tsx';
import { actionLabel, machineLabel, splitStatusKey, stateLabel, statusLabel } from './labels.ts';

interface MenuData {
  readonly workflow: WorkflowDescription;
  readonly localActions: readonly LocalAction[];
  readonly settings: ActionMenuSettings;
}

/**
 * `/staff/config/action-menu?status=…`: which actions staff see at each status and in which order
 * (VDX), and the actions hidden from all staff everywhere.
 */
export function ActionMenuPage({ user }: { user: StaffUserSummary }) {
  const data = useApi(async (signal): Promise<MenuData> => {
    const [workflow, local, settings] = await Promise.all([
      api.get<WorkflowDescription>('/api/workflow', undefined, { signal }),
      api.get<{ items: LocalAction[] }>('/api/library/local-actions', undefined, { signal }),
      api.get<ActionMenuSettings>('/api/library/action-menu', undefined, { signal }),
    ]);
    return { workflow, localActions: local.items, settings };
  }, []);
  return (
    <ConfigPage user={user} section="action-menu">
      <p className="muted">{t('config.menu.intro')}</p>
      <WhenLoaded state={data}>{(loaded) => <MenuEditor data={loaded} />}</WhenLoaded>
    </ConfigPage>
  );
}

function MenuEditor({ data }: { data: MenuData }) {
  const id = useId();
  const params = useSearchParams();
  const { navigate } = useRouter();
  const [settings, setSettings] = useState(data.settings);
  const [status, setStatus] = useState<string | undefined>(undefined);
  const statuses = useMemo(() => menuStatuses(data.workflow, data.localActions), [data]);
  const requested = params.get('status');
  const current = requested !== null && statuses.includes(requested) ? requested : (statuses[0] ?? '');
  const machines = [...new Set(statuses.map((key) => splitStatusKey(key)[0]))];

  return (
    <>
      <LiveStatus message={status} />
      <section aria-labelledby={`${id}-at-status`} className="config-section">
        <h2 id={`${id}-at-status`}>{t('config.menu.atStatusTitle')}</h2>
        <div className="field config-status-picker">
          <label htmlFor={`${id}-status`} className="field__label">
            {t('config.menu.status')}
          </label>
          <p id={`${id}-status-hint`} className="field__hint">
            {t('config.menu.statusHint')}
          </p>
          <select
            id={`${id}-status`}
            className="field__input"
            aria-describedby={`${id}-status-hint`}
            value={current}
            onChange={(event) =>
              navigate(`/staff/config/action-menu?status=${encodeURIComponent(event.target.value)}`, {
                replace: true,
              })
            }
          >
            {machines.map((machine) => (
              <optgroup key={machine} label={machineLabel(machine)}>
                {statuses
                  .filter((key) => splitStatusKey(key)[0] === machine)
                  .map((key) => (
                    <option key={key} value={key}>
                      {stateLabel(key)}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </div>
        {current === '' ? null : (
          <StatusEditor
            key={current}
            status={current}
            data={data}
            settings={settings}
            onSaved={(saved, message) => {
              setSettings(saved);
              setStatus(message);
            }}
            onAnnounce={setStatus}
          />
        )}
      </section>
      <HiddenEverywhere
        data={data}
        settings={settings}
        onSaved={(saved, message) => {
          setSettings(saved);
          setStatus(message);
        }}
      />
    </>
  );
}

function StatusEditor({
  status,
  data,
  settings,
  onSaved,
  onAnnounce,
}: {
  status: string;
  data: MenuData;
  settings: ActionMenuSettings;
  onSaved: (settings: ActionMenuSettings, message: string) => void;
  onAnnounce: (message: string) => void;
}) {
  const id = useId();
  const defaults = useMemo(() => defaultActions(data.workflow, status, data.localActions), [data, status]);
  const [rows, setRows] = useState<MenuRow[]>(() => rowsForStatus(settings, status, defaults));
  const [focus, setFocus] = useState<{ row: string; direction: 'up' | 'down' } | null>(null);
  const form = useSubmitter(useMemo(() => ({}), []));
  const label = (row: MenuRow): string => actionLabel(row.id, data.localActions);
  // Read from the settings, which the form of actions hidden everywhere may have just changed.
  const everywhere = new Set<string>(
    settings.hidden.filter((rule) => rule.status === null).map((rule) => rule.action),
  );
  const buttonId = (row: string, direction: 'up' | 'down'): string =>
    `${id}-${row.replace(/[^a-z0-9-]/gi, '_')}-${direction}`;

  useEffect(() => {
    if (focus === null) return;
    const wanted = document.getElementById(buttonId(focus.row, focus.direction));
    const other = document.getElementById(buttonId(focus.row, focus.direction === 'up' ? 'down' : 'up'));
    const target = wanted instanceof HTMLButtonElement && !wanted.disabled ? wanted : other;
    target?.focus();
    setFocus(null);
    // buttonId depends only on the component's id.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focus]);

  const move = (index: number, delta: -1 | 1): void => {
    const row = rows[index];
    if (row === undefined) return;
    const next = moveRow(rows, index, delta);
    setRows(next);
    setFocus({ row: row.id, direction: delta < 0 ? 'up' : 'down' });
    onAnnounce(
      t('config.menu.moved', { action: label(row), position: next.indexOf(row) + 1, count: next.length }),
    );
  };

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const next = applyRows(settings, status, rows, defaults);
    const saved = await form.run(() => api.put<ActionMenuSettings>('/api/library/action-menu', next));
    if (saved !== undefined) onSaved(saved, t('config.menu.saved', { status: statusLabel(status) }));
  };

  const isDefaultOrder = rows.every((row, index) => row.id === defaults[index]);
  return (
    <form className="form form--wide" onSubmit={(event) => void save(event)} noValidate>
      <FormErrorSummary errors={form.errors} />
      <fieldset>
        <legend>{t('config.menu.listLegend', { status: statusLabel(status) })}</legend>
        <p className="field__hint">{t('config.menu.listHint')}</p>
        <ol className="config-menu">
          {rows.map((row, index) => {
            const inputId = `${id}-${row.id.replace(/[^a-z0-9-]/gi, '_')}-shown`;
            const hiddenEverywhere = everywhere.has(row.id);
            return (
              <li key={row.id} className="config-menu__row">
                <span className="config-menu__position" aria-hidden="true">
                  {index + 1}
                </span>
                <div className="field--checkbox config-menu__choice">
                  <input
                    id={inputId}
                    type="checkbox"
                    checked={row.shown && !hiddenEverywhere}
                    disabled={hiddenEverywhere}
                    aria-describedby={hiddenEverywhere ? `${inputId}-hint` : undefined}
                    onChange={(event) =>
                      setRows((current) =>
                        current.map((candidate) =>
                          candidate.id === row.id ? { ...candidate, shown: event.target.checked } : candidate,
                        ),
                      )
                    }
                  />
                  <label htmlFor={inputId}>{label(row)}</label>
                  {hiddenEverywhere ? (
                    <p id={`${inputId}-hint`} className="field__hint">
                      {t('config.menu.hiddenEverywhereNote')}
                    </p>
                  ) : null}
                </div>
                <div className="config-menu__moves">
                  <button
                    id={buttonId(row.id, 'up')}
                    type="button"
                    className="button button--ghost button--small"
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                  >
                    {t('config.menu.moveUp')}
                    <span className="visually-hidden"> {label(row)}</span>
                  </button>
                  <button
                    id={buttonId(row.id, 'down')}
                    type="button"
                    className="button button--ghost button--small"
                    disabled={index === rows.length - 1}
                    onClick={() => move(index, 1)}
                  >
                    {t('config.menu.moveDown')}
                    <span className="visually-hidden"> {label(row)}</span>
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
      </fieldset>
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={form.busy}>
          {t('config.menu.save')}
        </button>
        <button
          type="button"
          className="button button--secondary"
          disabled={isDefaultOrder}
          onClick={() => {
            setRows((current) =>
              defaults.map(
                (actionId) =>
                  current.find((row) => row.id === actionId) ?? {
                    id: actionId,
                    shown: true,
                    hiddenEverywhere: false,
                  },
              ),
            );
            onAnnounce(t('config.menu.defaultRestored'));
          }}
        >
          {t('config.menu.restoreDefault')}
        </button>
      </div>
    </form>
  );
}

function HiddenEverywhere({
  data,
  settings,
  onSaved,
}: {
  data: MenuData;
  settings: ActionMenuSettings;
  onSaved: (settings: ActionMenuSettings, message: string) => void;
}) {
  const id = useId();
  const form = useSubmitter(useMemo(() => ({}), []));
  const all = useMemo(() => allMenuActions(data.workflow, data.localActions), [data]);
  const [hidden, setHidden] = useState<string[]>(() =>
    settings.hidden.filter((rule) => rule.status === null).map((rule) => rule.action),
  );

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const next = applyHiddenEverywhere(settings, new Set(hidden));
    const saved = await form.run(() => api.put<ActionMenuSettings>('/api/library/action-menu', next));
    if (saved !== undefined) onSaved(saved, t('config.menu.hiddenSaved', { count: hidden.length }));
  };

  return (
    <section aria-labelledby={`${id}-heading`} className="config-section">
      <h2 id={`${id}-heading`}>{t('config.menu.hiddenTitle')}</h2>
      <form className="form form--wide" onSubmit={(event) => void save(event)} noValidate>
        <FormErrorSummary errors={form.errors} />
        <CheckboxGroup
          id={`${id}-hidden`}
          name="hidden"
          legend={t('config.menu.hiddenLegend')}
          hint={t('config.menu.hiddenHint')}
          options={all.map((action) => ({ value: action, label: actionLabel(action, data.localActions) }))}
          selected={hidden}
          onChange={setHidden}
          columns
        />
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={form.busy}>
            {t('config.menu.hiddenSave')}
          </button>
        </div>
      </form>
    </section>
  );
}
