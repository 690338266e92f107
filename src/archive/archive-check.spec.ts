import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { keyIdOf } from '../engine/signing.service';
import { parseTrustedKeys } from './archive-check';

describe(parseTrustedKeys.name, () => {
  const { publicKey } = generateKeyPairSync('ed25519');
  const pem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
  const keyId = keyIdOf(createPublicKey(pem));

  it('takes a PEM public key, named by its key id as adref names it', () => {
    expect(parseTrustedKeys(pem, 'key.pem')).toEqual([{ keyId, publicKeyPem: pem }]);
  });

  it('takes GET /api/v1/keys as JSON: the list, or one of its keys', () => {
    const published = [{ keyId, algorithm: 'Ed25519', publicKeyPem: pem }];
    expect(parseTrustedKeys(JSON.stringify(published), 'keys.json')).toEqual(published);
    expect(parseTrustedKeys(JSON.stringify(published[0]), 'one.json')).toEqual(published);
  });

  it('refuses anything else, naming the source', () => {
    expect(() => parseTrustedKeys('[{"keyId": 1}]', 'bad.json')).toThrow(
      'bad.json is not a list of {keyId, publicKeyPem}, as GET /api/v1/keys gives',
    );
    expect(() => parseTrustedKeys('not a key', 'junk.txt')).toThrow(
      'junk.txt is neither JSON as GET /api/v1/keys gives nor a PEM public key',
    );
  });
});
