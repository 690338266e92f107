import type { AnyStateMachine } from 'xstate';
import { statementMachine } from '../../workflows/statement/statement.machine';
import {
  AdoptionBasis,
  POSITION_KINDS,
  SILENCE_RULES,
  STATEMENT_EVENT_TYPES,
} from '../../workflows/statement/statement.types';
import { fill, VOCABULARY } from './vocabulary';

// Every adoption basis, checked by the compiler: a new one fails to compile until it is added.
const BASES: Record<AdoptionBasis, true> = { meeting: true, consensus: true, silence: true };

/** Every state of the machine, nested ones included, by their own names. */
function statesOf(machine: AnyStateMachine): string[] {
  const walk = (node: { states: Record<string, unknown> }): string[] =>
    Object.entries(node.states).flatMap(([key, child]) => [
      key,
      ...walk(child as { states: Record<string, unknown> }),
    ]);
  return walk(machine.root);
}

/** The events the machine accepts, from its own definition (xstate's internal ones aside). */
const eventsOf = (machine: AnyStateMachine): string[] =>
  machine.events.filter((type: string) => !type.startsWith('xstate.') && type !== '*');

/** What the procedure names and a catalogue lacks, as language.group.name paths. */
function missingTerms(catalogue: typeof VOCABULARY): string[] {
  const needed: Record<string, string[]> = {
    states: statesOf(statementMachine),
    events: [...new Set([...eventsOf(statementMachine), ...STATEMENT_EVENT_TYPES])],
    positions: [...POSITION_KINDS],
    silenceRules: [...SILENCE_RULES],
    adoptionBases: Object.keys(BASES),
  };
  return (['en', 'th'] as const).flatMap((language) =>
    Object.entries(needed).flatMap(([group, names]) =>
      names
        .filter((name) => {
          const words = (catalogue[language] as unknown as Record<string, Record<string, unknown>>)[
            group
          ];
          return typeof words?.[name] !== 'string' || !(words[name] as string).trim();
        })
        .map((name) => `${language}.${group}.${name}`),
    ),
  );
}

/** Every key path of a catalogue entry, nested groups included. */
const keys = (entry: object, prefix = ''): string[] =>
  Object.entries(entry).flatMap(([key, value]) =>
    value && typeof value === 'object' ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );

describe('the EN/TH vocabulary (src/common/vocabulary.catalogue.json)', () => {
  it('names every state, event, position and silence rule of the procedure in English and Thai', () => {
    expect(statesOf(statementMachine)).toEqual(
      expect.arrayContaining(['drafting', 'ad_referendum', 'collecting', 'awaiting_decision']),
    );
    expect(eventsOf(statementMachine)).toEqual(expect.arrayContaining(['RECORD_POSITION']));
    expect(missingTerms(VOCABULARY)).toEqual([]);
  });

  it('fails a catalogue that lacks one entry', () => {
    const broken = structuredClone(VOCABULARY);
    delete (broken.th.states as Partial<typeof broken.th.states>).awaiting_decision;
    expect(missingTerms(broken)).toEqual(['th.states.awaiting_decision']);
    const blank = structuredClone(VOCABULARY);
    blank.en.positions.clearance_pending = ' ';
    expect(missingTerms(blank)).toEqual(['en.positions.clearance_pending']);
  });

  it('has the same entries in English and Thai', () => {
    expect(keys(VOCABULARY.th).sort()).toEqual(keys(VOCABULARY.en).sort());
  });

  it('calls an endorsement รับรอง in Thai, as pages, PDF and emails all do', () => {
    expect(VOCABULARY.th.positions.endorse).toBe('รับรอง');
    expect(JSON.stringify(VOCABULARY.th.positions)).not.toContain('เห็นชอบโดยมีข้อสงวน');
  });

  it('fills placeholders and drops the space a missing one leaves', () => {
    expect(fill(VOCABULARY.en.adoptionBases.consensus, { n: 2 })).toBe(
      'Consensus by ad referendum (round 2)',
    );
    expect(fill(VOCABULARY.en.adoptionBases.meeting, { meeting: null })).toBe(
      'Consensus at the meeting',
    );
  });
});
