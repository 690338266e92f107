import { generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { auditHash } from '../engine/audit.repository';
import { checkChain, KeyRing } from './chain.util';
import type { StoredEvent, VerificationKey } from './verify.types';

const STATEMENT = '11111111-1111-4111-8111-111111111111';

function keyPair(keyId: string): { key: VerificationKey; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    key: { keyId, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() },
    privateKey,
  };
}

const signed = (hash: string, privateKey: KeyObject) =>
  sign(null, Buffer.from(hash, 'utf8'), privateKey).toString('base64');

/** A chain as AuditRepository.append writes it: linked, hashed, each event signed. */
function chainOf(count: number, signer: { key: VerificationKey; privateKey: KeyObject }) {
  const events: StoredEvent[] = [];
  for (let seq = 1; seq <= count; seq++) {
    const event: StoredEvent = {
      seq,
      statementId: STATEMENT,
      type: seq === 1 ? 'CREATED' : 'SUBMIT_TO_SOM',
      actorId: null,
      actorLabel: 'Cambodia secretariat',
      at: new Date(Date.UTC(2026, 2, seq)),
      recordedAt: new Date(Date.UTC(2026, 2, seq, 1)),
      textHash: 'a'.repeat(64),
      stateFrom: null,
      stateTo: 'drafting',
      payload: { note: `event ${seq}` },
      prevHash: events.at(-1)?.hash ?? null,
      hash: '',
      keyId: signer.key.keyId,
      signature: null,
    };
    event.hash = auditHash(event);
    event.signature = signed(event.hash, signer.privateKey);
    events.push(event);
  }
  return events;
}

describe(checkChain.name, () => {
  const current = keyPair('current0000000001');
  const ring = new KeyRing([current.key]);

  it('a chain linked, hashed and signed with a published key has no problem', () => {
    expect(checkChain(chainOf(4, current), ring)).toEqual([]);
  });

  it('signatures of a rotated-out key still verify while its public key is published', () => {
    const old = keyPair('old0000000000001');
    const events = chainOf(3, old);
    expect(checkChain(events, new KeyRing([old.key, current.key]))).toEqual([]);
    expect(checkChain(events, ring).map((p) => p.kind)).toEqual([
      'unknown_key',
      'unknown_key',
      'unknown_key',
    ]);
  });

  it('an edited event with its own hash recomputed: the next link breaks, its signature fails', () => {
    const events = chainOf(3, current);
    events[1] = { ...events[1], actorLabel: 'Brunei secretariat' };
    events[1].hash = auditHash(events[1]);

    expect(checkChain(events, ring)).toEqual([
      expect.objectContaining({ seq: 2, kind: 'bad_signature' }),
      expect.objectContaining({ seq: 3, kind: 'broken_link' }),
    ]);
  });

  it('an edited event left with its old hash is a hash mismatch', () => {
    const events = chainOf(3, current);
    events[2] = { ...events[2], payload: { note: 'changed' } };
    expect(checkChain(events, ring)).toEqual([
      expect.objectContaining({ seq: 3, kind: 'hash_mismatch' }),
    ]);
  });

  it('names unsigned events and signatures made over another hash', () => {
    const events = chainOf(3, current);
    events[0] = { ...events[0], signature: null, keyId: null };
    events[2] = { ...events[2], signature: events[1].signature };
    expect(checkChain(events, ring)).toEqual([
      { seq: 1, kind: 'unsigned', message: 'the event carries no signature' },
      {
        seq: 3,
        kind: 'bad_signature',
        message: 'the event signature does not verify with the published key current0000000001',
      },
    ]);
  });

  it('a gap in the numbering is missing events, whatever the links say', () => {
    const events = chainOf(5, current);
    const problems = checkChain([...events.slice(0, 2), ...events.slice(4)], ring);
    expect(problems).toEqual([
      { seq: 5, kind: 'missing_events', message: 'events 3 to 4 are missing before event 5' },
      expect.objectContaining({ seq: 5, kind: 'broken_link' }),
    ]);
  });

  it('a public key that does not parse verifies nothing', () => {
    const broken = new KeyRing([{ keyId: current.key.keyId, publicKeyPem: 'not a key' }]);
    expect(checkChain(chainOf(1, current), broken).map((p) => p.kind)).toEqual(['bad_signature']);
  });
});
