// A readable diff between two text versions, from the API's line changes, as <ins>/<del>.
import { api } from './api.js';
import { h, replace, srOnly } from './dom.js';
import { t } from './i18n.js';

export function diffView(diff) {
  const changed = diff.changes.some((c) => c.type !== 'unchanged');
  return h(
    'div',
    { class: 'diff-wrap' },
    h('p', { class: 'legend' }, h('ins', {}, t('added')), ' ', h('del', {}, t('removed'))),
    changed
      ? h(
          'div',
          { class: 'diff text-body' },
          diff.changes.map((change) =>
            change.type === 'added'
              ? h('ins', {}, srOnly(`[${t('added')}] `), change.value)
              : change.type === 'removed'
                ? h('del', {}, srOnly(`[${t('removed')}] `), change.value)
                : h('span', {}, change.value),
          ),
        )
      : h('p', {}, t('noChanges')),
  );
}

/** Loads and shows the changes from version a to version b into a container. */
export async function showDiff(container, statementId, a, b) {
  const diff = await api(`/statements/${statementId}/versions/${a}/diff/${b}`);
  replace(container, diffView(diff));
  return diff;
}
