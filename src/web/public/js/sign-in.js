// The sign-in page: the government's identity provider (when set up), a one-time link by
// email (when email is set up), and a personal token, for administrators and automation.
import { api } from './api.js';
import { h, replace, uid } from './dom.js';
import { t } from './i18n.js';

function emailForm() {
  const id = uid('email');
  const sent = h('p', { class: 'notice', role: 'status', hidden: true });
  const form = h(
    'form',
    { class: 'sign-in-email', novalidate: true },
    h('p', {}, t('signInEmailIntro')),
    h('label', { for: id }, t('emailAddress')),
    h('input', {
      id,
      name: 'email',
      type: 'email',
      autocomplete: 'email',
      spellcheck: 'false',
      required: true,
    }),
    h('button', { type: 'submit' }, t('sendLink')),
    sent,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const email = form.elements.email.value.trim();
    const say = (text, isError = false) => {
      sent.hidden = false;
      sent.className = isError ? 'error' : 'notice';
      sent.setAttribute('role', isError ? 'alert' : 'status');
      sent.textContent = text;
    };
    if (!email) {
      form.elements.email.focus();
      return;
    }
    try {
      await api('/sign-in/email', { method: 'POST', body: { email } });
      say(t('linkSent', { email }));
    } catch (error) {
      say(error.status === 400 ? t('badEmail') : t(`errors.${error.status || 0}`), true);
    }
  });
  return form;
}

function tokenForm(onToken, collapsed) {
  const tokenId = uid('token');
  const rememberId = uid('remember');
  const form = h(
    'form',
    { class: 'sign-in-token', novalidate: true },
    collapsed ? null : h('p', {}, t('signInIntro')),
    h('label', { for: tokenId }, t('token')),
    h('input', {
      id: tokenId,
      name: 'token',
      type: 'password',
      autocomplete: 'off',
      spellcheck: 'false',
      required: true,
    }),
    h(
      'div',
      { class: 'check' },
      h('input', { id: rememberId, name: 'remember', type: 'checkbox' }),
      h('label', { for: rememberId }, t('remember')),
    ),
    h('button', { type: 'submit' }, t('signIn')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = form.elements.token.value.trim();
    if (!token) form.elements.token.focus();
    else onToken(token, form.elements.remember.checked);
  });
  if (!collapsed) return form;
  return h(
    'details',
    { class: 'sign-in-token-details' },
    h('summary', {}, t('signInWithToken')),
    h('p', {}, t('signInIntro')),
    form,
  );
}

/**
 * Renders the sign-in page into `main`. `methods` is GET /sign-in/methods; `onToken(token,
 * remember)` signs in with a personal token.
 */
export function renderSignInPage(main, { methods, message, isError = false, onToken }) {
  const other = methods.oidc || methods.emailLink;
  const card = h(
    'div',
    { class: 'card sign-in' },
    h('h1', { tabindex: '-1' }, t('signIn')),
    message
      ? h('p', { class: isError ? 'error' : 'notice', role: isError ? 'alert' : 'status' }, message)
      : null,
    methods.oidc
      ? h(
          'p',
          { class: 'sign-in-oidc' },
          // target=_self: a real navigation to the provider, not a move within the pages.
          h('a', { class: 'button-link', href: '/sign-in/oidc', target: '_self' }, t('signInOidc')),
        )
      : null,
    methods.emailLink ? emailForm() : null,
    tokenForm(onToken, other),
  );
  replace(main, card);
  const focus = isError
    ? card.querySelector('[role=alert]')
    : card.querySelector('.sign-in-oidc a, input[name=email], input[name=token]');
  focus?.focus?.();
}
