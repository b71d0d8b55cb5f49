import { describe, expect, it } from 'vitest';
import {
  emailedFieldOf,
  emailedRequestBody,
  emptyEmailedRequestForm,
  missingEmailedFields,
} from './emailed-request-form.ts';

const partnerId = '6f1c3b8e-5d2a-4c1e-9a7b-2e8f4d6c0a11';

describe('the form recording a request a partner emailed', () => {
  it('asks for the partner, their reference and what the request type needs', () => {
    expect(missingEmailedFields(emptyEmailedRequestForm())).toEqual([
      'partnerId',
      'partnerRequestId',
      'title',
    ]);
    expect(
      missingEmailedFields({
        ...emptyEmailedRequestForm(partnerId),
        type: 'article',
        partnerRequestId: ' EF-1 ',
        title: 'Journal of Rare Books',
      }),
    ).toEqual(['articleTitle']);
  });

  it('sends what was typed, trimmed, and leaves empty fields out', () => {
    expect(
      emailedRequestBody({
        ...emptyEmailedRequestForm(partnerId),
        partnerRequestId: ' EF-2026-881 ',
        title: ' Le Ventre de Paris ',
        author: 'Émile Zola',
        isbn: '',
        serviceType: 'either',
        needBefore: '2027-01-31',
        note: '  ',
      }),
    ).toEqual({
      partnerId,
      partnerRequestId: 'EF-2026-881',
      details: {
        type: 'book',
        serviceType: 'either',
        title: 'Le Ventre de Paris',
        author: 'Émile Zola',
        needBefore: '2027-01-31',
      },
    });
  });

  it('puts each of the server’s objections beside its input, and the others in the summary', () => {
    expect(emailedFieldOf('details.title')).toBe('title');
    expect(emailedFieldOf('partnerId')).toBe('partnerId');
    expect(emailedFieldOf('details.pickupBranchId')).toBeNull();
  });
});
