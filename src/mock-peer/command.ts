/**
 * `interlend mock-peer`: runs the scenario mock peer until SIGINT or SIGTERM.
 */
import { parseArgs } from 'node:util';
import { MOCK_PEER_DEFAULTS, startMockPeer, type MockPeerOptions } from './server.ts';

/** Where the command writes its human-readable output (the CLI's `CliOutput`). */
export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
}

export const MOCK_PEER_USAGE = `Usage: interlend mock-peer [options]

Runs an ISO 18626 mock peer that plays Index Data illmock's supplier and requester
scenarios (see docs/mock-peer.md), for testing a library's setup.

Options:
  --port N          port to listen on (default ${MOCK_PEER_DEFAULTS.port}; 0 picks a free one)
  --host ADDRESS    address to listen on (default ${MOCK_PEER_DEFAULTS.host})
  --peer-url URL    the partner's ISO 18626 endpoint (default: PEER_URL; a request
                    may name its own in requestingAgencyInfo or supplierInfo)
  --symbol SYMBOL   its own agency symbol, TYPE:VALUE or VALUE (default ${MOCK_PEER_DEFAULTS.symbol})
  --delay-ms N      delay before a scenario's messages (default ${MOCK_PEER_DEFAULTS.delayMs})
  --credential X    sent as "Authorization: Bearer X" and as securityCode when
                    requesting (default: MOCK_PEER_CREDENTIAL)
  --quiet           do not print a line per message
  --help            show this help
`;

/** The parsed command line, or the reason it is wrong. */
export type MockPeerArguments =
  { ok: true; help: boolean; quiet: boolean; options: MockPeerOptions } | { ok: false; error: string };

function integer(name: string, raw: string | undefined, max: number): number | string | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) > max)
    return `--${name} must be an integer from 0 to ${max}, got "${raw}"`;
  return Number(raw);
}

/** Reads the options of `mock-peer`; PEER_URL and MOCK_PEER_CREDENTIAL fill in missing ones. */
export function parseMockPeerArguments(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): MockPeerArguments {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'peer-url': { type: 'string' },
        symbol: { type: 'string' },
        'delay-ms': { type: 'string' },
        credential: { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  const problems: string[] = [];
  const options: MockPeerOptions = {};
  const port = integer('port', values.port, 65535);
  if (typeof port === 'string') problems.push(port);
  else if (port !== undefined) options.port = port;
  const delay = integer('delay-ms', values['delay-ms'], 600_000);
  if (typeof delay === 'string') problems.push(delay);
  else if (delay !== undefined) options.delayMs = delay;
  if (values.host !== undefined) {
    if (values.host.trim() === '' || /[\s/]/.test(values.host))
      problems.push(`--host must be an address, got "${values.host}"`);
    else options.host = values.host;
  }
  const peerUrl = values['peer-url'] ?? (env.PEER_URL?.trim() || undefined);
  if (peerUrl !== undefined) {
    if (!/^https?:\/\/\S+$/i.test(peerUrl))
      problems.push(`--peer-url must be an http(s) URL, got "${peerUrl}"`);
    else options.peerUrl = peerUrl;
  }
  if (values.symbol !== undefined) {
    if (values.symbol.trim() === '') problems.push('--symbol cannot be empty');
    else options.symbol = values.symbol;
  }
  const credential = values.credential ?? (env.MOCK_PEER_CREDENTIAL || undefined);
  if (credential !== undefined && credential !== '') options.credential = credential;
  if (problems.length > 0) return { ok: false, error: problems.join('\n') };
  return { ok: true, help: values.help ?? false, quiet: values.quiet ?? false, options };
}

/** Runs the mock peer until SIGINT or SIGTERM; resolves with the exit code. */
export async function runMockPeerCommand(argv: readonly string[], output: CommandOutput): Promise<number> {
  const parsed = parseMockPeerArguments(argv);
  if (!parsed.ok) {
    output.err(`${parsed.error}\n\n${MOCK_PEER_USAGE}`);
    return 2;
  }
  if (parsed.help) {
    output.out(MOCK_PEER_USAGE);
    return 0;
  }
  const log = parsed.quiet ? undefined : (line: string) => output.out(`${new Date().toISOString()} ${line}`);
  // Listening for signals before anything else, so that one arriving during start-up is not lost.
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
  });
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  let peer;
  try {
    peer = await startMockPeer({ ...parsed.options, ...(log ? { log } : {}) });
  } catch (error) {
    stop();
    output.err(`The mock peer could not start: ${(error as Error).message}`);
    return 1;
  }
  const { symbol, peerUrl, delayMs, credential } = peer.settings;
  output.out(
    [
      `Interlend mock peer listening on ${peer.url}`,
      `  ISO 18626: ${peer.iso18626Url}`,
      `  Flows:     ${peer.url}/api/flows?id=<requestingAgencyRequestId>`,
      `  Symbol:    ${symbol.agencyIdType.value}:${symbol.agencyIdValue}`,
      `  Peer URL:  ${peerUrl ?? '(none: taken from each request)'}`,
      `  Delay:     ${delayMs} ms${credential !== undefined ? '; sends a credential' : ''}`,
      'Press Ctrl+C to stop.',
    ].join('\n'),
  );
  await stopped;
  await peer.close();
  output.out('Mock peer stopped.');
  return 0;
}
