/**
 * For tests only: a stand-in for the GitHub REST API on 127.0.0.1 (a free
 * port), serving the realistic issue fixture page by page with Link headers
 * as GitHub does, and the refusals GitHub answers with. Point Candor at it
 * through `deps.config.githubApiUrl`.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export const FAKE_GITHUB_TOKEN = 'github_pat_11FAKE0TOKEN0Zq8vT3xY_9d2kLmNoPqRsTuVwXyZ0123456789abcdefghijkLMNOP';
/** Repositories the fake knows; `brightline/fjord-portal` holds the fixture (3 issues + 1 pull request) and one more issue, 2 per page. */
export const FAKE_REPOS = {
  ok: 'brightline/fjord-portal',
  notFound: 'brightline/secret-plans',
  forbidden: 'brightline/locked',
  rateLimited: 'brightline/busy',
  html: 'brightline/proxy-login',
  endless: 'brightline/endless',
  empty: 'brightline/empty',
  offsite: 'brightline/offsite',
  slow: 'brightline/slow',
} as const;
const PAGE_SIZE = 2;
const FIXTURE = path.resolve(import.meta.dirname, 'fixtures/imports/github-issues.json');

export interface FakeGithub {
  url: string;
  requests: { path: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-github-api-version-selected': '2022-11-28', ...headers });
  res.end(JSON.stringify(body));
};

export async function startFakeGithub(): Promise<FakeGithub> {
  const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, unknown>[];
  const extra = { ...fixture[1], id: 2410000045, node_id: 'I_kwDOAbCdEf5xYz45', number: 45, title: 'Export consignments as CSV', html_url: 'https://github.com/brightline/fjord-portal/issues/45', url: 'https://api.github.com/repos/brightline/fjord-portal/issues/45', milestone: null, labels: [], assignee: null, assignees: [] };
  const all: Record<string, unknown>[] = [...fixture, extra];
  const requests: FakeGithub['requests'] = [];
  let base = '';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    requests.push({ path: `${url.pathname}${url.search}`, headers: req.headers });
    const m = /^\/(?:repos\/([^/]+\/[^/]+)|repositories\/(\d+))\/issues$/.exec(url.pathname);
    if (!m) return json(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });
    if (req.headers.authorization !== `Bearer ${FAKE_GITHUB_TOKEN}`) {
      return json(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });
    }
    const repo = m[1] ?? (m[2] === '1' ? FAKE_REPOS.ok : m[2] === '2' ? FAKE_REPOS.endless : '');
    const limits = { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4990', 'x-ratelimit-reset': '1793606400', 'x-ratelimit-resource': 'core' };
    const page = Number(url.searchParams.get('page') ?? '1');
    const query = new URLSearchParams(url.searchParams);
    const link = (p: number, id: number) => {
      query.set('page', String(p));
      return `<${base}/repositories/${id}/issues?${query}>`;
    };
    switch (repo) {
      case FAKE_REPOS.ok: {
        const state = url.searchParams.get('state') ?? 'open';
        const labels = (url.searchParams.get('labels') ?? '').split(',').filter(Boolean);
        const matching = all.filter(
          (i) =>
            (state === 'all' || i.state === state) && labels.every((l) => (i.labels as { name: string }[]).some((x) => x.name === l)),
        );
        const last = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
        const rels = [...(page < last ? [`${link(page + 1, 1)}; rel="next"`, `${link(last, 1)}; rel="last"`] : []), ...(page > 1 ? [`${link(1, 1)}; rel="first"`, `${link(page - 1, 1)}; rel="prev"`] : [])];
        return json(res, 200, matching.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE), { ...limits, ...(rels.length ? { link: rels.join(', ') } : {}) });
      }
      case FAKE_REPOS.endless:
        return json(res, 200, [{ ...extra, id: 3_000_000_000 + page, number: 1000 + page, title: `Issue ${page}` }], { ...limits, link: `${link(page + 1, 2)}; rel="next"` });
      case FAKE_REPOS.empty:
        return json(res, 200, [], limits);
      case FAKE_REPOS.offsite:
        return json(res, 200, [extra], { ...limits, link: '<https://attacker.example/steal?page=2>; rel="next"' });
      case FAKE_REPOS.forbidden:
        return json(res, 403, { message: 'Resource not accessible by personal access token', documentation_url: 'https://docs.github.com/rest/issues/issues#list-repository-issues', status: '403' }, limits);
      case FAKE_REPOS.rateLimited:
        return json(
          res,
          403,
          { message: 'API rate limit exceeded for user ID 9001. If you reach out to GitHub Support for help, please include the request ID.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api', status: '403' },
          { ...limits, 'x-ratelimit-remaining': '0', 'x-ratelimit-used': '5000' },
        );
      case FAKE_REPOS.html:
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end('<!doctype html><title>Sign in</title><p>Please sign in to the corporate proxy.</p>');
      case FAKE_REPOS.slow:
        return; // never answers
      default:
        return json(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/issues/issues#list-repository-issues', status: '404' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback address nothing listens on (a port just freed), for "could not reach GitHub". */
export async function unusedLoopbackUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
