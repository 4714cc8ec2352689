/**
 * unexplained-jargon: a technical term or acronym a client may not know
 * ("we'll refactor the CI/CD pipeline", "the p95 regressed").
 *
 * Not flagged: a term in the engagement's glossary; an acronym explained
 * where it is used ("continuous integration (CI)", "CI (continuous
 * integration)", "CI, which …") or earlier in the same text; acronyms any
 * business reader knows (CEO, PDF, VAT); anything for a team audience.
 */
import type { Flag, Rule, RuleContext, Sentence } from '../types';
import { findAll, flagOf, patterns, wordSpan } from './match';

const CATEGORY = 'unexplained-jargon' as const;
const MESSAGE = 'A client may not know this term; a plain explanation, or a glossary entry, keeps them in the conversation.';

/** Technical terms with a plain-language explanation (used in the suggested rewrite). */
export const TERMS: Record<string, string> = {
  refactor: 'restructure the code without changing what it does',
  refactoring: 'restructuring the code without changing what it does',
  refactored: 'restructured the code without changing what it does',
  'ci/cd': 'the automated build, test and release process',
  'ci/cd pipeline': 'the automated build, test and release process',
  'ci pipeline': 'the automated checks that run on every change',
  'build pipeline': 'the automated build process',
  'deployment pipeline': 'the automated release process',
  p50: 'the median response time',
  p90: 'the time within which 90% of responses arrive',
  p95: 'the time within which 95% of responses arrive',
  p99: 'the time within which 99% of responses arrive',
  latency: 'response time',
  regressed: 'got worse than before',
  regression: 'something that worked before and now does not',
  idempotent: 'safe to repeat without doing it twice',
  idempotency: 'being safe to repeat',
  'race condition': 'a fault that appears only when two things happen at the same moment',
  'tech debt': 'shortcuts in the code that slow later work',
  'technical debt': 'shortcuts in the code that slow later work',
  hotfix: 'an urgent small fix released on its own',
  rollback: 'a return to the previous version',
  kubernetes: 'the system that runs and scales the application',
  k8s: 'the system that runs and scales the application',
  docker: 'the packaging that runs the application the same way everywhere',
  containerised: 'packaged to run the same way everywhere',
  containerise: 'package it to run the same way everywhere',
  containerize: 'package it to run the same way everywhere',
  containerized: 'packaged to run the same way everywhere',
  microservice: 'a small separately deployed part of the system',
  microservices: 'small separately deployed parts of the system',
  monolith: 'a system deployed as one piece',
  orm: 'the layer that maps code to the database',
  'schema migration': 'a change to the structure of the database',
  endpoint: 'an address the application answers requests on',
  endpoints: 'addresses the application answers requests on',
  webhook: 'an automatic message one system sends another when something happens',
  webhooks: 'automatic messages one system sends another when something happens',
  'cron job': 'a scheduled task',
  cron: 'the task scheduler',
  sharding: 'splitting the database across machines',
  failover: 'switching to a standby system when one fails',
  'load balancer': 'the component that spreads traffic across servers',
  linter: 'a tool that checks code for mistakes',
  linting: 'automatic checks of the code for mistakes',
  monorepo: 'one repository holding all the code',
  'feature flag': 'a switch to turn a feature on or off without a release',
  'feature flags': 'switches to turn features on or off without a release',
  'canary release': 'a release to a small share of users first',
  'blue-green deployment': 'a release that switches between two identical environments',
  'core web vitals': "Google's page-speed measures",
  graphql: 'a way for apps to ask the server for data',
  grpc: 'a way for services to call each other',
  kafka: 'the message queue between systems',
  redis: 'the fast in-memory data store',
  elasticsearch: 'the search engine',
  terraform: 'the tool that sets up the servers from code',
  hydration: 'the browser making the page interactive',
  cors: 'the browser rule on which sites may call the API',
  xss: 'an attack that injects scripts into a page',
  csrf: 'an attack that makes a browser send requests unknowingly',
  jwt: 'a signed sign-in token',
  oauth: 'the standard for signing in with another account',
  saml: 'the standard for company single sign-on',
  dns: 'the internet address book',
  cdn: 'the network that serves files from near the user',
  tls: 'the encryption of the connection',
  mutex: 'a lock so two tasks do not clash',
  deadlock: 'two tasks waiting on each other forever',
  'memory leak': 'memory the application never gives back',
  'garbage collection': 'the automatic freeing of memory',
  'stack trace': 'the record of where an error happened in the code',
  'connection pool': 'the set of open database connections',
  'n+1 queries': 'many small database requests where one would do',
  'query plan': 'how the database decides to fetch the data',
  rebase: 'replaying code changes on top of the latest version',
  'merge conflict': 'two changes to the same code that must be reconciled',
  'pull request': 'a proposed code change for review',
  'pull requests': 'proposed code changes for review',
  'cherry-pick': 'copy a single change onto another version',
  'bundle size': 'the amount of code the browser downloads',
  'code splitting': 'loading code only when it is needed',
  'tree-shaking': 'removing unused code from the download',
  polyfill: 'code that adds a missing browser feature',
  serialization: 'converting data to a storable format',
  serialisation: 'converting data to a storable format',
  payload: 'the data sent in a request',
  'rate limiting': 'capping how many requests are accepted',
  'eventual consistency': 'data that becomes the same everywhere after a short delay',
  'dead-letter queue': 'where messages that could not be processed are kept',
  observability: 'being able to see what the system is doing',
  telemetry: 'the measurements the system sends about itself',
  slo: 'the service level we aim for',
  sli: 'the measure behind a service level',
  mttr: 'the average time to recover from an outage',
  rpo: 'how much data we could lose at most in an outage',
  rto: 'how long recovery from an outage may take at most',
  'story points': 'our relative size estimates',
  spike: 'a short time-boxed investigation',
  'throughput': 'how much work the system handles per second',
  backfill: 'filling in past data',
  'smoke test': 'a quick check that the main functions work',
  'smoke tests': 'quick checks that the main functions work',
  'e2e tests': 'automated tests that use the application like a person',
  'ssr': 'pages rendered on the server',
  'spa': 'a single-page web application',
  'sdk': 'a developer toolkit',
  'vpc': 'a private network in the cloud',
  'iam': 'cloud access permissions',
  'ec2': 'Amazon cloud servers',
  's3': 'Amazon file storage',
  'lcp': 'how fast the main content appears',
  'ttfb': 'how fast the server starts answering',
  'cls': 'how much the page jumps while loading',
  'inp': 'how fast the page reacts to input',
  'oom': 'running out of memory',
  'ddos': 'a flood of traffic meant to take the site down',
  'waf': 'the web application firewall',
  'sso': 'single sign-on',
  'mfa': 'multi-factor sign-in',
  '2fa': 'two-step sign-in',
  'etl': 'the data import and transformation jobs',
};

/** Acronyms any business reader knows (and a few that are ours to explain elsewhere). */
const COMMON = new Set([
  'ok', 'okay', 'ceo', 'cto', 'cfo', 'coo', 'cmo', 'cio', 'hr', 'it', 'uk', 'us', 'usa', 'eu', 'un', 'eur', 'usd', 'gbp', 'chf', 'vat', 'gdpr', 'am', 'pm',
  'q1', 'q2', 'q3', 'q4', 'h1', 'h2', 'fyi', 'pdf', 'faq', 'eta', 'eod', 'cob', 'tbd', 'tbc', 'n/a', 'id', 'po', 'sow', 'kpi', 'kpis', 'roi', 'sla', 'slas',
  'nda', 'rfp', 'rfq', 'mvp', 'crm', 'erp', 'cms', 'seo', 'b2b', 'b2c', 'saas', 'api', 'apis', 'ui', 'ux', 'url', 'urls', 'ios', 'ai', 'ip', 'okr', 'okrs',
  'raci', 'raid', 'emea', 'apac', 'cet', 'cest', 'utc', 'gmt', 'bst', 'pst', 'est', 'et', 'tv', 'gb', 'mb', 'tb', 'kb', 'csv', 'xls', 'xlsx', 'jpg', 'png', 'svg', 'gif', 'mp4', 'zip', 'docx', 'pptx', 'html', 'jpeg',
  'sms', 'usb', 'wifi', 'llc', 'ltd', 'inc', 'gmbh', 'ag', 'plc', 'bv', 'nhs', 'pr', 'asap', 'eow', 'eom', 'eoy', 'ytd', 'qbr', 'p&l', 'r&d', 'b.v.',
  'ux/ui', 'ui/ux', 'app', 'hq', 'ooo', 'pto', 'cc', 'bcc', 'rsvp', 'ps', 'vs', 'etc', 'eg', 'ie', 'i', 'a', 'uat', 'mou', 'pos', 'tos', 'dpa', 'iso',
  'nasa', 'bbc', 'cnn', 'ibm', 'aws', 'gcp', 'sap', 'hubspot', 'fte', 'ftes', 'pmo', 'pm', 'ba', 'qa',
]);

const compiled = patterns(Object.keys(TERMS));

export const isAcronym = (raw: string) => /^([A-Z][A-Z0-9&]{1,6}s?|[A-Z0-9]{1,4}\/[A-Z0-9]{1,4}|p\d{2,3}|[A-Z]\d[A-Z0-9]?|\d[A-Z]{2,3})$/.test(raw) && /[A-Z]|p\d/.test(raw);

/** "(continuous integration)" right after it, "continuous integration (CI)" around it, or ", which …", "— …", "stands for …" after it. */
export function explainedHere(s: Sentence, first: number, last: number): boolean {
  const tokens = s.tokens;
  const a = tokens.indexOf(s.words[first]!);
  const b = tokens.lastIndexOf(s.words[last]!);
  const after = tokens[b + 1];
  const after2 = tokens[b + 2];
  const before = tokens[a - 1];
  if (after?.text === '(' || ['—', '–', ':'].includes(after?.text ?? '')) return true;
  if (before?.text === '(' && after?.text === ')') return true; // "continuous integration (CI)"
  if (after?.text === ',' && ['which', 'i.e.', 'ie', 'meaning', 'that', 'or', 'short', 'our', 'the'].includes(after2?.norm ?? '')) return true;
  const next = s.words.slice(last + 1, last + 4).map((w) => w.norm).join(' ');
  return /^(stands for|means|is short for|refers to|is an? |is the |measures|is how|is when|is where|is what)/.test(`${next} `);
}

export function unexplainedJargon(ctx: RuleContext): Flag[] {
  if (ctx.options.audience !== 'client') return [];
  const { text, sentences } = ctx.doc;
  const explained = new Set<string>(ctx.options.glossary);
  const flagged = new Set<string>();
  const out: Flag[] = [];
  for (const s of sentences) {
    const found: { i: number; j: number; key: string; explanation: string | null }[] = [];
    for (const m of findAll(s.words, compiled)) found.push({ i: m.i, j: m.j, key: m.pattern.source, explanation: TERMS[m.pattern.source] ?? null });
    s.words.forEach((w, k) => {
      if (!w.text || !isAcronym(w.text.replace(/\.$/, ''))) return;
      if (found.some((f) => f.i <= k && k < f.j)) return;
      const key = w.norm.replace(/\.$/, '').replace(/s$/, (x) => (w.text.endsWith('s') && w.text.length > 2 ? '' : x));
      if (COMMON.has(key) || COMMON.has(w.norm)) return;
      found.push({ i: k, j: k + 1, key, explanation: TERMS[key] ?? null });
    });
    // shouting: a sentence mostly in capitals is not full of acronyms
    const caps = s.words.filter((w) => w.text && /^[A-Z]{2,}$/.test(w.text)).length;
    if (caps > 3 && caps > s.words.length / 2) continue;
    found.sort((x, y) => x.i - y.i);
    for (const f of found) {
      if (explained.has(f.key) || [...explained].some((g) => g.includes(f.key) && g.split(/[\s/]+/).includes(f.key))) continue;
      if (explainedHere(s, f.i, f.j - 1)) {
        explained.add(f.key);
        continue;
      }
      if (flagged.has(f.key)) continue;
      flagged.add(f.key);
      const span = wordSpan(s, f.i, f.j);
      const excerpt = text.slice(span.start, span.end);
      out.push(
        flagOf(text, span, {
          category: CATEGORY,
          rule: TERMS[f.key] ? 'technical-term' : 'unexplained-acronym',
          message: MESSAGE,
          suggestion: `${excerpt} (${f.explanation ?? 'what it stands for'})`,
        }),
      );
    }
  }
  return out;
}

export const jargonRule: Rule = { id: 'unexplained-jargon', category: CATEGORY, check: unexplainedJargon };
