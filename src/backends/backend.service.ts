/** The backends a library offers its staff, each as it declares itself. */
import { NotFoundError } from '../errors.ts';
import { REQUIRED_BY_TYPE } from '../requests/request-fields.ts';
import { ACTIONS } from '../workflow/actions.ts';
import type { ActionId } from '../workflow/actions.ts';
import type { Backend } from './backend.ts';
import type { BackendRepository } from './backend.repository.ts';
import type { BackendView } from './backend.schemas.ts';
import { BACKENDS } from './index.ts';
import type { BackendId } from './index.ts';

function actionRef(id: ActionId): { id: ActionId; name: string } {
  const action = ACTIONS[id];
  return { id, name: action.vdxName ?? action.kohaName ?? id };
}

/** A backend's declaration as the API shows it. */
export function backendView(backend: Backend): BackendView {
  return {
    id: backend.id,
    version: backend.version,
    name: backend.name,
    description: backend.description,
    requestTypes: backend.requestTypes.map((type) => ({
      type,
      requiredFields: [...new Set([...REQUIRED_BY_TYPE[type], ...(backend.requiredFields[type] ?? [])])],
    })),
    fields: [...backend.fields],
    partnerProtocols: [...backend.partnerProtocols],
    confirm: { ...backend.confirm },
    addsActions: backend.addsActions.map(actionRef),
    removesActions: backend.removesActions.map(actionRef),
  };
}

export class BackendService {
  constructor(private readonly repository: BackendRepository) {}

  /** The backends the library has enabled, in its order. */
  async enabled(libraryId: string): Promise<BackendView[]> {
    const ids = await this.repository.enabledBackends(libraryId);
    if (ids === undefined) throw new NotFoundError('No such library.');
    return ids
      .filter((id): id is BackendId => Object.hasOwn(BACKENDS, id))
      .map((id) => backendView(BACKENDS[id]));
  }
}
