import type { Response } from 'supertest';
import { ADMIN_TOKEN, TestApp } from './test-app';

const API = '/api/v1';

/** The eleven ASEAN members since Timor-Leste joined on 26 October 2025. */
export const ASEAN_MEMBERS_2026 = [
  'BRN',
  'KHM',
  'IDN',
  'LAO',
  'MYS',
  'MMR',
  'PHL',
  'SGP',
  'THA',
  'TLS',
  'VNM',
];

export interface User {
  id: string;
  token: string;
  role: string;
  member?: string;
}

type Headers = Record<string, string>;

/** Thin helpers over the HTTP API, so tests read as the procedure they exercise. */
export class AdrefClient {
  private users = 0;

  constructor(private readonly t: TestApp) {}

  readonly admin: User = { id: 'admin', token: ADMIN_TOKEN, role: 'admin' };

  async user(
    role: 'admin' | 'chair_secretariat' | 'focal_point' | 'observer',
    member?: string,
  ): Promise<User> {
    this.users += 1;
    const response = await this.t.http
      .post(`${API}/users`)
      .set(auth(this.admin))
      .send({
        name: `${role} ${member ?? ''} ${this.users}`.trim(),
        email: `user${this.users}@example.org`,
        role,
        ...(member ? { member } : {}),
      });
    if (response.status !== 201)
      throw new Error(`creating a user failed: ${response.status} ${response.text}`);
    return { ...(response.body as { id: string; token: string }), role, member };
  }

  /** Focal points for the given members, by member code. */
  async focalPoints(members: string[]): Promise<Record<string, User>> {
    const entries = await Promise.all(
      members.map(async (m) => [m, await this.user('focal_point', m)] as const),
    );
    return Object.fromEntries(entries);
  }

  get(user: User, path: string): Promise<Response> {
    return this.t.http.get(`${API}${path}`).set(auth(user));
  }

  /** A GET whose body is kept as bytes (`response.body` is a Buffer): PDF and CSV records. */
  getBytes(user: User, path: string): Promise<Response> {
    return this.t.http
      .get(`${API}${path}`)
      .set(auth(user))
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
  }

  createStatement(
    user: User,
    body: Record<string, unknown>,
    headers: Headers = {},
  ): Promise<Response> {
    return this.send('post', `/statements`, user, body, headers);
  }

  private send(
    method: 'post' | 'put',
    path: string,
    user: User,
    body: Record<string, unknown>,
    headers: Headers,
  ): Promise<Response> {
    return this.t.http[method](`${API}${path}`).set(auth(user)).set(headers).send(body);
  }

  statement(user: User, id: string): Promise<Response> {
    return this.get(user, `/statements/${id}`);
  }

  event(
    user: User,
    id: string,
    body: Record<string, unknown>,
    headers: Headers = {},
  ): Promise<Response> {
    return this.send('post', `/statements/${id}/events`, user, body, headers);
  }

  position(
    user: User,
    id: string,
    body: Record<string, unknown>,
    headers: Headers = {},
  ): Promise<Response> {
    return this.send('post', `/statements/${id}/positions`, user, body, headers);
  }

  text(
    user: User,
    id: string,
    body: Record<string, unknown>,
    headers: Headers = {},
  ): Promise<Response> {
    return this.send('put', `/statements/${id}/text`, user, body, headers);
  }

  history(user: User, id: string): Promise<Response> {
    return this.get(user, `/statements/${id}/history`);
  }

  /** Sends an event and fails the test with the API's answer if it is refused. */
  async expectEvent(
    user: User,
    id: string,
    body: Record<string, unknown>,
  ): Promise<Record<string, any>> {
    const response = await this.event(user, id, body);
    if (response.status !== 200)
      throw new Error(`${String(body.type)} refused: ${response.status} ${response.text}`);
    return response.body;
  }

  async expectPosition(
    user: User,
    id: string,
    body: Record<string, unknown>,
  ): Promise<Record<string, any>> {
    const response = await this.position(user, id, body);
    if (response.status !== 201)
      throw new Error(`position refused: ${response.status} ${response.text}`);
    return response.body;
  }

  /** A statement drafted by `chair`, through SOM and approval in principle, with a round open. */
  async openRound(
    chair: User,
    options: {
      framework?: string;
      deadline: string;
      silenceRule?: string;
      title?: string;
      body?: string;
      reminderOffsets?: string[];
    },
  ): Promise<Record<string, any>> {
    const created = await this.createStatement(chair, {
      framework: options.framework ?? 'ACCSM',
      title: options.title ?? 'ASEAN Statement on Test Matters',
      body:
        options.body ?? 'The Heads of Civil Service of ASEAN Member States resolve to cooperate.',
    });
    if (created.status !== 201)
      throw new Error(`create refused: ${created.status} ${created.text}`);
    const id = created.body.id as string;
    await this.expectEvent(chair, id, { type: 'SUBMIT_TO_SOM' });
    await this.expectEvent(chair, id, { type: 'APPROVE_IN_PRINCIPLE' });
    return this.expectEvent(chair, id, {
      type: 'OPEN_AD_REFERENDUM',
      deadline: options.deadline,
      silenceRule: options.silenceRule ?? 'explicit',
      ...(options.reminderOffsets ? { reminderOffsets: options.reminderOffsets } : {}),
    });
  }

  /** Row counts of the tables a refused request must not touch. */
  async counts(): Promise<Record<string, number>> {
    const tables = [
      'statements',
      'text_versions',
      'rounds',
      'positions',
      'audit_events',
      'outbox_messages',
    ];
    const result: Record<string, number> = {};
    for (const table of tables) {
      const [row] = await this.t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
      result[table] = row.n;
    }
    return result;
  }
}

export const auth = (user: User): Headers => ({ Authorization: `Bearer ${user.token}` });
