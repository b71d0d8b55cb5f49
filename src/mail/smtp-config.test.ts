import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config.ts';
import { resolveSmtpServer, smtpFromEnvironment } from './smtp-config.ts';

describe('SMTP configuration', () => {
  it('has no server without SMTP_URL, so that mail is held', () => {
    expect(smtpFromEnvironment({})).toEqual({ server: null });
    expect(smtpFromEnvironment({ SMTP_URL: '  ', SMTP_FROM: '' })).toEqual({ server: null });
  });

  it('reads the server, credentials and sender from SMTP_URL and SMTP_FROM', () => {
    expect(
      smtpFromEnvironment({
        SMTP_URL: 'smtp://ill%40lib:p%3Ass@mail.example:2525',
        SMTP_FROM: 'ill@lib.example',
      }),
    ).toEqual({
      server: {
        source: 'environment',
        host: 'mail.example',
        port: 2525,
        secure: false,
        user: 'ill@lib',
        password: 'p:ss',
        from: 'ill@lib.example',
      },
    });
    expect(smtpFromEnvironment({ SMTP_URL: 'smtps://mail.example' }).server).toMatchObject({
      port: 465,
      secure: true,
      user: null,
      from: null,
    });
    expect(smtpFromEnvironment({ SMTP_URL: 'smtp://mail.example' }).server?.port).toBe(587);
  });

  it('names each invalid variable', () => {
    const error = (() => {
      try {
        smtpFromEnvironment({ SMTP_URL: 'http://mail.example', SMTP_FROM: 'not an address' });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((problem) => problem.variable)).toEqual([
      'SMTP_FROM',
      'SMTP_URL',
    ]);
  });

  it('prefers the library’s own server, with the environment’s sender when it names none', () => {
    const environment = smtpFromEnvironment({ SMTP_URL: 'smtp://env.example', SMTP_FROM: 'env@lib.example' });
    const own = {
      host: 'own.example',
      port: 25,
      secure: false,
      username: null,
      password: null,
      from_address: null,
    };
    expect(resolveSmtpServer(own, environment)).toMatchObject({
      source: 'library',
      host: 'own.example',
      from: 'env@lib.example',
    });
    expect(resolveSmtpServer(undefined, environment)).toMatchObject({ source: 'environment' });
    expect(resolveSmtpServer(undefined, { server: null })).toBeNull();
  });
});
