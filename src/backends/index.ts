import type { Backend, BackendId } from './backend.ts';
import { emailBackend } from './email.backend.ts';
import { iso18626Backend } from './iso18626.backend.ts';
import { manualBackend } from './manual.backend.ts';

export type { Backend, BackendId } from './backend.ts';

/** Every backend Interlend ships, by id. */
export const BACKENDS: Readonly<Record<BackendId, Backend>> = {
  iso18626: iso18626Backend,
  email: emailBackend,
  manual: manualBackend,
};

export const BACKEND_IDS = Object.keys(BACKENDS) as BackendId[];
