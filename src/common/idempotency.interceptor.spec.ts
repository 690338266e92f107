import { AdrefErrorCode } from './adref.errors';
import { parseIdempotencyKey, storableAnswer } from './idempotency.interceptor';

describe(storableAnswer.name, () => {
  it('keeps the answer without its secrets, at any depth', () => {
    expect(
      storableAnswer(
        { id: 'u1', token: 't', nested: [{ secret: 's', url: 'https://x' }] },
        undefined,
      ),
    ).toEqual({ id: 'u1', nested: [{ url: 'https://x' }] });
  });

  it('keeps nothing of an answer marked no-store, nor of an empty one', () => {
    expect(storableAnswer({ url: 'https://x/feed?key=secret' }, 'no-store')).toBeNull();
    expect(storableAnswer(undefined, undefined)).toBeNull();
  });

  it('stores dates as the JSON the client was sent', () => {
    expect(storableAnswer({ at: new Date('2026-03-02T02:00:00Z') }, undefined)).toEqual({
      at: '2026-03-02T02:00:00.000Z',
    });
  });
});

describe(parseIdempotencyKey.name, () => {
  it('takes 1 to 200 visible ASCII characters', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
    expect(parseIdempotencyKey('a-1_b.c:d')).toBe('a-1_b.c:d');
    for (const bad of ['', 'a b', 'k'.repeat(201), 'clé', ['a', 'b']]) {
      expect(() => parseIdempotencyKey(bad)).toThrow(
        expect.objectContaining({ code: AdrefErrorCode.INVALID_INPUT }),
      );
    }
  });
});
