// The lifecycle drawn from GET /workflows/statement (states and transitions) as SVG boxes,
// with the current state highlighted; a list says the same in words.
import { h, s } from './dom.js';
import { t, term } from './i18n.js';

const BOX_W = 184;
const BOX_H = 50;
const SUB_H = 20;
const GAP_X = 112;
const GAP_Y = 30;
const PAD = 20;
const LANE = 26;

/** Columns by distance from the first state; final states share the last column. */
function layout(states, edges, top0) {
  const top = states.filter((state) => !state.parent);
  const depth = new Map([[top[0].path, 0]]);
  const queue = [top[0].path];
  while (queue.length) {
    const from = queue.shift();
    for (const edge of edges.filter((e) => e.from === from)) {
      const target = top.find((state) => state.path === edge.to);
      if (target && !target.final && !depth.has(edge.to)) {
        depth.set(edge.to, depth.get(from) + 1);
        queue.push(edge.to);
      }
    }
  }
  const last = Math.max(...depth.values()) + 1;
  const columns = [];
  for (const state of top) {
    const column = state.final ? last : (depth.get(state.path) ?? 0);
    (columns[column] ??= []).push(state);
  }
  const children = (state) => states.filter((child) => child.parent === state.path);
  const height = (state) => BOX_H + children(state).length * SUB_H;
  const columnHeight = (column) =>
    column.reduce((sum, state) => sum + height(state), 0) + GAP_Y * (column.length - 1);
  const tallest = Math.max(...columns.map((column) => columnHeight(column ?? [])));
  const boxes = new Map();
  columns.forEach((column, index) => {
    let y = top0 + (tallest - columnHeight(column)) / 2;
    for (const state of column) {
      boxes.set(state.path, {
        state,
        column: index,
        x: PAD + index * (BOX_W + GAP_X),
        y,
        w: BOX_W,
        h: height(state),
        children: children(state),
      });
      y += height(state) + GAP_Y;
    }
  });
  return {
    boxes,
    width: PAD * 2 + columns.length * BOX_W + (columns.length - 1) * GAP_X,
    height: top0 + tallest + PAD + 36,
  };
}

/** Splits a label into lines of about `width` characters. */
function lines(text, width = 18) {
  const out = [];
  for (const word of text.split(' ')) {
    const lastLine = out[out.length - 1];
    if (lastLine && (lastLine + ' ' + word).length <= width)
      out[out.length - 1] = `${lastLine} ${word}`;
    else out.push(word);
  }
  return out;
}

function label(text, x, y, anchor, width = 18) {
  return s(
    'text',
    { x: String(x), y: String(y), class: 'edge-label', 'text-anchor': anchor },
    lines(text, width).map((line, i) =>
      s('tspan', { x: String(x), dy: i === 0 ? '0' : '13' }, line),
    ),
  );
}

/** One edge per pair of top-level states, with its events; self-loops left out. */
function topEdges(description) {
  const topOf = (path) => path.split('.')[0];
  const edges = new Map();
  for (const transition of description.transitions) {
    for (const to of transition.to) {
      const from = topOf(transition.from);
      const target = topOf(to);
      if (from === target) continue;
      const key = `${from}>${target}`;
      const edge = edges.get(key) ?? { from, to: target, events: new Set() };
      edge.events.add(transition.event);
      edges.set(key, edge);
    }
  }
  return [...edges.values()];
}

/** Events that lead from every state that is not final to the same place (e.g. WITHDRAW). */
function fromAnyState(description, edges) {
  const open = description.states.filter((state) => !state.parent && !state.final);
  const events = new Map();
  for (const edge of edges) {
    for (const event of edge.events) {
      const key = `${event}>${edge.to}`;
      events.set(key, [...(events.get(key) ?? []), edge.from]);
    }
  }
  return [...events.entries()]
    .filter(([, froms]) => open.every((state) => froms.includes(state.path)))
    .map(([key]) => {
      const [event, to] = key.split('>');
      return { event, to };
    });
}

/** Next-column edges run straight across; back and skipping edges arc above on lanes. */
function route(a, b, lane) {
  if (lane === null) {
    const x1 = a.x + a.w;
    const y1 = a.y + a.h / 2;
    const x2 = b.x;
    const y2 = b.y + Math.min(b.h / 2, BOX_H / 2);
    const mx = (x1 + x2) / 2;
    return {
      d: `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2 - 2},${y2}`,
      label: [x2 - 8, y2 - 8 - (y2 < y1 ? 13 : 0), 'end'],
    };
  }
  const x1 = a.x + a.w / 2 + (b.x > a.x ? 20 : -20);
  const x2 = b.x + b.w / 2 + (b.x > a.x ? -20 : 20);
  const y = PAD + lane * LANE;
  // The curve's highest point; its label sits just above it, on one line.
  const apex = 0.125 * (a.y + b.y) + 0.75 * y;
  return {
    d: `M${x1},${a.y} C${x1},${y} ${x2},${y} ${x2},${b.y - 2}`,
    label: [(x1 + x2) / 2, apex - 5, 'middle', 80],
  };
}

export function lifecycleDiagram(description, current, currentSub) {
  const edges = topEdges(description);
  const global = fromAnyState(description, edges);
  const isGlobal = (edge, event) => global.some((g) => g.event === event && g.to === edge.to);
  const drawn = edges
    .map((edge) => ({
      ...edge,
      events: [...edge.events].filter((event) => !isGlobal(edge, event)),
    }))
    .filter((edge) => edge.events.length);
  // Columns first, to know which edges skip or go back and need a lane above the boxes.
  const probe = layout(description.states, edges, 0).boxes;
  const arcs = drawn
    .filter((edge) => probe.get(edge.to).column - probe.get(edge.from).column !== 1)
    .sort(
      (a, b) =>
        Math.abs(probe.get(a.to).column - probe.get(a.from).column) -
        Math.abs(probe.get(b.to).column - probe.get(b.from).column),
    );
  const lanes = new Map(arcs.map((edge, index) => [edge, arcs.length - 1 - index]));
  const { boxes, width, height } = layout(description.states, edges, PAD + arcs.length * LANE + 24);
  const titleId = `lifecycle-title`;
  const descId = `lifecycle-desc`;
  const name = (event) => term('actions', event);

  const svg = s(
    'svg',
    {
      class: 'lifecycle',
      viewBox: `0 0 ${width} ${height}`,
      width: String(width),
      height: String(height),
      role: 'img',
      'aria-labelledby': `${titleId} ${descId}`,
    },
    s('title', { id: titleId }, t('lifecycleLabel')),
    s(
      'desc',
      { id: descId },
      t('currentState', {
        state: term('states', current) + (currentSub ? ` (${term('states', currentSub)})` : ''),
      }),
    ),
    s(
      'defs',
      {},
      s(
        'marker',
        {
          id: 'arrow',
          viewBox: '0 0 10 10',
          refX: '9',
          refY: '5',
          markerWidth: '7',
          markerHeight: '7',
          orient: 'auto-start-reverse',
        },
        s('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow-head' }),
      ),
    ),
  );
  const labels = [];
  for (const edge of drawn) {
    const from = boxes.get(edge.from);
    const to = boxes.get(edge.to);
    if (!from || !to) continue;
    const { d, label: at } = route(from, to, lanes.has(edge) ? lanes.get(edge) : null);
    svg.append(
      s('path', {
        d,
        class: edge.from === current ? 'edge active' : 'edge',
        'marker-end': 'url(#arrow)',
      }),
    );
    labels.push(label(edge.events.map(name).join(' · '), ...at));
  }
  // Labels last, so that no line crosses them.
  svg.append(...labels);
  for (const { state, x, y, w, h: height, children } of boxes.values()) {
    const here = state.path === current;
    const group = s(
      'g',
      {
        class: `node${here ? ' current' : ''}${state.final ? ' final' : ''}`,
        'aria-current': here ? 'step' : null,
      },
      s('rect', { x: String(x), y: String(y), width: String(w), height: String(height), rx: '8' }),
      s(
        'text',
        { x: String(x + w / 2), y: String(y + 30), 'text-anchor': 'middle', class: 'node-label' },
        term('states', state.path),
      ),
    );
    children.forEach((child, index) => {
      const name = child.path.split('.').pop();
      const active = here && name === currentSub;
      group.append(
        s(
          'text',
          {
            x: String(x + w / 2),
            y: String(y + BOX_H + index * SUB_H + 2),
            'text-anchor': 'middle',
            class: active ? 'sub-label active' : 'sub-label',
          },
          `${active ? '● ' : ''}${term('states', name)}`,
        ),
      );
    });
    svg.append(group);
  }
  if (global.length) {
    svg.append(
      s(
        'text',
        { x: String(PAD), y: String(height - 14), class: 'edge-label global' },
        global
          .map((g) => `${name(g.event)} → ${term('states', g.to)}: ${t('anyState')}`)
          .join('; '),
      ),
    );
  }

  // The same in words, for everyone who does not read diagrams.
  // Reminders are adref's own bookkeeping, not a step anyone takes.
  const next = new Map();
  for (const tr of description.transitions) {
    if (tr.event === 'REMINDER_DUE') continue;
    if (tr.from !== current && tr.from !== `${current}.${currentSub}`) continue;
    const targets = next.get(tr.event) ?? new Set();
    for (const to of tr.to) targets.add(to.split('.')[0]);
    next.set(tr.event, targets);
  }
  const stateNow = description.states.find((state) => state.path === current);
  return h(
    'div',
    { class: 'lifecycle-wrap' },
    h('div', { class: 'diagram-scroll' }, svg),
    h('h3', {}, t('fromHere')),
    stateNow?.final
      ? h('p', {}, t('nothingNext'))
      : h(
          'ul',
          { class: 'next-steps' },
          [...next].map(([event, targets]) =>
            h(
              'li',
              {},
              h('strong', {}, name(event)),
              ' → ',
              [...targets].map((to) => term('states', to)).join(' / '),
            ),
          ),
        ),
  );
}
