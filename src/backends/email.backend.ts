import { BIBLIOGRAPHIC_FIELD_NAMES, REQUEST_TYPES } from '../requests/request-fields.ts';
import { INFORMED_ACTIONS, UNDO_ACTIONS } from './backend.ts';
import type { Backend } from './backend.ts';

/**
 * Partners reached by email (Koha's "Place request with partners"): staff send the request to one or
 * more partners at once, or along the rota, and record the answers with the Informed actions.
 */
export const emailBackend: Backend = {
  id: 'email',
  version: 1,
  name: 'Email partners',
  description: 'Email the request to partner libraries and record their answers by hand.',
  requestTypes: REQUEST_TYPES,
  fields: BIBLIOGRAPHIC_FIELD_NAMES,
  requiredFields: {},
  partnerProtocols: ['email'],
  confirm: {
    behaviour: 'email-along-rota',
    description:
      'Emails the request to the first partner of the rota not yet tried; staff record its answer with the Informed actions.',
  },
  removesActions: [],
  addsActions: ['place-request-with-partners', ...INFORMED_ACTIONS, ...UNDO_ACTIONS],
};
