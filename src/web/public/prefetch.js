// Starts the first page's API reads while the app's JavaScript is still loading
// (ADR 0014). Runs before the app (a deferred script placed before the module
// entry); the app's API client (app/api.ts) takes each answer once instead of
// asking again. The session is asked first; the engagement's reads only once it
// says someone is signed in, so a signed-out visitor causes no failed requests.
(() => {
  const early = new Map();
  window.__candorEarly = early;
  const get = (path) => {
    const url = `/api/v1${path}`;
    // read the body at once (a response nobody reads would keep its request open), keep it as a Response
    const answer = fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' }).then(
      async (res) => new Response(await res.blob(), { status: res.status, statusText: res.statusText, headers: res.headers }),
    );
    answer.catch(() => early.delete(url));
    early.set(url, answer);
    return answer;
  };
  const match = window.location.pathname.match(/^\/engagements\/([0-9a-fA-F-]{36})(\/[a-z-]*)?\/?$/);
  const session = get('/session');
  if (!match) return;
  const id = match[1];
  const section = match[2] ?? '';
  session
    .then((res) => {
      if (!res.ok) return;
      get('/engagements');
      get(`/engagements/${id}`);
      if (section === '') get(`/engagements/${id}/overview`);
    })
    .catch(() => undefined);
})();
