import { createMachine } from 'xstate';
import { undescribedStates } from './describe.util';
import { statementMachine, statementMachineV1 } from './statement/statement.machine';

// The machine documents itself (GET /workflows/statement, the pages' lifecycle diagram): every
// state, nested ones included, says what it means.
describe('state descriptions', () => {
  it.each([
    ['the current machine', statementMachine],
    ['machine version 1', statementMachineV1],
  ])('%s describes every state', (_name, machine) => {
    expect(undescribedStates(machine)).toEqual([]);
  });

  it('names the states that lack one, nested ones too', () => {
    const machine = createMachine({
      initial: 'a',
      states: {
        a: { description: 'described' },
        b: { initial: 'inner', states: { inner: {}, other: { description: '  ' } } },
      },
    });
    expect(undescribedStates(machine)).toEqual(['b', 'b.inner', 'b.other']);
  });
});
