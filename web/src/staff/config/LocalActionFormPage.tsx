import { useId, useMemo, useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { StaffUserSummary } from '../../api/types.ts';
import { Link, useRouter } from '../../app/router.tsx';
import { t } from '../../i18n/catalogue.ts';
import { ConfirmDialog } from '../../ui/Dialog.tsx';
import { TextArea, TextField } from '../../ui/fields.tsx';
import { useApi } from '../../ui/use-api.ts';
import type { LocalAction, LocalActionPatch, NewLocalAction, WorkflowDescription } from './api-types.ts';
import {
  ConfigPage,
  flash,
  FormErrorSummary,
  FormMessage,
  LiveStatus,
  useSubmitter,
  WhenLoaded,
} from './config-ui.tsx';
import { CheckboxGroup, optionId, RadioGroup } from './controls.tsx';
import { clientErrors, missingRequired, textOrNull, type FormFields } from './form-errors.ts';
import { machineLabel, stateLabel } from './labels.ts';
import { canUseSection } from './sections.ts';
import { slugify } from './slug.ts';

const ID_PATTERN = /^[a-z0-9-]{1,48}$/;
type Party = LocalAction['party'];

function useWorkflow() {
  return useApi((signal) => api.get<WorkflowDescription>('/api/workflow', undefined, { signal }), []);
}

/** `/staff/config/local-actions/new` */
export function NewLocalActionPage({ user }: { user: StaffUserSummary }) {
  const workflow = useWorkflow();
  return (
    <ConfigPage user={user} section="local-actions" title={t('config.localActions.addTitle')}>
      <WhenLoaded state={workflow}>
        {(loaded) => <LocalActionForm user={user} action={null} workflow={loaded} />}
      </WhenLoaded>
    </ConfigPage>
  );
}

/** `/staff/config/local-actions/:id` */
export function EditLocalActionPage({ user, actionId }: { user: StaffUserSummary; actionId: string }) {
  const workflow = useWorkflow();
  const actions = useApi(
    (signal) => api.get<{ items: LocalAction[] }>('/api/library/local-actions', undefined, { signal }),
    [],
  );
  const action = actions.data?.items.find((candidate) => candidate.id === actionId);
  const title =
    action === undefined
      ? t('config.localActions.editTitleLoading')
      : t('config.localActions.editTitle', { name: action.name });
  return (
    <ConfigPage user={user} section="local-actions" title={title}>
      <WhenLoaded state={workflow}>
        {(loaded) => (
          <WhenLoaded state={actions}>
            {() =>
              action === undefined ? (
                <p>{t('config.localActions.notFound')}</p>
              ) : (
                <LocalActionForm user={user} action={action} workflow={loaded} />
              )
            }
          </WhenLoaded>
        )}
      </WhenLoaded>
    </ConfigPage>
  );
}

/** The statuses a party's local action may be offered at, machine by machine. */
function statusGroups(workflow: WorkflowDescription, party: Party): { machine: string; keys: string[] }[] {
  const machines = party === 'responder' ? ['responder'] : ['request', 'requester'];
  return workflow.machines
    .filter((machine) => machines.includes(machine.id))
    .map((machine) => ({
      machine: machine.id,
      keys: machine.states.map((state) => `${machine.id}:${state.id}`),
    }));
}

function LocalActionForm({
  user,
  action: initial,
  workflow,
}: {
  user: StaffUserSummary;
  action: LocalAction | null;
  workflow: WorkflowDescription;
}) {
  const id = useId();
  const { navigate } = useRouter();
  const [action, setAction] = useState(initial);
  const [name, setName] = useState(initial?.name ?? '');
  const [slug, setSlug] = useState(initial?.id ?? '');
  const [slugEdited, setSlugEdited] = useState(initial !== null);
  const [party, setParty] = useState<Party>(initial?.party ?? 'requester');
  const [statuses, setStatuses] = useState<string[]>([...(initial?.statuses ?? [])]);
  const [note, setNote] = useState(initial?.userAlertNote ?? '');
  const [confirming, setConfirming] = useState(false);
  const groups = statusGroups(workflow, party);

  const fields: FormFields = useMemo(
    () => ({
      id: { id: `${id}-id`, label: t('config.localActions.id') },
      name: { id: `${id}-name`, label: t('config.localActions.name') },
      party: { id: optionId(`${id}-party`, 'requester'), label: t('config.localActions.party') },
      statuses: { id: `${id}-statuses`, label: t('config.localActions.statuses') },
      userAlertNote: { id: `${id}-note`, label: t('config.localActions.userAlertNote') },
    }),
    [id],
  );
  const form = useSubmitter(fields);
  const remover = useSubmitter(fields);

  const changeParty = (next: string): void => {
    const value: Party = next === 'responder' ? 'responder' : 'requester';
    setParty(value);
    // Statuses belong to a party: those of the other party no longer apply.
    setStatuses((current) =>
      current.filter((key) => (value === 'responder') === key.startsWith('responder:')),
    );
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const problems = missingRequired({ id: slug, name }, ['name', 'id'], fields);
    if (problems.id === undefined && !ID_PATTERN.test(slug)) {
      problems.id = t('config.localActions.idInvalid');
    }
    if (Object.keys(problems).length > 0) {
      form.setErrors(clientErrors(problems, fields));
      return;
    }
    const common = {
      name: name.trim(),
      party,
      statuses: statuses as NonNullable<NewLocalAction['statuses']>,
      userAlertNote: party === 'requester' ? textOrNull(note) : null,
    };
    if (action === null) {
      const body: NewLocalAction = { id: slug, ...common };
      const created = await form.run(() => api.post<LocalAction>('/api/library/local-actions', body));
      if (created !== undefined) {
        flash(t('config.localActions.added', { name: created.name, permission: created.permission }));
        navigate(`/staff/config/local-actions/${encodeURIComponent(created.id)}`, { replace: true });
      }
      return;
    }
    const patch: LocalActionPatch = common;
    await form.run(
      () => api.patch<LocalAction>(`/api/library/local-actions/${encodeURIComponent(action.id)}`, patch),
      (saved) => {
        setAction(saved);
        return t('config.localActions.saved', { name: saved.name });
      },
    );
  };

  const remove = async (): Promise<void> => {
    if (action === null) return;
    setConfirming(false);
    const done = await remover.run(() =>
      api.delete(`/api/library/local-actions/${encodeURIComponent(action.id)}`).then(() => true),
    );
    if (done === true) {
      flash(t('config.localActions.deleted', { name: action.name }));
      navigate('/staff/config/local-actions', { replace: true });
    }
  };

  const errors = form.errors.fields;
  return (
    <>
      <LiveStatus message={form.status} />
      <FormErrorSummary errors={form.errors} />
      <FormMessage errors={form.errors} />
      <p className="muted">{t('config.localActions.formIntro')}</p>
      <form className="form form--wide config-form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="form-grid">
          <TextField
            id={fields.name?.id}
            label={t('config.localActions.name')}
            hint={t('config.localActions.nameHint')}
            required
            autoComplete="off"
            error={errors.name}
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              if (!slugEdited) setSlug(slugify(event.target.value));
            }}
          />
          {action === null ? (
            <TextField
              id={fields.id?.id}
              label={t('config.localActions.id')}
              hint={t('config.localActions.idHint')}
              required
              autoComplete="off"
              error={errors.id}
              value={slug}
              onChange={(event) => {
                setSlug(event.target.value);
                setSlugEdited(true);
              }}
            />
          ) : (
            <div className="field">
              <span className="field__label">{t('config.localActions.permission')}</span>
              <code>{action.permission}</code>
            </div>
          )}
        </div>
        <RadioGroup
          id={`${id}-party`}
          name="party"
          legend={t('config.localActions.party')}
          error={errors.party}
          value={party}
          onChange={changeParty}
          options={(['requester', 'responder'] as const).map((value) => ({
            value,
            label: t(`config.localActions.party.${value}`),
          }))}
        />
        <fieldset id={fields.statuses?.id} tabIndex={-1}>
          <legend>{t('config.localActions.statuses')}</legend>
          <p className="field__hint">{t('config.localActions.statusesHint')}</p>
          {errors.statuses === undefined ? null : <p className="field__error">{errors.statuses}</p>}
          <div className="config-status-groups">
            {groups.map((group) => (
              <CheckboxGroup
                key={group.machine}
                id={`${id}-${group.machine}`}
                name={`statuses-${group.machine}`}
                legend={machineLabel(group.machine)}
                options={group.keys.map((key) => ({ value: key, label: stateLabel(key) }))}
                selected={statuses.filter((key) => group.keys.includes(key))}
                onChange={(selected) =>
                  setStatuses((current) => [
                    ...current.filter((key) => !group.keys.includes(key)),
                    ...selected,
                  ])
                }
              />
            ))}
          </div>
        </fieldset>
        {party === 'requester' ? (
          <TextArea
            id={fields.userAlertNote?.id}
            label={t('config.localActions.userAlertNote')}
            hint={t('config.localActions.userAlertNoteHint')}
            rows={3}
            error={errors.userAlertNote}
            value={note}
            onChange={(event) => setNote(event.target.value)}
          />
        ) : null}
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={form.busy}>
            {action === null ? t('config.localActions.addSubmit') : t('form.save')}
          </button>
        </div>
      </form>
      {action === null ? null : (
        <section aria-labelledby={`${id}-more`} className="config-section">
          <h2 id={`${id}-more`}>{t('config.localActions.permissionTitle')}</h2>
          <p>{t('config.localActions.permissionBody', { permission: action.permission })}</p>
          {canUseSection(user.permissions, 'staff-users') ? (
            <p>
              <Link to="/staff/config/staff-users">{t('config.localActions.grantLink')}</Link>
            </p>
          ) : null}
          <FormErrorSummary errors={remover.errors} />
          <div className="button-row">
            <button type="button" className="button button--danger" onClick={() => setConfirming(true)}>
              {t('config.localActions.delete')}
            </button>
          </div>
          <ConfirmDialog
            open={confirming}
            title={t('config.localActions.deleteTitle', { name: action.name })}
            body={<p>{t('config.localActions.deleteBody')}</p>}
            confirmLabel={t('config.localActions.delete')}
            busy={remover.busy}
            onConfirm={() => void remove()}
            onClose={() => setConfirming(false)}
          />
        </section>
      )}
    </>
  );
}
