/** Governance API types, inferred from the server's zod contracts (type-only: no zod in the bundle). */
import type { z } from 'zod';
import type * as G from '../../contracts/governance';

export type RaidItem = z.infer<typeof G.RaidItem>;
export type RaidType = z.infer<typeof G.RaidType>;
export type CreateRaidInput = z.input<typeof G.CreateRaidBody>;
export type UpdateRaidInput = z.input<typeof G.UpdateRaidBody>;
export type RaidUpdateResult = z.infer<typeof G.RaidUpdateResult>;
export type RaidQuery = z.infer<typeof G.RaidQuery>;
export type Severity = NonNullable<RaidItem['severity']>;
export type NeededFrom = NonNullable<RaidItem['neededFrom']>;

export type Decision = z.infer<typeof G.Decision>;
export type DecisionOption = z.input<typeof G.DecisionOption>;
export type CreateDecisionInput = z.input<typeof G.CreateDecisionBody>;
export type DecideInput = z.input<typeof G.DecideBody>;
export type DecisionLatency = z.infer<typeof G.DecisionLatency>;
export type DecisionStatus = Decision['status'];

export type Escalation = z.infer<typeof G.Escalation>;
export type EscalationEvent = z.infer<typeof G.EscalationEvent>;
export type EscalationLevel = z.infer<typeof G.EscalationLevel>;
export type RaiseEscalationInput = z.input<typeof G.RaiseEscalationBody>;
export type SubjectType = RaiseEscalationInput['subjectType'];

export type GovernanceSummary = z.infer<typeof G.GovernanceSummary>;
export type GovernanceChanges = z.infer<typeof G.GovernanceChanges>;
export type GovernanceChange = GovernanceChanges['changes'][number];

export type Notification = z.infer<typeof G.Notification>;
export type Job = z.infer<typeof G.Job>;
export type JobList = z.infer<typeof G.JobList>;
export type JobStatus = Job['status'];
