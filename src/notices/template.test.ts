import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../workflow/vocabulary.ts';
import { builtInTemplate } from './default-templates.ts';
import { NOTICE_NAMES } from './notice-catalogue.ts';
import { PLACEHOLDER_NAMES, SAMPLE_VALUES } from './placeholders.ts';
import { missingFromSubject } from './template-resolver.ts';
import { alwaysShows, parseTemplate, renderBody, renderSubject } from './template.ts';
import type { ParsedTemplate } from './template.ts';

const known = new Set(['name', 'note', 'request.reference']);

function parsed(text: string): ParsedTemplate {
  const result = parseTemplate(text, known);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.template;
}

describe('the notice template language', () => {
  it('fills placeholders, with or without spaces inside the braces', () => {
    expect(
      renderBody(parsed('Dear {{name}}, see {{ request.reference }}.'), {
        name: 'Ada',
        'request.reference': 'ILL-7',
      }),
    ).toBe('Dear Ada, see ILL-7.');
  });

  it('leaves a missing value empty and shows a section only when its value is not blank', () => {
    const template = parsed('Hello {{name}}.{{#note}}\nNote: {{note}}{{/note}}');
    expect(renderBody(template, { name: 'Ada', note: 'Bring your card.' })).toBe(
      'Hello Ada.\nNote: Bring your card.',
    );
    expect(renderBody(template, { name: 'Ada', note: '  ' })).toBe('Hello Ada.');
    expect(renderBody(template, {})).toBe('Hello .');
  });

  it('keeps at most one blank line in a row and no trailing spaces in a body', () => {
    expect(renderBody(parsed('A   \n\n\n\n{{#note}}x{{/note}}\n\n\nB\r\nC'), {})).toBe('A\n\nB\nC');
  });

  it('makes a subject one line, whatever the values hold', () => {
    expect(renderSubject(parsed('Re: {{note}}'), { note: 'line one\r\nBcc: someone@example.org' })).toBe(
      'Re: line one Bcc: someone@example.org',
    );
  });

  it('reports every unknown placeholder once, unclosed and stray sections, and malformed braces', () => {
    const result = parseTemplate(
      '{{nme}} {{nme}} {{#note}} {{/name}} {{/note}} {{ 1x }} }} {{#name}}',
      known,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => problem.message)).toEqual([
      'unknown placeholder {{nme}}',
      '{{/name}} closes the section {{#note}}',
      '{{/note}} closes no section',
      'malformed placeholder {{ 1x }}',
      'the section {{#name}} is never closed',
      'unbalanced {{ or }}',
    ]);
  });

  it('tells whether a value shows whatever the other values hold', () => {
    expect(alwaysShows(parsed('Re: {{request.reference}}'), 'request.reference')).toBe(true);
    expect(
      alwaysShows(
        parsed('{{#request.reference}}Ref. {{request.reference}}{{/request.reference}}'),
        'request.reference',
      ),
    ).toBe(true);
    // Inside another section it shows only when that section's value does.
    expect(alwaysShows(parsed('{{#note}}{{request.reference}}{{/note}}'), 'request.reference')).toBe(false);
    // A section of its own name alone shows nothing of the value.
    expect(alwaysShows(parsed('{{#request.reference}}Ours{{/request.reference}}'), 'request.reference')).toBe(
      false,
    );
    expect(alwaysShows(parsed('Your request {{name}}'), 'request.reference')).toBe(false);
  });

  it('does not read a placeholder’s value as template text', () => {
    expect(renderBody(parsed('{{note}}'), { note: '{{name}} {{#x}}' })).toBe('{{name}} {{#x}}');
  });
});

describe('the built-in templates', () => {
  const all = [
    ...NOTICE_NAMES.map((name) => ['notice', name] as const),
    ...MESSAGES.map((name) => ['partner', name] as const),
  ];

  it.each(all)('has a %s template for %s that uses only known placeholders', (kind, name) => {
    const text = builtInTemplate(kind, name);
    expect(text).toBeDefined();
    for (const part of [text?.subject ?? '', text?.body ?? '']) {
      const result = parseTemplate(part, PLACEHOLDER_NAMES);
      expect(result.ok ? [] : result.problems).toEqual([]);
    }
  });

  it('gives every partner email the request’s reference in its subject', () => {
    for (const message of MESSAGES) {
      const text = builtInTemplate('partner', message);
      const result = parseTemplate(text?.subject ?? '', PLACEHOLDER_NAMES);
      if (!result.ok) throw new Error(message);
      expect(renderSubject(result.template, SAMPLE_VALUES), message).toContain('ILL-1042');
      expect(missingFromSubject('partner', result.template), message).toBeNull();
    }
  });
});
