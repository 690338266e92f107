// The pages' entry: sign-in, the header (who you are, which member you act for, language),
// and a small router for / (board), /statements/:id and /statements/:id/record.
import { api } from './api.js';
import { renderBoard } from './board.js';
import { renderInbox, renderMatrix } from './overview.js';
import { h, replace, uid } from './dom.js';
import {
  chosenLanguage,
  currentLanguage,
  languages,
  memberName,
  setLanguage,
  setMembers,
  t,
  term,
} from './i18n.js';
import { renderRecord } from './record.js';
import { clearToken, storedToken, storeToken, takeTokenFromUrl } from './session.js';
import { renderSignInPage } from './sign-in.js';
import { renderStatement } from './statement.js';
import { renderAccount } from './account.js';
import { renderUsers } from './users.js';

const header = document.getElementById('site-header');
const main = document.getElementById('main');
const status = document.getElementById('status');

const ROUTES = [
  [/^\/$/, (app) => renderBoard(app)],
  [/^\/statements\/([0-9a-f-]{36})\/?$/, (app, [, id]) => renderStatement(app, id)],
  [/^\/statements\/([0-9a-f-]{36})\/record\/?$/, (app, [, id]) => renderRecord(app, id)],
  [/^\/users\/?$/, (app) => renderUsers(app)],
  [/^\/account\/?$/, (app) => renderAccount(app)],
  [
    /^\/frameworks\/([^/]+)\/matrix\/?$/,
    (app, [, code]) => renderMatrix(app, decodeURIComponent(code)),
  ],
  [/^\/members\/([A-Za-z]{2,8})\/inbox\/?$/, (app, [, code]) => renderInbox(app, code)],
];

/** What every page shares: who is signed in, reference data, navigation. */
const app = {
  me: null,
  frameworks: [],
  members: [],
  workflow: null,
  main,
  navigate(path, { replace: replaceEntry = false } = {}) {
    if (replaceEntry) window.history.replaceState(null, '', path);
    else window.history.pushState(null, '', path);
    return route({ focus: true });
  },
  refresh: () => route({ focus: false }),
  /** Tells screen-reader users what happened (the visible message is shown by the page). */
  announce(message) {
    status.textContent = '';
    window.setTimeout(() => (status.textContent = message), 50);
  },
  setTitle(title) {
    document.title = title ? `${title} · adref` : 'adref';
  },
  async lifecycle() {
    app.workflow ??= await api('/workflows/statement');
    return app.workflow;
  },
  /** The language chosen on the account page, for every page from now on. */
  useLanguage(code) {
    setLanguage(code, true);
    renderHeader();
    return route({ focus: false });
  },
  /** After "sign out everywhere": this browser's credential is revoked as well. */
  signedOutEverywhere() {
    clearToken();
    app.me = null;
    window.history.pushState(null, '', '/');
    renderSignIn(t('signedOutEverywhere'));
  },
};

function languageSelect() {
  const id = uid('language');
  return h(
    'div',
    { class: 'language' },
    h('label', { for: id }, t('language')),
    h(
      'select',
      {
        id,
        onchange: (event) => {
          setLanguage(event.target.value, true);
          renderHeader();
          route({ focus: false });
        },
      },
      languages().map((code) =>
        h(
          'option',
          { value: code, selected: code === currentLanguage(), lang: code },
          code === 'th' ? 'ไทย' : 'English',
        ),
      ),
    ),
  );
}

function renderHeader() {
  const me = app.me;
  replace(
    header,
    h('a', { class: 'skip-link', href: '#main' }, t('skip')),
    h(
      'div',
      { class: 'bar' },
      h(
        'a',
        { class: 'brand', href: '/' },
        h('span', { class: 'brand-name' }, 'adref'),
        h('span', { class: 'tagline' }, t('tagline')),
      ),
      me
        ? h(
            'div',
            { class: 'who', 'aria-label': t('signedInAs') },
            h('span', { class: 'who-name' }, me.name),
            h('span', { class: 'who-role' }, term('roles', me.role)),
            me.memberCode
              ? h(
                  'span',
                  { class: 'who-member' },
                  t('actsFor', { member: `${memberName(me.memberCode)} (${me.memberCode})` }),
                )
              : null,
          )
        : null,
      h(
        'div',
        { class: 'controls' },
        me
          ? h(
              'nav',
              { class: 'account-nav', 'aria-label': t('accountNav') },
              h(
                'a',
                {
                  href: `/frameworks/${encodeURIComponent(app.frameworks[0]?.code ?? 'ACCSM')}/matrix`,
                },
                t('overview.matrix'),
              ),
              me.memberCode
                ? h('a', { href: `/members/${me.memberCode}/inbox` }, t('overview.myInbox'))
                : null,
              me.role === 'admin' ? h('a', { href: '/users' }, t('users')) : null,
              h('a', { href: '/account' }, t('myAccount')),
            )
          : null,
        languageSelect(),
        me
          ? h('button', { type: 'button', class: 'secondary', onclick: signOut }, t('signOut'))
          : null,
      ),
    ),
  );
}

async function signOut() {
  const bearer = storedToken();
  clearToken();
  // A browser session ends on the server too; a token stays valid until it is rotated.
  if (!bearer) await api('/sign-out', { method: 'POST' }).catch(() => null);
  app.me = null;
  window.history.pushState(null, '', '/');
  renderSignIn(t('signedOut'));
}

async function renderSignIn(message, isError = false) {
  app.setTitle(t('signIn'));
  renderHeader();
  app.signInMethods ??= await api('/sign-in/methods').catch(() => null);
  renderSignInPage(main, {
    methods: app.signInMethods ?? { oidc: false, emailLink: false },
    message,
    isError,
    onToken: async (token, remember) => {
      try {
        const me = await api('/me', { token });
        storeToken(token, remember);
        await start(me);
      } catch (error) {
        renderSignIn(error.status === 401 ? t('badToken') : t(`errors.${error.status || 0}`), true);
      }
    },
  });
}

async function start(me) {
  app.me = me;
  if (!chosenLanguage()) setLanguage(me.language);
  const [members, frameworks] = await Promise.all([api('/members'), api('/frameworks')]);
  app.members = members;
  app.frameworks = frameworks;
  setMembers(members);
  renderHeader();
  await route({ focus: false });
}

async function route({ focus }) {
  if (!app.me) return renderSignIn();
  const path = window.location.pathname;
  const match = ROUTES.map(([pattern, render]) => [pattern.exec(path), render]).find(([m]) => m);
  replace(main, h('p', { class: 'loading' }, t('loading')));
  try {
    if (match) await match[1](app, match[0]);
    else {
      app.setTitle(t('notFound'));
      replace(
        main,
        h('h1', { tabindex: '-1' }, t('notFound')),
        h('p', {}, t('notFoundText')),
        h('p', {}, h('a', { href: '/' }, t('back'))),
      );
    }
  } catch (error) {
    if (error.status === 401) {
      clearToken();
      app.me = null;
      return renderSignIn(t('expired'), true);
    }
    replace(
      main,
      h(
        'div',
        { class: 'error', role: 'alert' },
        h('p', {}, t(`errors.${error.status ?? 500}`)),
        error.message ? h('p', {}, t('serverSaid', { message: error.message })) : null,
      ),
      h('p', {}, h('a', { href: '/' }, t('back'))),
    );
  }
  if (focus) main.querySelector('h1')?.focus();
}

// Same-origin links move within the page instead of reloading it.
document.addEventListener('click', (event) => {
  const link = event.target.closest?.('a[href]');
  if (!link || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  if (link.target || link.hasAttribute('download') || link.origin !== window.location.origin)
    return;
  const href = link.getAttribute('href');
  if (href.startsWith('#') || link.pathname.startsWith('/api/')) return;
  event.preventDefault();
  app.navigate(link.pathname + link.search + link.hash);
});

window.addEventListener('popstate', () => route({ focus: true }));

async function boot() {
  setLanguage(chosenLanguage() ?? 'en');
  const fromLink = takeTokenFromUrl();
  if (fromLink) storeToken(fromLink, false);
  const token = storedToken();
  try {
    // Without a token, the browser session's cookie signs in, if there is one.
    await start(await api('/me', token ? { token } : {}));
  } catch (error) {
    if (error.status === 401) {
      clearToken();
      if (!token) return renderSignIn();
      return renderSignIn(fromLink ? t('badToken') : t('expired'), true);
    }
    renderSignIn(t(`errors.${error.status ?? 0}`), true);
  }
}

boot();
