import { useId, useMemo, useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { StaffUserSummary } from '../../api/types.ts';
import { useRouter } from '../../app/router.tsx';
import { t } from '../../i18n/catalogue.ts';
import { ConfirmDialog } from '../../ui/Dialog.tsx';
import { TextField } from '../../ui/fields.tsx';
import { useApi } from '../../ui/use-api.ts';
import type { CreateStaffUserBody, LocalAction, StaffUserView, UpdateStaffUserBody } from './api-types.ts';
import {
  ConfigPage,
  flash,
  FormErrorSummary,
  FormMessage,
  LiveStatus,
  useSubmitter,
  WhenLoaded,
} from './config-ui.tsx';
import { optionId } from './controls.tsx';
import { clientErrors, missingRequired, textOrNull, type FormFields } from './form-errors.ts';
import { inChoiceOrder, permissionChoices } from './permissions.ts';
import { PermissionsField, useLocalActions } from './PermissionsField.tsx';

const MIN_PASSWORD = 10;

/** `/staff/config/staff-users/new` */
export function NewStaffUserPage({ user }: { user: StaffUserSummary }) {
  const localActions = useLocalActions();
  return (
    <ConfigPage user={user} section="staff-users" title={t('config.staff.addTitle')}>
      <WhenLoaded state={localActions}>
        {(actions) => (
          <StaffDetailsForm caller={user} staff={null} localActions={actions} onSaved={() => undefined} />
        )}
      </WhenLoaded>
    </ConfigPage>
  );
}

/** `/staff/config/staff-users/:id`: details and permissions, password reset, deactivation. */
export function EditStaffUserPage({ user, staffId }: { user: StaffUserSummary; staffId: string }) {
  const staff = useApi(
    (signal) =>
      api.get<StaffUserView>(`/api/staff-users/${encodeURIComponent(staffId)}`, undefined, { signal }),
    [staffId],
  );
  const localActions = useLocalActions();
  const [current, setCurrent] = useState<StaffUserView | null>(null);
  const shown = current ?? staff.data;
  const title =
    shown === undefined
      ? t('config.staff.editTitleLoading')
      : t('config.staff.editTitle', { name: shown.name });
  return (
    <ConfigPage user={user} section="staff-users" title={title}>
      <WhenLoaded state={staff}>
        {(loaded) => (
          <WhenLoaded state={localActions}>
            {(actions) => (
              <>
                <StaffDetailsForm
                  caller={user}
                  staff={current ?? loaded}
                  localActions={actions}
                  onSaved={setCurrent}
                />
                <PasswordReset staff={current ?? loaded} />
                {(current ?? loaded).id === user.id ? null : (
                  <Activation staff={current ?? loaded} onSaved={setCurrent} />
                )}
              </>
            )}
          </WhenLoaded>
        )}
      </WhenLoaded>
    </ConfigPage>
  );
}

function StaffDetailsForm({
  caller,
  staff,
  localActions,
  onSaved,
}: {
  caller: StaffUserSummary;
  staff: StaffUserView | null;
  localActions: readonly LocalAction[];
  onSaved: (staff: StaffUserView) => void;
}) {
  const id = useId();
  const { navigate } = useRouter();
  const [username, setUsername] = useState(staff?.username ?? '');
  const [name, setName] = useState(staff?.name ?? '');
  const [email, setEmail] = useState(staff?.email ?? '');
  const [password, setPassword] = useState('');
  const [permissions, setPermissions] = useState<string[]>([...(staff?.permissions ?? ['ill'])]);
  const held = staff?.permissions ?? [];
  const choices = permissionChoices(
    localActions.map((action) => action.id),
    held,
  );
  const fields: FormFields = useMemo(
    () => ({
      username: { id: `${id}-username`, label: t('config.staff.username') },
      name: { id: `${id}-name`, label: t('config.staff.name') },
      email: { id: `${id}-email`, label: t('config.staff.email') },
      password: { id: `${id}-password`, label: t('config.staff.password') },
      permissions: { id: optionId(`${id}-permissions`, 'ill'), label: t('config.staff.permissions') },
    }),
    [id],
  );
  const form = useSubmitter(fields);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const required = staff === null ? ['username', 'name', 'password'] : ['name'];
    const problems = missingRequired({ username, name, password }, required, fields);
    if (staff === null && problems.password === undefined && password.length < MIN_PASSWORD) {
      problems.password = t('config.staff.passwordShort', { count: MIN_PASSWORD });
    }
    if (Object.keys(problems).length > 0) {
      form.setErrors(clientErrors(problems, fields));
      return;
    }
    const ordered = inChoiceOrder(permissions, choices);
    if (staff === null) {
      const body: CreateStaffUserBody = {
        username: username.trim(),
        name: name.trim(),
        email: textOrNull(email),
        password,
        permissions: ordered,
      };
      const created = await form.run(() => api.post<StaffUserView>('/api/staff-users', body));
      if (created !== undefined) {
        flash(t('config.staff.added', { name: created.name }));
        navigate(`/staff/config/staff-users/${created.id}`, { replace: true });
      }
      return;
    }
    const patch: UpdateStaffUserBody = { name: name.trim(), email: textOrNull(email), permissions: ordered };
    await form.run(
      () => api.patch<StaffUserView>(`/api/staff-users/${staff.id}`, patch),
      (saved) => {
        onSaved(saved);
        setPermissions([...saved.permissions]);
        return t('config.staff.saved', { name: saved.name });
      },
    );
  };

  return (
    <section aria-labelledby={`${id}-heading`} className="config-section">
      <h2 id={`${id}-heading`}>{t('config.staff.detailsTitle')}</h2>
      <LiveStatus message={form.status} />
      <FormErrorSummary errors={form.errors} />
      <FormMessage errors={form.errors} />
      <form className="form form--wide config-form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="form-grid">
          {staff === null ? (
            <TextField
              id={fields.username?.id}
              label={t('config.staff.username')}
              hint={t('config.staff.usernameHint')}
              required
              autoComplete="off"
              error={form.errors.fields.username}
              value={username}
              onChange={(event) => setUsername(event.target.value)}
            />
          ) : (
            <div className="field">
              <span className="field__label">{t('config.staff.username')}</span>
              <span>{staff.username}</span>
            </div>
          )}
          <TextField
            id={fields.name?.id}
            label={t('config.staff.name')}
            required
            autoComplete="off"
            error={form.errors.fields.name}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
          <TextField
            id={fields.email?.id}
            label={t('config.staff.email')}
            type="email"
            autoComplete="off"
            error={form.errors.fields.email}
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
          {staff === null ? (
            <TextField
              id={fields.password?.id}
              label={t('config.staff.password')}
              hint={t('config.staff.passwordHint', { count: MIN_PASSWORD })}
              type="password"
              autoComplete="new-password"
              required
              error={form.errors.fields.password}
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          ) : null}
        </div>
        <PermissionsField
          id={`${id}-permissions`}
          legend={t('config.staff.permissions')}
          hint={t('config.staff.permissionsHint')}
          error={form.errors.fields.permissions}
          selected={permissions}
          onChange={setPermissions}
          giver={caller.permissions}
          localActions={localActions}
          initiallyHeld={held}
        />
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={form.busy}>
            {staff === null ? t('config.staff.addSubmit') : t('form.save')}
          </button>
        </div>
      </form>
    </section>
  );
}

function PasswordReset({ staff }: { staff: StaffUserView }) {
  const id = useId();
  const [password, setPassword] = useState('');
  const fields: FormFields = useMemo(
    () => ({ password: { id: `${id}-password`, label: t('config.staff.newPassword') } }),
    [id],
  );
  const form = useSubmitter(fields);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (password.length < MIN_PASSWORD) {
      form.setErrors(
        clientErrors({ password: t('config.staff.passwordShort', { count: MIN_PASSWORD }) }, fields),
      );
      return;
    }
    await form.run(
      () => api.patch<StaffUserView>(`/api/staff-users/${staff.id}`, { password }),
      () => {
        setPassword('');
        return t('config.staff.passwordReset', { name: staff.name });
      },
    );
  };

  return (
    <section aria-labelledby={`${id}-heading`} className="config-section">
      <h2 id={`${id}-heading`}>{t('config.staff.passwordTitle')}</h2>
      <LiveStatus message={form.status} />
      <FormErrorSummary errors={form.errors} />
      <FormMessage errors={form.errors} />
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <TextField
          id={fields.password?.id}
          label={t('config.staff.newPassword')}
          hint={t('config.staff.newPasswordHint', { count: MIN_PASSWORD })}
          type="password"
          autoComplete="new-password"
          required
          error={form.errors.fields.password}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <div className="button-row">
          <button type="submit" className="button button--secondary" disabled={form.busy}>
            {t('config.staff.resetPassword')}
          </button>
        </div>
      </form>
    </section>
  );
}

function Activation({ staff, onSaved }: { staff: StaffUserView; onSaved: (staff: StaffUserView) => void }) {
  const id = useId();
  const [confirming, setConfirming] = useState(false);
  const form = useSubmitter(useMemo(() => ({}), []));

  const setActive = async (active: boolean): Promise<void> => {
    setConfirming(false);
    await form.run(
      () => api.patch<StaffUserView>(`/api/staff-users/${staff.id}`, { active }),
      (saved) => {
        onSaved(saved);
        return active
          ? t('config.staff.reactivated', { name: saved.name })
          : t('config.staff.deactivated', { name: saved.name });
      },
    );
  };

  return (
    <section aria-labelledby={`${id}-heading`} className="config-section">
      <h2 id={`${id}-heading`}>{t('config.staff.activationTitle')}</h2>
      <LiveStatus message={form.status} />
      <FormErrorSummary errors={form.errors} />
      <p>
        <span className={staff.active ? 'badge badge--done' : 'badge'}>
          {staff.active ? t('config.active') : t('config.inactive')}
        </span>
      </p>
      <div className="button-row">
        {staff.active ? (
          <button type="button" className="button button--danger" onClick={() => setConfirming(true)}>
            {t('config.staff.deactivate')}
          </button>
        ) : (
          <button
            type="button"
            className="button button--secondary"
            disabled={form.busy}
            onClick={() => void setActive(true)}
          >
            {t('config.staff.reactivate')}
          </button>
        )}
      </div>
      <ConfirmDialog
        open={confirming}
        title={t('config.staff.deactivateTitle', { name: staff.name })}
        body={<p>{t('config.staff.deactivateBody')}</p>}
        confirmLabel={t('config.staff.deactivate')}
        busy={form.busy}
        onConfirm={() => void setActive(false)}
        onClose={() => setConfirming(false)}
      />
    </section>
  );
}
