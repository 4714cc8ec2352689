/**
 * Issues of a GitHub repository, fetched with a personal access token for one
 * import (decision 0010). The token is used for these requests only: it is
 * never stored, never logged, and never sent anywhere but the configured API.
 */
import type pino from 'pino';
import { nextLink, parseRepository, slimGithubIssue } from '../../domain/delivery/imports';
import { AppError } from '../http/errors';

/** 100 pages of 100 = 10,000 issues; a larger repository is imported by state or label. */
export const GITHUB_MAX_PAGES = 100;
/** Per request: a GitHub page normally arrives in well under a second. */
export const GITHUB_TIMEOUT_MS = 30_000;
const USER_AGENT = 'Candor (self-hosted partnership portal; issue import)';

export interface GithubQuery {
  repository: string;
  token: string;
  state?: 'open' | 'closed' | 'all' | undefined;
  labels?: string | undefined;
}

export interface GithubFetchOptions {
  apiBase: string;
  log: pino.Logger;
  timeoutMs?: number;
  maxPages?: number;
}

const problem = (status: number, code: string, field: string, message: string) => new AppError(status, code, message, [{ field, message }]);

/** What a 401/403/404/410/422/429/5xx from GitHub means for the person filling in the form. */
function answerError(res: Response, slug: string, base: string, ghMessage: string): AppError {
  const said = ghMessage ? ` (GitHub said: "${ghMessage.slice(0, 200)}")` : '';
  const remaining = res.headers.get('x-ratelimit-remaining');
  if ((res.status === 403 || res.status === 429) && (remaining === '0' || res.headers.has('retry-after'))) {
    const reset = Number(res.headers.get('x-ratelimit-reset'));
    const retry = Number(res.headers.get('retry-after'));
    const when = Number.isFinite(reset) && reset > 0 ? ` It resets at ${new Date(reset * 1000).toISOString()}.` : Number.isFinite(retry) && retry > 0 ? ` Try again in ${retry} seconds.` : '';
    return problem(429, 'github_rate_limited', 'token', `GitHub's rate limit for this token is used up, so the issues of ${slug} cannot be fetched now.${when} Try again later, or upload the JSON file instead.${said}`);
  }
  switch (res.status) {
    case 401:
      return problem(422, 'github_token_rejected', 'token', `GitHub rejected the token (401): it is mistyped, expired or revoked. Create a new personal access token and try again.${said}`);
    case 403:
      return problem(
        422,
        'github_forbidden',
        'token',
        `The token may not read the issues of ${slug} (403). A fine-grained token needs this repository and "Issues: read"; a classic token needs the "repo" scope for a private repository, and an organization may have to approve it (SSO).${said}`,
      );
    case 404:
      return problem(422, 'github_not_found', 'repository', `Repository ${slug} was not found at ${base}, or the token cannot see it (GitHub answers 404 for private repositories a token may not read). Check the owner and name, and the token's repository access.`);
    case 410:
      return problem(422, 'github_issues_disabled', 'repository', `Issues are disabled for ${slug} (410).`);
    case 422:
      return problem(422, 'github_invalid_query', 'labels', `GitHub refused the query (422): check the state and labels.${said}`);
    default:
      return problem(502, 'github_unavailable', 'repository', `GitHub at ${base} answered ${res.status} ${res.statusText}`.trim() + ` for ${slug}. Try again later.${said}`);
  }
}

/**
 * Every issue of the repository (pull requests left out), slimmed to what the
 * import reads, following `Link: <…>; rel="next"` page by page.
 */
export async function fetchGithubIssues(q: GithubQuery, opts: GithubFetchOptions): Promise<{ owner: string; name: string; issues: Record<string, unknown>[]; pages: number; pullRequests: number }> {
  const repo = parseRepository(q.repository);
  if (!repo) throw problem(422, 'invalid_input', 'repository', 'repository: must be owner/name, e.g. octo-org/portal (or the repository URL)');
  const token = q.token.trim();
  if (!/^[\x21-\x7e]+$/.test(token)) throw problem(422, 'invalid_input', 'token', 'token: must be a GitHub personal access token (printable characters, no spaces)');
  const base = opts.apiBase.replace(/\/+$/, '');
  const slug = `${repo.owner}/${repo.name}`;
  // the token must never leave for another host: follow pagination links only on the API's own origin
  const origin = new URL(base).origin;
  const scrub = (s: string) => s.split(token).join('[token]');
  const log = opts.log.child({ github: { base, repository: slug } }, { redact: { paths: ['token', '*.token', 'headers.authorization', '*.headers.authorization'], censor: '[token]' } });
  const params = new URLSearchParams({ state: q.state ?? 'all', per_page: '100' });
  if (q.labels?.trim()) params.set('labels', q.labels.split(',').map((l) => l.trim()).filter(Boolean).join(','));
  let url: string | null = `${base}/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.name)}/issues?${params}`;
  const maxPages = opts.maxPages ?? GITHUB_MAX_PAGES;
  const timeoutMs = opts.timeoutMs ?? GITHUB_TIMEOUT_MS;
  const issues: Record<string, unknown>[] = [];
  let pages = 0;
  let pullRequests = 0;
  while (url) {
    if (pages >= maxPages) {
      throw problem(
        422,
        'too_large',
        'repository',
        `${slug} has more than ${maxPages * 100} issues for this query (${maxPages} pages of 100): Candor fetches at most ${maxPages * 100} at a time. Narrow it with state (open or closed) or a label, and import in parts; re-imports update, never duplicate.`,
      );
    }
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, {
        headers: { accept: 'application/vnd.github+json', authorization: `Bearer ${token}`, 'x-github-api-version': '2022-11-28', 'user-agent': USER_AGENT },
        redirect: 'follow',
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      const reason =
        e.name === 'TimeoutError' || e.name === 'AbortError'
          ? `no answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}`
          : scrub([e.cause?.code, e.cause?.message ?? e.message].filter(Boolean).join(' '));
      log.warn({ page: pages + 1, reason }, 'GitHub could not be reached');
      throw problem(
        502,
        'github_unreachable',
        'repository',
        `Candor could not reach GitHub at ${base}: ${reason}. Check the server's network access (and CANDOR_GITHUB_API_URL for GitHub Enterprise Server), or upload the JSON file instead.`,
      );
    }
    pages++;
    let data: unknown;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = undefined;
    }
    if (!res.ok) {
      const ghMessage = data && typeof data === 'object' && typeof (data as { message?: unknown }).message === 'string' ? scrub((data as { message: string }).message) : '';
      log.info({ page: pages, status: res.status }, 'GitHub refused the issue list');
      throw answerError(res, slug, base, ghMessage);
    }
    if (data === undefined || !Array.isArray(data)) {
      const type = res.headers.get('content-type') ?? 'no content type';
      throw problem(
        502,
        'github_bad_answer',
        'repository',
        `GitHub at ${base} answered with ${data === undefined ? `something that is not JSON (${type.split(';')[0]})` : 'JSON that is not a list of issues'}. Is the API address right? GitHub Enterprise Server uses https://HOST/api/v3 (CANDOR_GITHUB_API_URL).`,
      );
    }
    for (const x of data) {
      const slim = slimGithubIssue(x);
      if (!slim) continue;
      if (slim.pull_request) pullRequests++;
      else issues.push(slim);
    }
    log.debug({ page: pages, received: data.length }, 'GitHub issue page fetched');
    const next = nextLink(res.headers.get('link'));
    if (next && new URL(next, url).origin !== origin) {
      throw problem(502, 'github_bad_answer', 'repository', `GitHub at ${base} pointed the next page to another host (${new URL(next, url).origin}); Candor does not send the token there.`);
    }
    url = next ? new URL(next, url).toString() : null;
  }
  log.info({ pages, issues: issues.length, pullRequests }, 'GitHub issues fetched');
  return { owner: repo.owner, name: repo.name, issues, pages, pullRequests };
}
