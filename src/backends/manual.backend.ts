import type { Backend } from './backend.ts';
import { REQUEST_TYPES } from '../requests/request-fields.ts';

/**
 * A supplier Interlend does not talk to (Koha's FreeForm): staff place the request themselves, by phone,
 * a vendor's website or post, and record every step with the Informed actions.
 */
export const manualBackend: Backend = {
  id: 'manual',
  version: 1,
  description: 'Place the request outside Interlend and record each step by hand.',
  requestTypes: REQUEST_TYPES,
  requiredFields: {},
  partnerProtocols: ['manual'],
  confirm: 'send-along-rota',
  removesActions: ['place-request-with-partners'],
  addsActions: [],
};
