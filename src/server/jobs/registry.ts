import { forecastJobs } from '../forecast/service';
import { gateJobs } from '../gates/service';
import { commitmentJobs } from '../commitments/service';
import { statusJobs } from '../status/service';
import { recommendationJobs } from '../recommendations/service';
import { agendaJobs } from '../agenda/service';
import { importJobs } from '../delivery/imports';
import { governanceJobs } from '../governance/escalations';
import { notifyJobs } from '../notify/notify';
import { digestJobs } from '../notify/digest';
import { liveJobs } from '../live/retention';
import { webhookJobs } from '../webhooks/deliver';
import type { JobHandlers } from './queue';

/** Every job kind the product runs. Capabilities add their handlers here. */
export const JOB_HANDLERS: JobHandlers = {
  ...notifyJobs,
  ...digestJobs,
  ...liveJobs,
  ...governanceJobs,
  ...importJobs,
  ...commitmentJobs,
  ...statusJobs,
  ...recommendationJobs,
  ...agendaJobs,
  ...forecastJobs,
  ...gateJobs,
  ...webhookJobs,
};
