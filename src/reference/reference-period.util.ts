import { invalidInput } from '../common/adref.errors';

/** A period of the reference data (membership, chair term, meeting) ends on or after its start. */
export function assertPeriod(from: string | null, to: string | null): void {
  if (from && to && from > to) {
    throw invalidInput(`the period ends (${to}) before it starts (${from})`, { field: 'validTo' });
  }
}
