import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { flattenGithubIssue, nextLink, parseRepository, slimGithubIssue } from './imports';

describe('GitHub repository imports: pure parts', () => {
  it('reads owner/name, or a pasted repository URL', () => {
    expect(parseRepository('brightline/fjord-portal')).toEqual({ owner: 'brightline', name: 'fjord-portal' });
    expect(parseRepository(' https://github.com/brightline/fjord.portal.git ')).toEqual({ owner: 'brightline', name: 'fjord.portal' });
    expect(parseRepository('https://ghe.example.com/team-a/api_v2/')).toEqual({ owner: 'team-a', name: 'api_v2' });
    for (const bad of ['', 'fjord-portal', 'a/b/c', '-lead/x', 'a--b/x', 'owner/..', 'owner/has space', 'o/'.padEnd(110, 'x')]) expect(parseRepository(bad), bad).toBeNull();
  });

  it('follows rel="next" in a Link header, and only that', () => {
    const link =
      '<https://api.github.com/repositories/1/issues?state=all&per_page=100&page=2>; rel="next", <https://api.github.com/repositories/1/issues?state=all&per_page=100&page=5>; rel="last"';
    expect(nextLink(link)).toBe('https://api.github.com/repositories/1/issues?state=all&per_page=100&page=2');
    expect(nextLink('<https://x/?page=1>; rel="prev", <https://x/?page=1>; rel="first"')).toBeNull();
    expect(nextLink('<https://x/?page=3>; rel=next')).toBe('https://x/?page=3');
    expect(nextLink(null)).toBeNull();
    expect(nextLink('')).toBeNull();
  });

  it('slims an issue to what the import reads, without changing what it reads', () => {
    const issues = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../test/fixtures/imports/github-issues.json'), 'utf8')) as unknown[];
    for (const issue of issues) {
      const slim = slimGithubIssue(issue);
      expect(flattenGithubIssue(slim)).toEqual(flattenGithubIssue(issue));
      expect(JSON.stringify(slim).length).toBeLessThan(JSON.stringify(issue).length);
    }
    expect(slimGithubIssue('nope')).toBeNull();
  });
});
