import { BIBLIOGRAPHIC_FIELD_NAMES, REQUEST_TYPES } from '../requests/request-fields.ts';
import { INFORMED_ACTIONS, UNDO_ACTIONS } from './backend.ts';
import type { Backend } from './backend.ts';

/**
 * A supplier Interlend does not talk to (Koha's FreeForm): staff place the request themselves, by phone,
 * a vendor's website or post, and record every step with the Informed actions. Nothing is ever sent to
 * the supplier, so there is nothing to place by email or to send again.
 */
export const manualBackend: Backend = {
  id: 'manual',
  version: 1,
  name: 'Manual',
  description: 'Place the request outside Interlend and record each step by hand.',
  requestTypes: REQUEST_TYPES,
  fields: BIBLIOGRAPHIC_FIELD_NAMES,
  requiredFields: {},
  partnerProtocols: ['manual'],
  confirm: {
    behaviour: 'record-placed',
    description:
      'Records that staff placed the request with the first supplier of the rota not yet tried; nothing is sent.',
  },
  removesActions: ['place-request-with-partners', 'resend-last-message'],
  addsActions: [...INFORMED_ACTIONS, ...UNDO_ACTIONS],
};
