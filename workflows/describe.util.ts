import type { AnyStateMachine, AnyStateNode } from 'xstate';

export interface MachineDescription {
  id: string;
  states: {
    id: string;
    path: string;
    description: string | null;
    final: boolean;
    parent: string | null;
  }[];
  events: string[];
  transitions: { from: string; event: string; to: string[]; guarded: boolean }[];
  /** A Mermaid state diagram people can read (paste into any Mermaid viewer). */
  mermaid: string;
}

const pathOf = (node: AnyStateNode): string => node.path.join('.');

function walk(node: AnyStateNode): AnyStateNode[] {
  return [node, ...Object.values(node.states).flatMap((child) => walk(child as AnyStateNode))];
}

/** The states of a machine that have no description: every state should say what it means. */
export const undescribedStates = (machine: AnyStateMachine): string[] =>
  walk(machine.root)
    .filter((node) => node.path.length > 0 && !node.description?.trim())
    .map(pathOf);

/** Lists the states, events and transitions of a machine, from its definition alone. */
export function describeMachine(machine: AnyStateMachine): MachineDescription {
  const nodes = walk(machine.root).filter((node) => node.path.length > 0);
  const transitions: MachineDescription['transitions'] = [];
  for (const node of [machine.root, ...nodes]) {
    for (const [event, definitions] of node.transitions) {
      for (const definition of definitions) {
        const sources =
          node.path.length === 0
            ? nodes.filter((n) => n.path.length === 1 && n.type !== 'final')
            : [node];
        for (const source of sources) {
          transitions.push({
            from: pathOf(source),
            event,
            to: (definition.target ?? [source]).map((target: AnyStateNode) => pathOf(target)),
            guarded: Boolean(definition.guard),
          });
        }
      }
    }
  }
  const states = nodes.map((node) => ({
    id: node.id,
    path: pathOf(node),
    description: node.description ?? null,
    final: node.type === 'final',
    parent: node.path.length > 1 ? node.path.slice(0, -1).join('.') : null,
  }));
  return {
    id: machine.id,
    states,
    events: [...new Set(transitions.map((t) => t.event))].sort(),
    transitions,
    mermaid: mermaid(nodes, transitions),
  };
}

function mermaid(nodes: AnyStateNode[], transitions: MachineDescription['transitions']): string {
  const name = (path: string) => path.replace(/\./g, '__');
  const lines = ['stateDiagram-v2'];
  const initial = nodes.find((n) => n.path.length === 1);
  if (initial) lines.push(`  [*] --> ${name(pathOf(initial))}`);
  for (const node of nodes.filter((n) => n.path.length === 1 && Object.keys(n.states).length > 0)) {
    lines.push(`  state ${name(pathOf(node))} {`);
    const first = node.initial?.target?.[0] as AnyStateNode | undefined;
    if (first) lines.push(`    [*] --> ${name(pathOf(first))}`);
    lines.push('  }');
  }
  const seen = new Set<string>();
  for (const t of transitions) {
    for (const to of t.to) {
      const line = `  ${name(t.from)} --> ${name(to)} : ${t.event}`;
      if (!seen.has(line) && t.from !== to) {
        seen.add(line);
        lines.push(line);
      }
    }
  }
  for (const node of nodes.filter((n) => n.type === 'final'))
    lines.push(`  ${name(pathOf(node))} --> [*]`);
  return lines.join('\n');
}
