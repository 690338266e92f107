// Everyone's own account: who they are, the language of pages and messages, a new personal
// token (shown once), and signing out everywhere.
import { api } from './api.js';
import { confirmDialog, errorBlock } from './dialog.js';
import { h, replace, uid } from './dom.js';
import { memberName, t, term } from './i18n.js';
import { storedToken, storeToken } from './session.js';
import { tokenOnce } from './token-once.js';

const LANGUAGE_NAMES = { en: 'English', th: 'ไทย' };
// session.js keeps a remembered token in localStorage under this key, a tab's in sessionStorage.
const TOKEN_KEY = 'adref.token';

function facts(me) {
  const item = (label, value) => [h('dt', {}, label), h('dd', {}, value)];
  return h(
    'dl',
    { class: 'facts account-facts' },
    item(t('personName'), me.name),
    item(t('email'), me.email),
    item(t('role'), term('roles', me.role)),
    me.memberCode ? item(t('member'), `${memberName(me.memberCode)} (${me.memberCode})`) : null,
  );
}

function languageForm(app, onSaved) {
  const id = uid('account-language');
  const problems = h('div');
  const form = h(
    'form',
    { class: 'account-language', novalidate: true },
    h(
      'div',
      { class: 'field' },
      h('label', { for: id }, t('preferredLanguage')),
      h('p', { class: 'hint', id: `${id}-hint` }, t('preferredLanguageHint')),
      h(
        'select',
        { id, name: 'language', 'aria-describedby': `${id}-hint` },
        Object.entries(LANGUAGE_NAMES).map(([code, label]) =>
          h('option', { value: code, selected: code === app.me.language, lang: code }, label),
        ),
      ),
    ),
    problems,
    h('button', { type: 'submit', class: 'secondary' }, t('save')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    problems.replaceChildren();
    const language = form.elements.language.value;
    try {
      const saved = await api('/me', { method: 'PATCH', body: { language } });
      app.me = { ...app.me, language: saved.language };
      await onSaved(saved.language);
    } catch (error) {
      const block = errorBlock(error);
      block.tabIndex = -1;
      problems.append(block);
      block.focus();
    }
  });
  return form;
}

function rotateDialog(onIssued) {
  confirmDialog({
    title: t('rotateTitle'),
    explanation: t('rotateText'),
    confirmLabel: t('rotateToken'),
    onConfirm: async () => {
      const issued = await api('/me/token', { method: 'POST' });
      // This browser signed in with the old token: it carries on with the new one.
      if (storedToken()) storeToken(issued.token, window.localStorage.getItem(TOKEN_KEY) !== null);
      onIssued(issued);
    },
  });
}

function signOutEverywhereDialog(app) {
  confirmDialog({
    title: t('signOutEverywhereTitle'),
    explanation: t('signOutEverywhereText'),
    confirmLabel: t('signOutEverywhere'),
    onConfirm: async () => {
      await api('/me/sign-out-everywhere', { method: 'POST' });
      window.setTimeout(() => app.signedOutEverywhere(), 0);
    },
  });
}

export async function renderAccount(app) {
  app.setTitle(t('myAccount'));
  const me = app.me;
  const notices = h('div', { class: 'notices' });
  const say = (...children) => {
    replace(notices, ...children);
    notices.firstChild?.focus();
  };

  replace(
    app.main,
    h(
      'div',
      { class: 'page-head' },
      h(
        'div',
        {},
        h('h1', { tabindex: '-1' }, t('myAccount')),
        h('p', { class: 'lead' }, t('accountIntro')),
      ),
    ),
    notices,
    h(
      'div',
      { class: 'account-grid' },
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'account-details' },
        h('h2', { id: 'account-details' }, t('accountDetails')),
        facts(me),
        h('p', { class: 'hint' }, t('accountDetailsHint')),
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'account-language' },
        h('h2', { id: 'account-language' }, t('language')),
        languageForm(app, async (language) => {
          // The pages follow at once: the header and this page are drawn again in it.
          await app.useLanguage(language);
          const notice = h(
            'p',
            { class: 'success', role: 'status', tabindex: '-1' },
            t('languageSaved'),
          );
          app.main.querySelector('.notices')?.replaceChildren(notice);
          notice.focus();
        }),
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'account-token' },
        h('h2', { id: 'account-token' }, t('personalToken')),
        h('p', {}, t('personalTokenText')),
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            dataset: { action: 'rotate' },
            onclick: () =>
              rotateDialog((issued) =>
                say(
                  tokenOnce({
                    lead: t('yourNewToken'),
                    token: issued.token,
                    expiresAt: issued.expiresAt,
                  }),
                ),
              ),
          },
          t('rotateToken'),
        ),
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'account-everywhere' },
        h('h2', { id: 'account-everywhere' }, t('signOutEverywhere')),
        h('p', {}, t('signOutEverywhereHint')),
        h(
          'button',
          {
            type: 'button',
            class: 'danger',
            dataset: { action: 'sign-out-everywhere' },
            onclick: () => signOutEverywhereDialog(app),
          },
          t('signOutEverywhere'),
        ),
      ),
    ),
  );
}
