import { openTransaction, sealTransaction, transactionKey } from './oidc-transaction.util';

describe('the sealed OIDC transaction', () => {
  const key = transactionKey('client-secret-one');
  const now = new Date('2026-03-02T02:00:00Z');
  const transaction = {
    codeVerifier: 'v'.repeat(43),
    state: 'state-1',
    nonce: 'nonce-1',
    expiresAt: now.getTime() + 600_000,
  };

  it('opens what it sealed, and hides it from whoever holds the cookie', () => {
    const sealed = sealTransaction(transaction, key);
    expect(openTransaction(sealed, key, now)).toEqual(transaction);
    expect(Buffer.from(sealed, 'base64url').toString('latin1')).not.toContain('state-1');
    // A fresh IV each time: two seals of the same transaction differ.
    expect(sealTransaction(transaction, key)).not.toBe(sealed);
  });

  it('refuses a changed byte, another key, garbage and a stale transaction', () => {
    const sealed = Buffer.from(sealTransaction(transaction, key), 'base64url');
    for (let i = 0; i < sealed.length; i += 7) {
      const changed = Buffer.from(sealed);
      changed[i] ^= 0x01;
      expect(openTransaction(changed.toString('base64url'), key, now)).toBeNull();
    }
    const value = sealed.toString('base64url');
    expect(openTransaction(value, transactionKey('client-secret-two'), now)).toBeNull();
    expect(openTransaction('', key, now)).toBeNull();
    expect(openTransaction(undefined, key, now)).toBeNull();
    expect(openTransaction('not sealed at all', key, now)).toBeNull();
    expect(openTransaction(value, key, new Date(transaction.expiresAt))).toBeNull();
    expect(openTransaction(value, key, new Date(transaction.expiresAt - 1))).not.toBeNull();
  });

  it('refuses a sealed value that lacks a field', () => {
    const partial: Partial<typeof transaction> = { ...transaction };
    delete partial.nonce;
    const sealed = sealTransaction(partial as typeof transaction, key);
    expect(openTransaction(sealed, key, now)).toBeNull();
  });
});
