import { AddressInfo } from 'node:net';
import PostalMime from 'postal-mime';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  /** The plain text (of a multipart message: its text/plain part). */
  text: string;
  /** The text/html part, if the message has one. */
  html?: string;
  /** The Content-Type of the whole message. */
  contentType: string;
}

/** Parses a message as a mail client would (postal-mime: multipart, encoded words, charsets). */
export async function parseMail(raw: Buffer, to: string[]): Promise<ReceivedMail> {
  const email = await PostalMime.parse(raw);
  const contentType = email.headers.find((h) => h.key === 'content-type')?.value ?? 'text/plain';
  return {
    to,
    subject: email.subject ?? '',
    text: (email.text ?? '').replace(/\r\n/g, '\n').replace(/\n$/, ''),
    ...(email.html ? { html: email.html } : {}),
    contentType,
  };
}

/** A real SMTP server on loopback that keeps every message it accepts, in the order accepted. */
export class MailSink {
  readonly messages: ReceivedMail[] = [];
  private readonly server: SMTPServer;
  // Parsing is asynchronous: chain it so that messages keep the order in which they arrived.
  private parsed: Promise<void> = Promise.resolve();

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const to = session.envelope.rcptTo.map((r) => r.address);
          const raw = Buffer.concat(chunks);
          this.parsed = this.parsed
            .then(() => parseMail(raw, to))
            .then((mail) => {
              this.messages.push(mail);
              callback();
            }, callback);
        });
      },
    });
  }

  /** Listens on the given port (a port the app was told before the server was up), or any. */
  async start(port = 0): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    return (this.server.server.address() as AddressInfo).port;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Messages to one address. */
  to(address: string): ReceivedMail[] {
    return this.messages.filter((m) => m.to.includes(address));
  }

  clear(): void {
    this.messages.length = 0;
  }
}
