import { describe, expect, it } from 'vitest';
import { canUseSection, sectionsFor } from './sections.ts';

describe('configuration sections by permission', () => {
  it('gives configure the library’s sections and manage-users the people sections', () => {
    expect(sectionsFor(['configure']).map((section) => section.id)).toEqual([
      'settings',
      'partners',
      'statuses',
      'local-actions',
      'action-menu',
      'notices',
      'mail',
      'tokens',
    ]);
    expect(sectionsFor(['manage-users']).map((section) => section.id)).toEqual(['staff-users', 'patrons']);
  });

  it('gives staff with only ill no section', () => {
    expect(sectionsFor(['ill', 'local:bindery'])).toEqual([]);
    expect(canUseSection(['ill'], 'partners')).toBe(false);
  });
});
