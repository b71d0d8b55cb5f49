/**
 * Names of the things configuration pages list, from the message catalogue: statuses of the
 * workflow's machines (`request:new`, `requester:pending`…), actions (protocol actions by their
 * `action.*` label, locally-defined ones by their own name), permissions, notices and protocols.
 */
import { t, tOr } from '../../i18n/catalogue.ts';

/** A locally-defined action as far as naming goes. */
export interface NamedLocalAction {
  readonly id: string;
  readonly name: string;
}

const MACHINE_PREFIX: Readonly<Record<string, string>> = {
  request: 'status.request',
  requester: 'state.requester',
  responder: 'state.responder',
};

/** The machine and state of a status key, e.g. `requester:pending` → [`requester`, `pending`]. */
export function splitStatusKey(key: string): [machine: string, state: string] {
  const colon = key.indexOf(':');
  return colon < 0 ? ['', key] : [key.slice(0, colon), key.slice(colon + 1)];
}

/** The name of a machine's group of statuses, e.g. "Borrowing: transaction with a supplier". */
export function machineLabel(machine: string): string {
  return tOr(`config.machine.${machine}`, machine);
}

/** A state's own name, e.g. "Pending". */
export function stateLabel(key: string): string {
  const [machine, state] = splitStatusKey(key);
  const prefix = MACHINE_PREFIX[machine];
  return prefix === undefined ? key : tOr(`${prefix}.${state}`, state);
}

/** A status with its machine, e.g. "Borrowing: transaction with a supplier: Pending". */
export function statusLabel(key: string): string {
  const [machine] = splitStatusKey(key);
  return t('config.statusWithMachine', { machine: machineLabel(machine), status: stateLabel(key) });
}

/** A menu action's name: `local:<id>` by the local action's name, others by `action.<id>`. */
export function actionLabel(id: string, localActions: readonly NamedLocalAction[]): string {
  if (id.startsWith('local:')) {
    const local = localActions.find((action) => `local:${action.id}` === id);
    return local === undefined ? id : t('config.localActionName', { name: local.name });
  }
  return tOr(`action.${id}`, id);
}

/** A permission's name: the fixed ones from the catalogue, `local:<id>` by its action. */
export function permissionLabel(permission: string, localActions: readonly NamedLocalAction[]): string {
  if (permission.startsWith('local:')) {
    const local = localActions.find((action) => `local:${action.id}` === permission);
    return local === undefined
      ? t('config.permission.localUnknown', { permission })
      : t('config.permission.local', { name: local.name });
  }
  return tOr(`config.permission.${permission}`, permission);
}

export function protocolLabel(protocol: string): string {
  return tOr(`protocol.${protocol}`, protocol);
}

/** A notice's or partner message's name. */
export function templateLabel(kind: string, name: string): string {
  return kind === 'partner' ? tOr(`message.${name}`, name) : tOr(`config.notice.${name}`, name);
}

/** What a notice is for. */
export function noticeDescription(name: string, fallback: string): string {
  return tOr(`config.noticeDescription.${name}`, fallback);
}
