import { REFUSAL_REASONS } from '../../workflows/statement/refusal.util';
import { statusOf } from '../common/adref-exception.filter';
import { AdrefErrorCode } from '../common/adref.errors';
import { REFUSAL_CODES } from './refusal-codes';

describe('REFUSAL_CODES', () => {
  it('gives every reason of the machine its own code, answered with a 409 or a 422', () => {
    expect(Object.keys(REFUSAL_CODES).sort()).toEqual([...REFUSAL_REASONS].sort());
    const codes = REFUSAL_REASONS.map((reason) => REFUSAL_CODES[reason]);
    expect(new Set(codes).size).toBe(codes.length);
    for (const reason of REFUSAL_REASONS) {
      expect({ reason, status: [409, 422].includes(statusOf(REFUSAL_CODES[reason])) }).toEqual({
        reason,
        status: true,
      });
    }
  });

  it('keeps the code of each reason readable as the reason itself', () => {
    for (const reason of REFUSAL_REASONS) {
      expect(Object.values(AdrefErrorCode)).toContain(reason);
      expect(REFUSAL_CODES[reason]).toBe(reason);
    }
  });
});
