import type { Command } from 'commander';
import { registerAuditExport } from './audit-export';
import { registerAuditVerify } from './audit-verify';

/** `candor audit …`: the hash-chained audit log. */
export function registerAuditCommands(program: Command): void {
  const audit = program
    .command('audit')
    .description('verify and export the hash-chained audit log')
    .addHelpText('after', '\nEach engagement has its own chain; the instance chain records accounts and organizations.');
  registerAuditVerify(audit);
  registerAuditExport(audit);
}
