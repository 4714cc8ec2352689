/**
 * The lazily loaded modules (paths under src/web, as the Vite manifest names them) that each route of
 * router.tsx renders, so the server can name them in the page it sends for that path (`<link rel="modulepreload">`):
 * the browser then fetches a route's chunks while the app's entry still loads, instead of after it has run (ADR 0036).
 * Pure data; `route-modules.unit.test.ts` checks it against router.tsx, so the two cannot drift apart.
 */

/** Pages outside an engagement, by path pattern (`:name` is one path segment). */
export const TOP_LEVEL_PAGES: Record<string, string> = {
  '/sign-in': 'auth/SignInPage.tsx',
  '/forgot-password': 'auth/ForgotPasswordPage.tsx',
  '/reset-password': 'auth/ResetPasswordPage.tsx',
  '/invitations/:token': 'members/InvitationPage.tsx',
  '/selection-invitations/:token': 'selections/SelectionInvitationPage.tsx',
  '/engagements': 'engagements/EngagementsPage.tsx',
  '/selections': 'selections/SelectionsPage.tsx',
  '/selection-feedback': 'selections/SelectionFeedbackPage.tsx',
  '/selections/:selectionId': 'selections/SelectionPage.tsx',
  '/selections/:selectionId/scorecard': 'selections/ScorecardPage.tsx',
  '/selections/:selectionId/score': 'selections/ScorePage.tsx',
  '/selections/:selectionId/results': 'selections/ResultsPage.tsx',
  '/selections/:selectionId/compare': 'selections/ComparePage.tsx',
  '/search': 'search/SearchPage.tsx',
  '/notifications': 'notifications/NotificationsPage.tsx',
  '/profile': 'profile/ProfilePage.tsx',
  '/admin': 'admin/AdminPage.tsx',
};

/** The layout every engagement page renders inside. */
export const ENGAGEMENT_LAYOUT = 'engagements/EngagementLayout.tsx';

/** Pages of an engagement, by path pattern below /engagements/:id ('' is the overview). */
export const ENGAGEMENT_PAGES: Record<string, string> = {
  '': 'engagements/OverviewPage.tsx',
  'charter': 'charter/CharterPage.tsx',
  'charter/edit': 'charter/CharterEditorPage.tsx',
  'notes': 'notes/NotesPage.tsx',
  'notes/new': 'notes/NoteEditorPage.tsx',
  'notes/:noteId/edit': 'notes/NoteEditorPage.tsx',
  'members': 'members/MembersPage.tsx',
  'activity': 'audit/ActivityPage.tsx',
  'report': 'report/ReportPage.tsx',
  'webhooks': 'webhooks/WebhooksPage.tsx',
  'raid': 'governance/RaidPage.tsx',
  'raid/:itemId': 'governance/RaidItemPage.tsx',
  'decisions': 'governance/DecisionsPage.tsx',
  'decisions/new': 'governance/DecisionFormPage.tsx',
  'decisions/:decisionId': 'governance/DecisionPage.tsx',
  'escalations': 'governance/EscalationsPage.tsx',
  'escalations/:escalationId': 'governance/EscalationPage.tsx',
  'commitments': 'commitments/CommitmentsPage.tsx',
  'status-updates': 'status/StatusUpdatesPage.tsx',
  'status-updates/new': 'status/StatusEditorPage.tsx',
  'status-updates/:updateId': 'status/StatusUpdatePage.tsx',
  'status-updates/:updateId/edit': 'status/StatusEditorPage.tsx',
  'failure-reports': 'failures/FailureReportsPage.tsx',
  'failure-reports/new': 'failures/FailureReportFormPage.tsx',
  'failure-reports/:reportId': 'failures/FailureReportPage.tsx',
  'failure-reports/:reportId/edit': 'failures/FailureReportFormPage.tsx',
  'commitments/new': 'commitments/CommitmentFormPage.tsx',
  'commitments/:commitmentId': 'commitments/CommitmentPage.tsx',
  'gate-reviews': 'gates/GateReviewsPage.tsx',
  'gate-reviews/:reviewId': 'gates/GateReviewPage.tsx',
  'commitments/:commitmentId/edit': 'commitments/CommitmentEditPage.tsx',
  'recommendations': 'recommendations/RecommendationsPage.tsx',
  'recommendations/new': 'recommendations/RecommendationFormPage.tsx',
  'recommendations/:recommendationId': 'recommendations/RecommendationPage.tsx',
  'agenda': 'agenda/AgendaPage.tsx',
  'trust': 'trust/TrustPage.tsx',
  'glossary': 'coach/GlossaryPage.tsx',
  'phases': 'delivery/PhasesPage.tsx',
  'items': 'delivery/ItemsPage.tsx',
  'items/new': 'delivery/ItemFormPage.tsx',
  'items/board': 'delivery/BoardPage.tsx',
  'items/:itemId': 'delivery/ItemPage.tsx',
  'items/:itemId/edit': 'delivery/ItemFormPage.tsx',
  'time': 'delivery/TimesheetPage.tsx',
  'budget': 'delivery/BudgetPage.tsx',
  'progress': 'delivery/ProgressPage.tsx',
  'forecast': 'forecast/ForecastPage.tsx',
  'imports': 'delivery/ImportsPage.tsx',
};

const segments = (path: string) => path.split('/').filter(Boolean);

function matches(pattern: string, parts: string[]): boolean {
  const want = segments(pattern);
  return want.length === parts.length && want.every((w, i) => w.startsWith(':') || w === parts[i]);
}

/** The page whose pattern matches `parts`; as in the router, a literal segment wins over a `:param`. */
function find(pages: Record<string, string>, parts: string[]): string | undefined {
  const literal = (p: string) => segments(p).filter((s) => !s.startsWith(':')).length;
  return Object.entries(pages)
    .filter(([p]) => matches(p, parts))
    .sort(([a], [b]) => literal(b) - literal(a))[0]?.[1];
}

/** The modules a full page load of `pathname` renders lazily (layout first), or [] for a path of no page. */
export function routeModules(pathname: string): string[] {
  const parts = segments(pathname);
  if (parts[0] === 'engagements' && parts.length >= 2) {
    const page = find(ENGAGEMENT_PAGES, parts.slice(2));
    return page ? [ENGAGEMENT_LAYOUT, page] : [];
  }
  const page = find(TOP_LEVEL_PAGES, parts);
  return page ? [page] : [];
}
