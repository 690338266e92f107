import { createHmac } from 'node:crypto';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { createTransport, Transporter } from 'nodemailer';
import { smtpConfig } from '../config/app.config';

export const SIGNATURE_HEADER = 'X-Adref-Signature';

/** `sha256=<hex>`: HMAC-SHA256 of the exact request body with the subscription's secret. */
export const signature = (body: string, secret: string): string =>
  `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;

export interface SendResult {
  ok: boolean;
  responseStatus?: number;
  error?: string;
}

@Injectable()
export class EmailChannel implements OnApplicationShutdown {
  private transport: Transporter | null = null;

  constructor(@Inject(smtpConfig.KEY) private readonly config: ConfigType<typeof smtpConfig>) {}

  /** Without SMTP_HOST, email waits instead of failing: nothing is lost before it is set up. */
  get configured(): boolean {
    return !!this.config.host;
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }

  /** A multipart message: the HTML with its plain-text alternative, when there is HTML. */
  async send(to: string, subject: string, text: string, html?: string): Promise<SendResult> {
    this.transport ??= createTransport({
      // Reuse connections: a round opening writes to every elector at once.
      pool: true,
      maxConnections: 2,
      host: this.config.host,
      port: this.config.port,
      secure: this.config.secure,
      ...(this.config.user ? { auth: { user: this.config.user, pass: this.config.password } } : {}),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    try {
      await this.transport.sendMail({
        from: this.config.from,
        to,
        subject,
        text,
        ...(html ? { html } : {}),
      });
      return { ok: true };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }
}

@Injectable()
export class WebhookChannel {
  async send(
    url: string,
    body: string,
    secret: string,
    headers: Record<string, string>,
  ): Promise<SendResult> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          [SIGNATURE_HEADER]: signature(body, secret),
          ...headers,
        },
        body,
        signal: AbortSignal.timeout(10_000),
        redirect: 'manual',
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.ok
        ? { ok: true, responseStatus: response.status }
        : { ok: false, responseStatus: response.status, error: `HTTP ${response.status}` };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }
}
