import type { VerificationReport } from '../../application/audit/verify-log.js';

const SHOWN_PER_CHECK = 50;

/** The report for people: one line per check, then each violation with the events that show it. */
export function verificationText(report: VerificationReport): string[] {
  const scope = report.campaigns.length === 1 ? `campaign ${report.campaigns[0]}` : `${report.campaigns.length} campaign(s)`;
  const lines = [`verified ${scope}: ${report.events} events up to ${report.logHead ?? '(empty log)'}, rule set ${report.ruleSetVersion}`];
  for (const id of report.unknownCampaigns) lines.push(`  campaign ${id} is not in the log`);
  for (const check of report.checks) {
    const mark = check.violations === 0 ? 'ok  ' : 'FAIL';
    const count = check.violations === 0 ? '' : ` — ${check.violations} violation(s)`;
    lines.push(`  ${mark} ${String(check.invariant).padStart(2)} ${check.id.padEnd(16)} ${check.title}${count}`);
  }
  for (const note of report.notes) lines.push(`  note: ${note}`);
  for (const check of report.checks) {
    const violations = report.violations.filter((v) => v.check === check.id);
    for (const v of violations.slice(0, SHOWN_PER_CHECK)) {
      lines.push(`[${v.check}] invariant ${v.invariant}${v.campaignId ? `, campaign ${v.campaignId}` : ''}: ${v.message}`);
      for (const e of v.evidence) lines.push(`    ${e.stream}@${e.version}  position ${e.globalPosition}  ${e.type}  ${e.recordedAt}`);
    }
    if (violations.length > SHOWN_PER_CHECK) lines.push(`[${check.id}] … and ${violations.length - SHOWN_PER_CHECK} more (--json lists them all)`);
  }
  lines.push(report.ok ? 'all invariants hold' : `${report.violations.length} violation(s)`);
  return lines;
}
