// A freshly issued token, shown this once: the API keeps only its hash, so the page says so and
// offers to copy it. The token is text in an input, never parsed as HTML.
import { h, uid } from './dom.js';
import { dateTime, t } from './i18n.js';

/** A notice with the token, its expiry and a copy button; `lead` says whose token it is. */
export function tokenOnce({ lead, token, expiresAt }) {
  const id = uid('new-token');
  const input = h('input', {
    id,
    type: 'text',
    class: 'token-value',
    readonly: true,
    value: token,
    spellcheck: 'false',
    autocomplete: 'off',
  });
  input.addEventListener('focus', () => input.select());
  const copied = h('span', { class: 'copied', role: 'status' });
  const copy = h('button', { type: 'button', class: 'secondary' }, t('copy'));
  copy.addEventListener('click', async () => {
    input.select();
    try {
      await window.navigator.clipboard.writeText(token);
      copied.textContent = t('copied');
    } catch {
      // No clipboard (plain HTTP, or refused): the selected text can still be copied by hand.
      copied.textContent = t('copyByHand');
    }
  });
  return h(
    'div',
    { class: 'success token-once', tabindex: '-1' },
    h('p', {}, h('label', { for: id }, lead)),
    h('div', { class: 'token-row' }, input, copy),
    h('p', { class: 'hint' }, t('tokenExpires', { date: dateTime(expiresAt) }), ' ', copied),
  );
}
