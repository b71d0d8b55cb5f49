import { describe, expect, it } from 'vitest';
import type { RequestDetailView } from '../../api/types.ts';
import {
  changedDetails,
  detailsFieldErrors,
  detailsFormOf,
  emptyDetailsForm,
  newRequestDetails,
  validateDetails,
} from './details-form.ts';
import { moveRotaEntry } from './rota-order.ts';

const stored = {
  type: 'book',
  serviceType: 'loan',
  title: 'Codex Seraphinianus',
  author: 'Luigi Serafini',
  articleTitle: null,
  part: null,
  volume: null,
  issue: null,
  pages: null,
  year: '2013',
  edition: null,
  publisher: 'Rizzoli',
  place: null,
  isbn: '9780847842131',
  issn: null,
  doi: null,
  oclcNumber: null,
  otherIdentifiers: null,
  needBefore: null,
  maxCost: { amount: '25', currency: 'EUR' },
  canHold: 'policy',
  pickupBranch: { id: '6ea4ad0b-b0e8-4f66-9b56-a927236d20a8', code: 'MAIN', name: 'Main Library' },
  patronNotes: null,
  customFields: { budget: 'HIST-2026' },
} as unknown as RequestDetailView['details'];

describe('the details form', () => {
  it('sends only what was filled in for a new request, with the patron', () => {
    const form = {
      ...emptyDetailsForm(),
      type: 'article',
      serviceType: 'copy',
      title: ' Nature ',
      articleTitle: 'Molecular structure of nucleic acids',
      maxCostAmount: '12,50',
      maxCostCurrency: 'gbp',
      customFields: [
        { name: 'budget', value: 'SCI' },
        { name: '', value: '' },
      ],
    };
    expect(newRequestDetails(form, 'patron-1')).toEqual({
      type: 'article',
      serviceType: 'copy',
      title: 'Nature',
      articleTitle: 'Molecular structure of nucleic acids',
      maxCost: { amount: '12.50', currency: 'GBP' },
      canHold: 'policy',
      customFields: { budget: 'SCI' },
      patronId: 'patron-1',
    });
    expect(newRequestDetails({ ...emptyDetailsForm(), title: 'X' }, null)).not.toHaveProperty('patronId');
  });

  it('requires what each type requires', () => {
    expect(validateDetails(emptyDetailsForm())).toEqual({ title: 'required' });
    expect(validateDetails({ ...emptyDetailsForm(), type: 'chapter', title: 'Book' })).toEqual({
      articleTitle: 'required',
    });
    expect(validateDetails({ ...emptyDetailsForm(), type: 'thesis', title: 'T' })).toEqual({
      author: 'required',
    });
  });

  it('checks the maximum cost and the custom fields', () => {
    const form = { ...emptyDetailsForm(), title: 'T' };
    expect(validateDetails({ ...form, maxCostAmount: 'lots' })).toEqual({ maxCost: 'amount' });
    expect(validateDetails({ ...form, maxCostAmount: '10', maxCostCurrency: '' })).toEqual({
      maxCost: 'currency',
    });
    expect(
      validateDetails({
        ...form,
        customFields: [
          { name: 'budget', value: '1' },
          { name: 'budget', value: '2' },
          { name: '9lives', value: '3' },
          { name: '', value: 'orphan' },
        ],
      }),
    ).toEqual({
      'customFields.1': 'customDuplicate',
      'customFields.2': 'customName',
      'customFields.3': 'customValueWithoutName',
    });
  });

  it('sends only the details that changed when editing, null for those emptied', () => {
    const original = detailsFormOf(stored);
    expect(changedDetails(original, original)).toBeNull();
    expect(
      changedDetails(original, {
        ...original,
        year: '2014',
        publisher: '',
        maxCostAmount: '',
        customFields: [...original.customFields, { name: 'shelf', value: 'Q1' }],
      }),
    ).toEqual({
      year: '2014',
      publisher: null,
      maxCost: null,
      customFields: { budget: 'HIST-2026', shelf: 'Q1' },
    });
    expect(changedDetails(original, { ...original, pickupBranchId: '' })).toEqual({ pickupBranchId: null });
  });

  it('sends the custom status only when it changed, null when staff cleared it, never for a new request', () => {
    const original = detailsFormOf(stored, {
      code: 'AWAITING_INVOICE',
      label: 'Awaiting invoice',
      opacLabel: null,
    });
    expect(original.customStatus).toBe('AWAITING_INVOICE');
    expect(changedDetails(original, original)).toBeNull();
    expect(changedDetails(original, { ...original, customStatus: 'WITH_CONSERVATION' })).toEqual({
      customStatus: 'WITH_CONSERVATION',
    });
    expect(changedDetails(original, { ...original, customStatus: '', year: '2014' })).toEqual({
      year: '2014',
      customStatus: null,
    });
    expect(detailsFormOf(stored).customStatus).toBe('');
    expect(newRequestDetails({ ...emptyDetailsForm(), title: 'X' }, null)).not.toHaveProperty('customStatus');
    expect(
      detailsFieldErrors({ 'details.customStatus': 'NOPE is not one of the library’s custom statuses' }),
    ).toEqual({
      customStatus: 'NOPE is not one of the library’s custom statuses',
    });
  });

  it('puts the server’s errors beside the details they are about', () => {
    expect(
      detailsFieldErrors({
        'details.isbn': 'must match pattern',
        'details.maxCost.amount': 'bad',
        rota: 'x',
      }),
    ).toEqual({ isbn: 'must match pattern', maxCost: 'bad', '': 'x' });
  });
});

describe('the rota of a new request', () => {
  it('moves a partner up or down, and not past either end', () => {
    expect(moveRotaEntry(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveRotaEntry(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveRotaEntry(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveRotaEntry(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });
});
