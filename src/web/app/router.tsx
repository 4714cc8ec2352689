import { type ComponentType, createElement, lazy } from 'react';
import { createBrowserRouter, matchRoutes, Navigate } from 'react-router';
import { AppLayout } from './AppLayout';
import { NotFoundPage } from './NotFoundPage';
import { PublicLayout } from './PublicLayout';
import { RequireAuth } from './RequireAuth';
import { RouteError } from './RouteError';

// Every page is its own chunk; the shell (layouts, api client) loads first.
// `preload` lets the first route's chunks start loading at once (end of this file). Once a chunk has
// loaded, its page renders directly: React.lazy would suspend once more on its first render even then,
// and the first load renders its route only after the route's chunks are in (first-render.ts).
const page = <T extends Record<string, unknown>>(load: () => Promise<T>, name: keyof T) => {
  let loaded: ComponentType | undefined;
  const preload = () =>
    load().then((m) => {
      loaded = m[name] as ComponentType;
    });
  const Lazy = lazy(async () => {
    await preload();
    return { default: loaded! };
  });
  // One element type per page for good: a page first drawn through Lazy stays drawn through it (already
  // resolved, it no longer suspends), so two routes of one page keep its state between them.
  let throughLazy = false;
  // biome-ignore lint/correctness/noComponentHookFactories: page() runs once per page when this module loads, never during a render
  const Page = () => {
    if (loaded && !throughLazy) return createElement(loaded);
    throughLazy = true;
    return createElement(Lazy);
  };
  return Object.assign(Page, { preload });
};

const SignInPage = page(() => import('../auth/SignInPage'), 'SignInPage');
const ForgotPasswordPage = page(() => import('../auth/ForgotPasswordPage'), 'ForgotPasswordPage');
const ResetPasswordPage = page(() => import('../auth/ResetPasswordPage'), 'ResetPasswordPage');
const InvitationPage = page(() => import('../members/InvitationPage'), 'InvitationPage');
const EngagementsPage = page(() => import('../engagements/EngagementsPage'), 'EngagementsPage');
const EngagementLayout = page(() => import('../engagements/EngagementLayout'), 'EngagementLayout');
const OverviewPage = page(() => import('../engagements/OverviewPage'), 'OverviewPage');
const CharterPage = page(() => import('../charter/CharterPage'), 'CharterPage');
const CharterEditorPage = page(() => import('../charter/CharterEditorPage'), 'CharterEditorPage');
const NotesPage = page(() => import('../notes/NotesPage'), 'NotesPage');
const NoteEditorPage = page(() => import('../notes/NoteEditorPage'), 'NoteEditorPage');
const MembersPage = page(() => import('../members/MembersPage'), 'MembersPage');
const ActivityPage = page(() => import('../audit/ActivityPage'), 'ActivityPage');
const ReportPage = page(() => import('../report/ReportPage'), 'ReportPage');
const WebhooksPage = page(() => import('../webhooks/WebhooksPage'), 'WebhooksPage');
const SearchPage = page(() => import('../search/SearchPage'), 'SearchPage');
const ProfilePage = page(() => import('../profile/ProfilePage'), 'ProfilePage');
const AdminPage = page(() => import('../admin/AdminPage'), 'AdminPage');
const RaidPage = page(() => import('../governance/RaidPage'), 'RaidPage');
const RaidItemPage = page(() => import('../governance/RaidItemPage'), 'RaidItemPage');
const DecisionsPage = page(() => import('../governance/DecisionsPage'), 'DecisionsPage');
const DecisionFormPage = page(() => import('../governance/DecisionFormPage'), 'DecisionFormPage');
const DecisionPage = page(() => import('../governance/DecisionPage'), 'DecisionPage');
const EscalationsPage = page(() => import('../governance/EscalationsPage'), 'EscalationsPage');
const EscalationPage = page(() => import('../governance/EscalationPage'), 'EscalationPage');
const ItemsPage = page(() => import('../delivery/ItemsPage'), 'ItemsPage');
const ItemPage = page(() => import('../delivery/ItemPage'), 'ItemPage');
const ItemFormPage = page(() => import('../delivery/ItemFormPage'), 'ItemFormPage');
const PhasesPage = page(() => import('../delivery/PhasesPage'), 'PhasesPage');
const BudgetPage = page(() => import('../delivery/BudgetPage'), 'BudgetPage');
const ProgressPage = page(() => import('../delivery/ProgressPage'), 'ProgressPage');
const ForecastPage = page(() => import('../forecast/ForecastPage'), 'ForecastPage');
const TimesheetPage = page(() => import('../delivery/TimesheetPage'), 'TimesheetPage');
const BoardPage = page(() => import('../delivery/BoardPage'), 'BoardPage');
const ImportsPage = page(() => import('../delivery/ImportsPage'), 'ImportsPage');
const NotificationsPage = page(() => import('../notifications/NotificationsPage'), 'NotificationsPage');
const CommitmentsPage = page(() => import('../commitments/CommitmentsPage'), 'CommitmentsPage');
const FailureReportsPage = page(() => import('../failures/FailureReportsPage'), 'FailureReportsPage');
const FailureReportPage = page(() => import('../failures/FailureReportPage'), 'FailureReportPage');
const FailureReportFormPage = page(() => import('../failures/FailureReportFormPage'), 'FailureReportFormPage');
const CommitmentFormPage = page(() => import('../commitments/CommitmentFormPage'), 'CommitmentFormPage');
const CommitmentPage = page(() => import('../commitments/CommitmentPage'), 'CommitmentPage');
const GateReviewsPage = page(() => import('../gates/GateReviewsPage'), 'GateReviewsPage');
const GateReviewPage = page(() => import('../gates/GateReviewPage'), 'GateReviewPage');
const CommitmentEditPage = page(() => import('../commitments/CommitmentEditPage'), 'CommitmentEditPage');
const RecommendationsPage = page(() => import('../recommendations/RecommendationsPage'), 'RecommendationsPage');
const RecommendationFormPage = page(() => import('../recommendations/RecommendationFormPage'), 'RecommendationFormPage');
const RecommendationPage = page(() => import('../recommendations/RecommendationPage'), 'RecommendationPage');
const AgendaPage = page(() => import('../agenda/AgendaPage'), 'AgendaPage');
const TrustPage = page(() => import('../trust/TrustPage'), 'TrustPage');
const GlossaryPage = page(() => import('../coach/GlossaryPage'), 'GlossaryPage');
const StatusUpdatesPage = page(() => import('../status/StatusUpdatesPage'), 'StatusUpdatesPage');
const StatusUpdatePage = page(() => import('../status/StatusUpdatePage'), 'StatusUpdatePage');
const StatusEditorPage = page(() => import('../status/StatusEditorPage'), 'StatusEditorPage');
const SelectionsPage = page(() => import('../selections/SelectionsPage'), 'SelectionsPage');
const SelectionPage = page(() => import('../selections/SelectionPage'), 'SelectionPage');
const ScorecardPage = page(() => import('../selections/ScorecardPage'), 'ScorecardPage');
const ScorePage = page(() => import('../selections/ScorePage'), 'ScorePage');
const SelectionResultsPage = page(() => import('../selections/ResultsPage'), 'ResultsPage');
const ComparePage = page(() => import('../selections/ComparePage'), 'ComparePage');
const SelectionInvitationPage = page(() => import('../selections/SelectionInvitationPage'), 'SelectionInvitationPage');
const SelectionFeedbackPage = page(() => import('../selections/SelectionFeedbackPage'), 'SelectionFeedbackPage');

export const router = createBrowserRouter([
  {
    errorElement: <RouteError />,
    children: [
      {
        element: <PublicLayout />,
        children: [
          { path: '/sign-in', element: <SignInPage /> },
          { path: '/forgot-password', element: <ForgotPasswordPage /> },
          { path: '/reset-password', element: <ResetPasswordPage /> },
          { path: '/invitations/:token', element: <InvitationPage /> },
          { path: '/selection-invitations/:token', element: <SelectionInvitationPage /> },
        ],
      },
      {
        element: <RequireAuth />,
        children: [
          {
            element: <AppLayout />,
            children: [
              { path: '/', element: <Navigate to="/engagements" replace /> },
              { path: '/engagements', element: <EngagementsPage /> },
              {
                path: '/engagements/:id',
                element: <EngagementLayout />,
                children: [
                  { index: true, element: <OverviewPage /> },
                  { path: 'charter', element: <CharterPage /> },
                  { path: 'charter/edit', element: <CharterEditorPage /> },
                  { path: 'notes', element: <NotesPage /> },
                  { path: 'notes/new', element: <NoteEditorPage /> },
                  { path: 'notes/:noteId/edit', element: <NoteEditorPage /> },
                  { path: 'members', element: <MembersPage /> },
                  { path: 'activity', element: <ActivityPage /> },
                  { path: 'report', element: <ReportPage /> },
                  { path: 'webhooks', element: <WebhooksPage /> },
                  { path: 'raid', element: <RaidPage /> },
                  { path: 'raid/:itemId', element: <RaidItemPage /> },
                  { path: 'decisions', element: <DecisionsPage /> },
                  { path: 'decisions/new', element: <DecisionFormPage /> },
                  { path: 'decisions/:decisionId', element: <DecisionPage /> },
                  { path: 'escalations', element: <EscalationsPage /> },
                  { path: 'escalations/:escalationId', element: <EscalationPage /> },
                  { path: 'commitments', element: <CommitmentsPage /> },
                  { path: 'status-updates', element: <StatusUpdatesPage /> },
                  { path: 'status-updates/new', element: <StatusEditorPage /> },
                  { path: 'status-updates/:updateId', element: <StatusUpdatePage /> },
                  { path: 'status-updates/:updateId/edit', element: <StatusEditorPage /> },
                  { path: 'failure-reports', element: <FailureReportsPage /> },
                  { path: 'failure-reports/new', element: <FailureReportFormPage /> },
                  { path: 'failure-reports/:reportId', element: <FailureReportPage /> },
                  { path: 'failure-reports/:reportId/edit', element: <FailureReportFormPage /> },
                  { path: 'commitments/new', element: <CommitmentFormPage /> },
                  { path: 'commitments/:commitmentId', element: <CommitmentPage /> },
                  { path: 'gate-reviews', element: <GateReviewsPage /> },
                  { path: 'gate-reviews/:reviewId', element: <GateReviewPage /> },
                  { path: 'commitments/:commitmentId/edit', element: <CommitmentEditPage /> },
                  { path: 'recommendations', element: <RecommendationsPage /> },
                  { path: 'recommendations/new', element: <RecommendationFormPage /> },
                  { path: 'recommendations/:recommendationId', element: <RecommendationPage /> },
                  { path: 'agenda', element: <AgendaPage /> },
                  { path: 'trust', element: <TrustPage /> },
                  { path: 'glossary', element: <GlossaryPage /> },
                  { path: 'phases', element: <PhasesPage /> },
                  { path: 'items', element: <ItemsPage /> },
                  { path: 'items/new', element: <ItemFormPage /> },
                  { path: 'items/board', element: <BoardPage /> },
                  { path: 'items/:itemId', element: <ItemPage /> },
                  { path: 'items/:itemId/edit', element: <ItemFormPage /> },
                  { path: 'time', element: <TimesheetPage /> },
                  { path: 'budget', element: <BudgetPage /> },
                  { path: 'progress', element: <ProgressPage /> },
                  { path: 'forecast', element: <ForecastPage /> },
                  { path: 'imports', element: <ImportsPage /> },
                ],
              },
              { path: '/selections', element: <SelectionsPage /> },
              { path: '/selection-feedback', element: <SelectionFeedbackPage /> },
              { path: '/selections/:selectionId', element: <SelectionPage /> },
              { path: '/selections/:selectionId/scorecard', element: <ScorecardPage /> },
              { path: '/selections/:selectionId/score', element: <ScorePage /> },
              { path: '/selections/:selectionId/results', element: <SelectionResultsPage /> },
              { path: '/selections/:selectionId/compare', element: <ComparePage /> },
              { path: '/search', element: <SearchPage /> },
              { path: '/notifications', element: <NotificationsPage /> },
              { path: '/profile', element: <ProfilePage /> },
              { path: '/admin', element: <AdminPage /> },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
]);

/**
 * The first route's layout and page chunks load now, side by side, instead of one after the other as
 * React reaches each lazy level (ADR 0014); settled once all of them have (or one failed: the route's
 * own Suspense and error boundary then take over).
 */
export const firstRouteChunks: Promise<unknown> = Promise.allSettled(
  (matchRoutes(router.routes, window.location) ?? []).map((match) =>
    (match.route.element as { type?: { preload?: () => Promise<unknown> } } | undefined)?.type?.preload?.(),
  ),
);
