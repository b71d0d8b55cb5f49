import { describe, expect, it } from 'vitest';
import {
  isEmail,
  isHttpUrl,
  isMenuActionId,
  normalizeTimeZone,
  statusBelongsToParty,
  STATUS_KEYS,
} from './validation.ts';

describe('configuration rules', () => {
  it('accepts IANA time zone names, canonicalising their case but keeping aliases', () => {
    expect(normalizeTimeZone('Europe/Paris')).toBe('Europe/Paris');
    expect(normalizeTimeZone('europe/paris')).toBe('Europe/Paris');
    expect(normalizeTimeZone('UTC')).toBe('UTC');
    expect(normalizeTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
  });

  it('refuses unknown zones and UTC offsets', () => {
    expect(normalizeTimeZone('Mars/Olympus_Mons')).toBeNull();
    expect(normalizeTimeZone('+01:00')).toBeNull();
    expect(normalizeTimeZone('')).toBeNull();
  });

  it('takes only absolute http and https URLs as endpoints', () => {
    expect(isHttpUrl('https://ill.example.org/iso18626')).toBe(true);
    expect(isHttpUrl('http://127.0.0.1:8080/')).toBe(true);
    expect(isHttpUrl('ftp://ill.example.org/')).toBe(false);
    expect(isHttpUrl('mailto:ill@example.org')).toBe(false);
    expect(isHttpUrl('/relative')).toBe(false);
  });

  it('checks email addresses as the API schemas do', () => {
    expect(isEmail('ill@south.example')).toBe(true);
    expect(isEmail('no at sign')).toBe(false);
    expect(isEmail('a@b')).toBe(false);
  });

  it('lists every state of every machine as a status key', () => {
    expect(STATUS_KEYS).toContain('request:new');
    expect(STATUS_KEYS).toContain('requester:pending');
    expect(STATUS_KEYS).toContain('responder:in_process');
    expect(new Set(STATUS_KEYS).size).toBe(STATUS_KEYS.length);
  });

  it('puts request and requester statuses with requester actions, responder statuses with responder actions', () => {
    expect(statusBelongsToParty('request:new', 'requester')).toBe(true);
    expect(statusBelongsToParty('requester:shipped', 'requester')).toBe(true);
    expect(statusBelongsToParty('responder:shipped', 'requester')).toBe(false);
    expect(statusBelongsToParty('responder:shipped', 'responder')).toBe(true);
    expect(statusBelongsToParty('request:new', 'responder')).toBe(false);
  });

  it('knows protocol action ids and local action ids', () => {
    expect(isMenuActionId('shipped')).toBe(true);
    expect(isMenuActionId('local:notify-faculty')).toBe(true);
    expect(isMenuActionId('local:Not A Slug')).toBe(false);
    expect(isMenuActionId('fly-to-the-moon')).toBe(false);
  });
});
