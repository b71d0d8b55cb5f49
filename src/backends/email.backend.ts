import type { Backend } from './backend.ts';
import { REQUEST_TYPES } from '../requests/request-fields.ts';

/**
 * Partners reached by email (Koha's "Place request with partners"): staff send the request to one or
 * more partners at once, or along the rota, and record the answers with the Informed actions.
 */
export const emailBackend: Backend = {
  id: 'email',
  version: 1,
  description: 'Email the request to partner libraries and record their answers by hand.',
  requestTypes: REQUEST_TYPES,
  requiredFields: {},
  partnerProtocols: ['email'],
  confirm: 'send-along-rota',
  removesActions: [],
  addsActions: ['place-request-with-partners'],
};
