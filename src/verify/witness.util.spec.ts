import { generateKeyPairSync, sign } from 'node:crypto';
import { KeyRing } from './chain.util';
import type { StoredEvent } from './verify.types';
import { checkWitness, parseWitnesses } from './witness.util';

const ID = '0f6e1c9a-3b7d-4e21-9a55-2c8d4b6f1e03';
const HASH = 'c'.repeat(64);

describe(parseWitnesses.name, () => {
  const head = { statementId: ID, seq: 12, hash: HASH, keyId: 'k1', signature: 'c2ln' };

  it('finds the chain head of a record of adoption (JSON, chainHead at the top)', () => {
    const record = { statementId: ID, chainHead: head, statement: { id: ID, title: 'T' } };
    expect(parseWitnesses(JSON.stringify(record), 'record.json')).toEqual([
      {
        source: 'record.json',
        statementId: ID,
        seq: 12,
        hash: HASH,
        keyId: 'k1',
        signature: 'c2ln',
      },
    ]);
  });

  it('finds it in a webhook body, where the statement is named beside the head', () => {
    const bare = { seq: head.seq, hash: head.hash, keyId: head.keyId, signature: head.signature };
    const body = {
      kind: 'adopted',
      payload: { statementId: ID, state: 'adopted', chainHead: bare },
    };
    expect(parseWitnesses(JSON.stringify(body), 'hook.json')).toEqual([
      expect.objectContaining({ statementId: ID, seq: 12, hash: HASH }),
    ]);
  });

  it('finds every head of a list of notifications, each once', () => {
    const other = { ...head, seq: 13, hash: 'd'.repeat(64) };
    const list = [{ chainHead: head }, { chainHead: head }, { chainHead: other }];
    expect(parseWitnesses(JSON.stringify(list), 'all.json').map((w) => w.seq)).toEqual([12, 13]);
  });

  it('reads the chain-head line of a CSV record (or of any text)', () => {
    const csv = [
      `# chain head: statement ${ID} seq 12 hash ${HASH} key 3f2a9c1d0b7e4a65 signature ab+/cd==`,
      'member,position',
      'THA,endorse',
    ].join('\n');
    expect(parseWitnesses(csv, 'record.csv')).toEqual([
      {
        source: 'record.csv',
        statementId: ID,
        seq: 12,
        hash: HASH,
        keyId: '3f2a9c1d0b7e4a65',
        signature: 'ab+/cd==',
      },
    ]);
  });

  it('finds nothing where there is no chain head', () => {
    expect(parseWitnesses('{"statementId":"x"}', 'a.json')).toEqual([]);
    expect(parseWitnesses('member,position\nTHA,endorse\n', 'b.csv')).toEqual([]);
  });
});

describe(checkWitness.name, () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const keys = new KeyRing([
    { keyId: 'k1', publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() },
  ]);
  const events = [1, 2, 3].map(
    (seq) => ({ seq, hash: String(seq).repeat(64) }) as unknown as StoredEvent,
  );
  const witness = (seq: number, hash = String(seq).repeat(64)) => ({
    source: 'record.json',
    statementId: ID,
    seq,
    hash,
    keyId: 'k1',
    signature: sign(null, Buffer.from(hash, 'utf8'), privateKey).toString('base64'),
  });

  it('holds when the chain has its seq and hash and the signature verifies', () => {
    expect(checkWitness(witness(3), events, keys)).toEqual([]);
    expect(checkWitness(witness(2), events, keys)).toEqual([]);
  });

  it('a chain that ends before the witness lost its tail', () => {
    expect(checkWitness(witness(5), events, keys)).toEqual([
      {
        seq: 5,
        kind: 'missing_events',
        message:
          'the witness in record.json holds event 5; the chain ends at 3: events were deleted',
      },
    ]);
  });

  it('another hash at that seq is a witness mismatch', () => {
    expect(checkWitness(witness(2, 'e'.repeat(64)), events, keys)).toEqual([
      expect.objectContaining({ seq: 2, kind: 'witness_mismatch' }),
    ]);
  });

  it('a witness whose signature fails, or that has none, is itself suspect', () => {
    expect(checkWitness({ ...witness(3), signature: witness(2).signature }, events, keys)).toEqual([
      expect.objectContaining({ seq: 3, kind: 'bad_signature' }),
    ]);
    expect(checkWitness({ ...witness(3), keyId: 'k9' }, events, keys)).toEqual([
      expect.objectContaining({ seq: 3, kind: 'unknown_key' }),
    ]);
    expect(checkWitness({ ...witness(3), signature: null }, events, keys)).toEqual([
      expect.objectContaining({ seq: 3, kind: 'unsigned' }),
    ]);
  });
});
