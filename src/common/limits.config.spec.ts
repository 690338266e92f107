import { parseRateLimit, parseTrustProxy } from './limits.config';

describe(parseRateLimit.name, () => {
  it('takes a whole number a minute, off, or the default when unset', () => {
    expect(parseRateLimit('X', '5', 20)).toEqual({ limit: 5, windowMs: 60_000 });
    expect(parseRateLimit('X', 'off', 20)).toBeNull();
    expect(parseRateLimit('X', undefined, 20)).toEqual({ limit: 20, windowMs: 60_000 });
    expect(parseRateLimit('X', '', 120)).toEqual({ limit: 120, windowMs: 60_000 });
  });

  it.each(['0', '-1', '1.5', 'ten', '1e3', '99999999999'])(
    'refuses %s, naming the variable',
    (value) => {
      expect(() => parseRateLimit('ADREF_RATE_WRITES', value, 120)).toThrow(/ADREF_RATE_WRITES/);
    },
  );
});

describe(parseTrustProxy.name, () => {
  it('trusts no proxy unless told', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('true')).toBe(true);
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('loopback, 10.0.0.0/8')).toBe('loopback, 10.0.0.0/8');
  });
});
