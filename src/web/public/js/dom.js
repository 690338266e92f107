// Builds DOM from data with createElement and textContent only: text a user typed is never
// parsed as HTML, so a title like <script> shows as text.

const SVG_NS = 'http://www.w3.org/2000/svg';

function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

function assign(element, attributes) {
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (name === 'style') {
      Object.assign(element.style, value);
    } else if (name === 'value' || name === 'checked' || name === 'selected') {
      element[name] = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
}

/** h('a', { href: '/' }, 'text', child…): an HTML element. */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  assign(element, attributes);
  append(element, children);
  return element;
}

/** An SVG element, for the lifecycle diagram. */
export function s(tag, attributes, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  assign(element, attributes);
  append(element, children);
  return element;
}

export function replace(parent, ...children) {
  parent.replaceChildren();
  append(parent, children);
  return parent;
}

let ids = 0;
/** A unique id for label/for and aria pairs. */
export const uid = (prefix = 'f') => `${prefix}-${++ids}`;

/** A text-only span, hidden on screen and read by screen readers. */
export const srOnly = (text) => h('span', { class: 'visually-hidden' }, text);

/** A table that stacks into labelled cards on a phone (class "responsive"), with a caption for screen readers. */
export const responsiveTable = (className, caption, headings, tbody) =>
  h(
    'table',
    { class: `${className} responsive` },
    h('caption', { class: 'visually-hidden' }, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headings.map((label) => h('th', { scope: 'col' }, label)),
      ),
    ),
    tbody,
  );
