import {
  IconBook2,
  IconBulb,
  IconChartArea,
  IconClipboardCheck,
  IconCompass,
  IconChartLine,
  IconClock,
  IconCoin,
  IconFileImport,
  IconFileText,
  IconFlag,
  IconGauge,
  IconGavel,
  IconHeartHandshake,
  IconHistory,
  IconLayoutDashboard,
  IconListCheck,
  IconListDetails,
  IconReport,
  IconNotes,
  IconSpeakerphone,
  IconShieldCheck,
  IconTimeline,
  IconUsers,
  IconWebhook,
  type Icon,
} from '@tabler/icons-react';
import type { EngagementCounts } from '../../contracts/navigation';
import type { Action } from '../../domain/authz/policy';
import type { z } from 'zod';

/**
 * The engagement's pages, grouped into sections named for what people come to
 * do (ADR 0012). The one place in the web app that knows them: the section
 * navigation (and its phone drawer), the command palette, the `g` shortcuts,
 * the breadcrumbs and `document.title` all read from here. A later issue adds
 * a page by adding one entry to `pages` of its section (and its route).
 */

export type CountKey = keyof z.infer<typeof EngagementCounts>;

/** Something the palette and the `c` key can create. */
export interface CreateDef {
  /** "Write a note" */
  label: string;
  /** Relative to the engagement: a create page, or the list with a query that opens its create modal. */
  to: string;
  /** The policy action it needs: hidden for roles that may not. */
  action: Action;
  keywords?: string;
}

/** A sub-page below a page (detail, form): only for its breadcrumb and title. */
export interface DetailDef {
  /** Path pattern relative to the engagement, with :params, e.g. 'decisions/:decisionId'. */
  pattern: string;
  /** Generic label until the page names its object ("Decision", "New note"). */
  label: string;
}

export interface PageDef {
  key: string;
  /** Relative to /engagements/:id ('' is the overview). */
  path: string;
  label: string;
  icon: Icon;
  /** Words the palette also matches. */
  keywords?: string;
  /** A count worth showing beside the link, and how to say it. */
  count?: { key: CountKey; say: (n: number) => string; color: string };
  create?: CreateDef;
  details?: DetailDef[];
  /** The policy action reading the page needs: hidden (navigation, palette) for roles without it. */
  action?: Action;
}

/** Whether a role's `can` shows the page. */
export const showsPage = (page: Pick<PageDef, 'action'>, can: (action: Action) => boolean) => !page.action || can(page.action);

export interface SectionDef {
  key: string;
  label: string;
  /** The letter after `g` that goes to the section's first page. */
  letter: string;
  pages: PageDef[];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const SECTIONS: readonly SectionDef[] = [
  {
    key: 'home',
    label: 'Home',
    letter: 'h',
    pages: [{ key: 'overview', path: '', label: 'Overview', icon: IconLayoutDashboard, keywords: 'home dashboard summary' }],
  },
  {
    key: 'plan',
    label: 'Plan',
    letter: 'p',
    pages: [
      {
        key: 'charter',
        path: 'charter',
        label: 'Charter',
        icon: IconFileText,
        keywords: 'outcomes raci collaboration cadence agreement',
        details: [{ pattern: 'charter/edit', label: 'Edit the charter' }],
      },
      { key: 'phases', path: 'phases', label: 'Phases', icon: IconTimeline, keywords: 'gate milestones plan' },
    ],
  },
  {
    key: 'delivery',
    label: 'Delivery',
    letter: 'd',
    pages: [
      {
        key: 'items',
        path: 'items',
        label: 'Items',
        icon: IconListDetails,
        keywords: 'work items backlog board tasks',
        create: { label: 'Add a work item', to: 'items/new', action: 'item.write', keywords: 'new item task' },
        details: [
          { pattern: 'items/new', label: 'New work item' },
          { pattern: 'items/board', label: 'Board' },
          { pattern: 'items/:itemId/edit', label: 'Edit work item' },
          { pattern: 'items/:itemId', label: 'Work item' },
        ],
      },
      {
        key: 'time',
        path: 'time',
        label: 'Time',
        icon: IconClock,
        keywords: 'timesheet hours log time',
        create: { label: 'Log time', to: 'time?log=1', action: 'time.log', keywords: 'new time entry hours timesheet' },
      },
      { key: 'budget', path: 'budget', label: 'Budget', icon: IconCoin, keywords: 'burn money cost rates' },
      { key: 'progress', path: 'progress', label: 'Progress', icon: IconChartLine, keywords: 'burnup charts velocity' },
      { key: 'forecast', path: 'forecast', label: 'Forecast', icon: IconChartArea, keywords: 'completion date p85 monte carlo' },
      { key: 'imports', path: 'imports', label: 'Imports', icon: IconFileImport, keywords: 'csv jira github import' },
    ],
  },
  {
    key: 'promises',
    label: 'Promises',
    letter: 'c',
    pages: [
      {
        key: 'commitments',
        path: 'commitments',
        label: 'Commitments',
        icon: IconHeartHandshake,
        keywords: 'promises say do ledger',
        count: { key: 'commitmentsDueSoon', say: (n) => `${plural(n, 'commitment')} due within 7 days`, color: 'indigo' },
        create: { label: 'Record a commitment', to: 'commitments/new', action: 'commitment.write', keywords: 'new promise commitment' },
        details: [
          { pattern: 'commitments/new', label: 'New commitment' },
          { pattern: 'commitments/:commitmentId/edit', label: 'Edit commitment' },
          { pattern: 'commitments/:commitmentId', label: 'Commitment' },
        ],
      },
      {
        key: 'failure-reports',
        path: 'failure-reports',
        label: 'Failure reports',
        icon: IconShieldCheck,
        keywords: 'failure incident postmortem blameless went wrong self-reported',
        create: { label: 'Report a failure', to: 'failure-reports/new', action: 'failure.write', keywords: 'new failure report incident postmortem' },
        details: [
          { pattern: 'failure-reports/new', label: 'New failure report' },
          { pattern: 'failure-reports/:reportId/edit', label: 'Edit failure report' },
          { pattern: 'failure-reports/:reportId', label: 'Failure report' },
        ],
      },
    ],
  },
  {
    key: 'partnership',
    label: 'Partnership',
    letter: 'a',
    pages: [
      { key: 'trust', path: 'trust', label: 'Trust index', icon: IconGauge, keywords: 'trust health score index predictability partnership both sides' },
      {
        key: 'gate-reviews',
        path: 'gate-reviews',
        label: 'Gate reviews',
        icon: IconClipboardCheck,
        keywords: 'phase gate review assessment blind proceed pause stop',
        details: [{ pattern: 'gate-reviews/:reviewId', label: 'Gate review' }],
      },
      {
        key: 'recommendations',
        path: 'recommendations',
        label: 'Recommendations',
        icon: IconBulb,
        keywords: 'advice honest mechanic dont defer alternative work avoided money saved',
        create: { label: 'Recommend', to: 'recommendations/new', action: 'recommendation.write', keywords: 'new recommendation advice' },
        details: [
          { pattern: 'recommendations/new', label: 'New recommendation' },
          { pattern: 'recommendations/:recommendationId', label: 'Recommendation' },
        ],
      },
      {
        key: 'agenda',
        path: 'agenda',
        label: 'Future agenda',
        icon: IconCompass,
        keywords: 'future ideas roadmap beyond scope review',
        count: { key: 'agendaReviewOverdue', say: () => 'future agenda review overdue', color: 'orange' },
        create: { label: 'Add to the future agenda', to: 'agenda?new=1', action: 'agenda.write', keywords: 'new idea need market change improvement future' },
      },
    ],
  },
  {
    key: 'governance',
    label: 'Governance',
    letter: 'g',
    pages: [
      {
        key: 'raid',
        path: 'raid',
        label: 'RAID',
        icon: IconListCheck,
        keywords: 'risks issues assumptions dependencies register matrix',
        count: { key: 'overdueDependencies', say: (n) => `${plural(n, 'overdue dependency', 'overdue dependencies')}`, color: 'orange' },
        create: { label: 'Flag a risk', to: 'raid?new=risk', action: 'raid.write', keywords: 'new risk issue dependency assumption' },
        details: [{ pattern: 'raid/:itemId', label: 'RAID item' }],
      },
      {
        key: 'decisions',
        path: 'decisions',
        label: 'Decisions',
        icon: IconGavel,
        keywords: 'decision log adr',
        count: { key: 'decisionsWaitingForMe', say: (n) => `${plural(n, 'decision')} waiting for you`, color: 'red' },
        create: { label: 'Request a decision', to: 'decisions/new', action: 'decision.request', keywords: 'new decision' },
        details: [
          { pattern: 'decisions/new', label: 'Request a decision' },
          { pattern: 'decisions/:decisionId', label: 'Decision' },
        ],
      },
      {
        key: 'escalations',
        path: 'escalations',
        label: 'Escalations',
        icon: IconFlag,
        keywords: 'ladder escalate',
        count: { key: 'openEscalations', say: (n) => `${plural(n, 'open escalation')}`, color: 'red' },
        details: [{ pattern: 'escalations/:escalationId', label: 'Escalation' }],
      },
    ],
  },
  {
    key: 'talk',
    label: 'Talk',
    letter: 't',
    pages: [
      {
        key: 'notes',
        path: 'notes',
        label: 'Notes',
        icon: IconNotes,
        keywords: 'meeting minutes write',
        create: { label: 'Write a note', to: 'notes/new', action: 'note.create', keywords: 'new note minutes' },
        details: [
          { pattern: 'notes/new', label: 'New note' },
          { pattern: 'notes/:noteId/edit', label: 'Edit note' },
        ],
      },
      {
        key: 'status-updates',
        path: 'status-updates',
        label: 'Status updates',
        icon: IconSpeakerphone,
        keywords: 'status report health weekly update acknowledge',
        count: { key: 'statusUpdatesAttention', say: (n) => `${plural(n, 'status update')} unacknowledged or overdue`, color: 'orange' },
        create: { label: 'Draft the status update', to: 'status-updates/new', action: 'status.write', keywords: 'new status update report' },
        details: [
          { pattern: 'status-updates/new', label: 'Draft the status update' },
          { pattern: 'status-updates/:updateId/edit', label: 'Edit the draft update' },
          { pattern: 'status-updates/:updateId', label: 'Status update' },
        ],
      },
      {
        key: 'glossary',
        path: 'glossary',
        label: 'Glossary',
        icon: IconBook2,
        keywords: 'terms jargon acronyms explanations plain words coach',
      },
    ],
  },
  {
    key: 'record',
    label: 'Record',
    letter: 'r',
    pages: [
      { key: 'activity', path: 'activity', label: 'Activity', icon: IconHistory, keywords: 'audit log history verify chain export' },
      // the steering-meeting report, web page and PDF (issue 16, ADR 0024)
      { key: 'report', path: 'report', label: 'Steering report', icon: IconReport, keywords: 'steering meeting report pdf print period summary', action: 'report.read' },
      // the lead's and the sponsor's own side's endpoints (ADR 0026)
      { key: 'webhooks', path: 'webhooks', label: 'Webhooks', icon: IconWebhook, keywords: 'webhook integration endpoint events signed deliveries api', action: 'webhook.read' },
    ],
  },
  {
    key: 'people',
    label: 'People',
    letter: 'm',
    pages: [{ key: 'members', path: 'members', label: 'Members', icon: IconUsers, keywords: 'invite people team roles settings' }],
  },
];

export const PAGES: readonly (PageDef & { section: SectionDef })[] = SECTIONS.flatMap((s) => s.pages.map((p) => ({ ...p, section: s })));

export const pageHref = (engagementId: string, path: string) => (path ? `/engagements/${engagementId}/${path}` : `/engagements/${engagementId}`);

export interface Located {
  section: SectionDef;
  page: PageDef;
  /** Set when the path is below the page (a detail or a form). */
  detail: DetailDef | null;
}

function matches(pattern: string, rest: string): boolean {
  const a = pattern.split('/');
  const b = rest.split('/');
  return a.length === b.length && a.every((part, i) => part.startsWith(':') || part === b[i]);
}

/** Where a pathname is in the structure, or null outside an engagement (or on an unknown path). */
export function locate(pathname: string): (Located & { engagementId: string }) | null {
  const m = /^\/engagements\/([^/]+)\/?(.*)$/.exec(pathname);
  if (!m) return null;
  const engagementId = m[1]!;
  const rest = m[2]!.replace(/\/$/, '');
  for (const p of PAGES) {
    if (p.path === rest) return { engagementId, section: p.section, page: p, detail: null };
    const detail = p.details?.find((d) => matches(d.pattern, rest));
    if (detail) return { engagementId, section: p.section, page: p, detail };
  }
  return null;
}

/** The page a `c` press creates in: the current page's create action, if any. */
export const createHere = (pathname: string): CreateDef | null => locate(pathname)?.page.create ?? null;

/** Text for the browser tab: most specific first. */
export function documentTitleFor(parts: { detail?: string | null; page?: string | null; engagement?: string | null }): string {
  return [parts.detail, parts.page, parts.engagement, 'Candor'].filter(Boolean).join(' · ');
}
