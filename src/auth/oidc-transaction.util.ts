import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** What the callback needs to finish the round trip it started (RFC 7636, OIDC Core §3.1.2). */
export interface OidcTransaction {
  codeVerifier: string;
  state: string;
  nonce: string;
  /** Milliseconds since the epoch after which the round trip is refused. */
  expiresAt: number;
}

/** The key that seals transactions: derived from the client secret, so every instance shares it. */
export const transactionKey = (clientSecret: string): Buffer =>
  Buffer.from(hkdfSync('sha256', clientSecret, 'adref', 'adref-oidc-transaction', 32));

/** AES-256-GCM: the browser keeps the transaction but can neither read nor change it. */
export function sealTransaction(transaction: OidcTransaction, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([
    cipher.update(JSON.stringify(transaction), 'utf8'),
    cipher.final(),
  ]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

/** The transaction, or null when the value was altered, sealed with another key, or is stale. */
export function openTransaction(
  value: string | undefined,
  key: Buffer,
  now: Date,
): OidcTransaction | null {
  if (!value) return null;
  try {
    const raw = Buffer.from(value, 'base64url');
    if (raw.length < 29) return null;
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString(
      'utf8',
    );
    const transaction = JSON.parse(text) as OidcTransaction;
    const complete = ['codeVerifier', 'state', 'nonce'].every(
      (field) => typeof transaction[field as keyof OidcTransaction] === 'string',
    );
    if (!complete || typeof transaction.expiresAt !== 'number') return null;
    return transaction.expiresAt > now.getTime() ? transaction : null;
  } catch {
    return null;
  }
}
