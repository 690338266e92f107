import { Controller, Get, INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { createServer } from 'node:net';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { configureApp } from '../app.setup';
import { DatabaseProbeRepository } from '../database/database-probe.repository';
import { HealthController } from '../health.controller';
import { HealthService } from '../health.service';

/** A port on 127.0.0.1 that nothing listens on: where a stopped PostgreSQL would be. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

let port: number;

@Controller('probe')
class ProbeController {
  /** What a request meets while PostgreSQL is down: pg cannot connect. */
  @Get('database-down')
  async databaseDown() {
    const client = new Client({ host: '127.0.0.1', port, user: 'adref', database: 'adref' });
    client.on('error', () => undefined);
    await client.connect();
    return { reached: true };
  }

  /** A bug stays a 500: no Retry-After invites a client to try it again. */
  @Get('bug')
  bug() {
    throw new TypeError('cannot read properties of undefined');
  }
}

// While the database is unreachable the app answers 503 with Retry-After, never 500 (issue 7).
describe('AdrefExceptionFilter while the database is unreachable', () => {
  let app: INestApplication;

  beforeAll(async () => {
    port = await closedPort();
    // A data source whose PostgreSQL is not there: never connected, as after a failed start.
    const dataSource = new DataSource({ type: 'postgres', host: '127.0.0.1', port });
    const moduleRef = await Test.createTestingModule({
      controllers: [HealthController, ProbeController],
      providers: [
        { provide: DataSource, useValue: dataSource },
        DatabaseProbeRepository,
        HealthService,
      ],
    }).compile();
    app = configureApp(moduleRef.createNestApplication<NestExpressApplication>({ logger: false }));
    await app.init();
  });
  afterAll(() => app?.close());

  it('answers 503 database_unavailable with Retry-After to a request that meets ECONNREFUSED', async () => {
    const response = await request(app.getHttpServer()).get('/api/v1/probe/database-down');
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('2');
    expect(response.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: expect.any(String),
      code: 'database_unavailable',
    });
  });

  it('/health reports the database down with 503 and Retry-After, and keeps answering', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await request(app.getHttpServer()).get('/api/v1/health');
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('2');
      // Anonymous callers learn up or down, nothing more (issue 8).
      expect(response.body).toEqual({ status: 'down' });
    }
  });

  it('keeps a programming error a 500, without Retry-After', async () => {
    const response = await request(app.getHttpServer()).get('/api/v1/probe/bug');
    expect(response.status).toBe(500);
    expect(response.headers['retry-after']).toBeUndefined();
    expect(response.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal server error',
    });
  });
});
