/**
 * A small HTTP/1.1 client for the load: keep-alive connections through `node:http`, one per client,
 * and no more work per request than a real client does. (Node's `fetch` costs several times more CPU
 * per request, which on a two-core machine would be taken from the server being measured.)
 */
import http from 'node:http';

/** A response, its body read whole. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** Options of one request. */
export interface RequestOptions {
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Give up after this long; the bench treats that as a failure. Default 30 s. */
  readonly timeoutMs?: number;
}

/** An answer the bench did not expect. */
export class UnexpectedResponseError extends Error {
  override name = 'UnexpectedResponseError' as const;
}

/** Keep-alive connections to one server. */
export class HttpClient {
  private readonly agent: http.Agent;
  private readonly url: URL;

  constructor(baseUrl: string, connections: number) {
    this.url = new URL(baseUrl);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  }

  /** Sends a request and reads the whole answer. */
  request(method: string, path: string, options: RequestOptions = {}): Promise<HttpResponse> {
    return new Promise((resolve, reject) => {
      const body = options.body === undefined ? undefined : Buffer.from(options.body, 'utf8');
      const request = http.request(
        {
          agent: this.agent,
          host: this.url.hostname,
          port: this.url.port,
          method,
          path,
          headers: {
            ...options.headers,
            ...(body === undefined ? {} : { 'content-length': String(body.length) }),
          },
          timeout: options.timeoutMs ?? 30_000,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          response.on('error', reject);
        },
      );
      request.on('timeout', () =>
        request.destroy(new Error(`${method} ${path} took longer than the timeout`)),
      );
      request.on('error', reject);
      request.end(body);
    });
  }

  /** Sends a request and fails unless the status is `expected`. */
  async expect(
    method: string,
    path: string,
    expected: number,
    options: RequestOptions = {},
  ): Promise<HttpResponse> {
    const response = await this.request(method, path, options);
    if (response.status !== expected) {
      throw new UnexpectedResponseError(
        `${method} ${path} answered ${response.status}, expected ${expected}: ${response.body.slice(0, 500)}`,
      );
    }
    return response;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** A staff member's session on one server: cookie and CSRF token, as the staff client holds them. */
export class StaffSession {
  private constructor(
    private readonly http: HttpClient,
    private readonly cookie: string,
    private readonly csrf: string,
  ) {}

  /** Logs in as a staff user. */
  static async login(http: HttpClient, username: string, password: string): Promise<StaffSession> {
    const response = await http.expect('POST', '/api/auth/staff/login', 200, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const setCookie = response.headers['set-cookie']?.[0] ?? '';
    const cookie = setCookie.split(';')[0] ?? '';
    const { csrfToken } = JSON.parse(response.body) as { csrfToken: string };
    if (cookie === '' || typeof csrfToken !== 'string')
      throw new Error(`login of ${username} set no session`);
    return new StaffSession(http, cookie, csrfToken);
  }

  /** GET a JSON resource; fails unless 200. */
  async get<T>(path: string): Promise<T> {
    const response = await this.http.expect('GET', path, 200, { headers: { cookie: this.cookie } });
    return JSON.parse(response.body) as T;
  }

  /** GET, read the whole answer and fail unless 200, without parsing it (as in a timed loop). */
  async fetch(path: string): Promise<void> {
    await this.http.expect('GET', path, 200, { headers: { cookie: this.cookie } });
  }

  /** POST JSON, read the whole answer and fail unless 200, without parsing it. */
  async send(path: string, body: unknown): Promise<void> {
    await this.http.expect('POST', path, 200, {
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  /** POST JSON; fails unless the status is `expected`. */
  async post<T>(path: string, body: unknown, expected = 200): Promise<T> {
    const response = await this.http.expect('POST', path, expected, {
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return JSON.parse(response.body) as T;
  }
}
