import { AdrefError, AdrefErrorCode } from './adref.errors';
import {
  isJsonContentType,
  MAX_JSON_DEPTH,
  nestsDeeperThan,
  parseJsonBody,
} from './json-body.middleware';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const codeOf = (bytes: Uint8Array): string | undefined => {
  try {
    parseJsonBody(bytes);
    return undefined;
  } catch (error) {
    return (error as AdrefError).code;
  }
};

describe(nestsDeeperThan.name, () => {
  it('allows exactly MAX_JSON_DEPTH levels and refuses one more', () => {
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH + 1))).toBe(true);
  });

  it('counts objects and arrays alike, and siblings do not add up', () => {
    expect(nestsDeeperThan('{"a":{"b":[1]}}', 3)).toBe(false);
    expect(nestsDeeperThan('{"a":{"b":[{}]}}', 3)).toBe(true);
    expect(nestsDeeperThan('[[1],[2],[3],[4]]', 2)).toBe(false);
  });

  it('ignores brackets in strings, escaped quotes included', () => {
    expect(nestsDeeperThan(JSON.stringify({ a: '[[[[{{{{', b: '\\"[[[["' }), 1)).toBe(false);
  });

  it('measures 100,000 levels without recursion', () => {
    expect(nestsDeeperThan(nested(100_000))).toBe(true);
  });
});

describe(parseJsonBody.name, () => {
  it('parses UTF-8 JSON, Thai included', () => {
    expect(parseJsonBody(Buffer.from('{"title":"ถ้อยแถลง 🇹🇭"}'))).toEqual({ title: 'ถ้อยแถลง 🇹🇭' });
  });

  it('refuses invalid UTF-8 before anything else', () => {
    expect(codeOf(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]))).toBe(
      AdrefErrorCode.INVALID_ENCODING,
    );
  });

  it('refuses too deep a body, then one that is not an object or array, then bad JSON', () => {
    expect(codeOf(Buffer.from(nested(40)))).toBe(AdrefErrorCode.TOO_DEEPLY_NESTED);
    expect(codeOf(Buffer.from('"a string"'))).toBe(AdrefErrorCode.INVALID_INPUT);
    expect(codeOf(Buffer.from('{"a":'))).toBe(AdrefErrorCode.INVALID_INPUT);
  });

  it('refuses text the database could not store, in a value or a field name', () => {
    expect(codeOf(Buffer.from('{"a":"x\\ud800"}'))).toBe(AdrefErrorCode.INVALID_INPUT);
    expect(codeOf(Buffer.from('{"a\\u0000":1}'))).toBe(AdrefErrorCode.INVALID_INPUT);
    expect(parseJsonBody(Buffer.from('{"a":"\\ud83c\\uddf9"}'))).toEqual({ a: '🇹' });
  });

  it('refuses a number too large to represent, written either way', () => {
    expect(codeOf(Buffer.from('{"a":[1,{"b":1e400}]}'))).toBe(AdrefErrorCode.INVALID_INPUT);
    expect(codeOf(Buffer.from(`{"a":-1${'0'.repeat(400)}}`))).toBe(AdrefErrorCode.INVALID_INPUT);
    expect(parseJsonBody(Buffer.from('{"a":1e308,"b":-1e-400}'))).toEqual({ a: 1e308, b: -0 });
  });
});

describe(isJsonContentType.name, () => {
  it.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['Application/JSON; Charset=UTF-8', true],
    ['application/json; charset=latin1', false],
    ['application/x-www-form-urlencoded', false],
    ['text/plain', false],
    ['application/json-patch+json', false],
    [undefined, false],
  ])('%s → %s', (contentType, expected) => {
    expect(isJsonContentType(contentType)).toBe(expected);
  });
});
