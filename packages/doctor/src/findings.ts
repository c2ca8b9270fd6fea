// What the doctor found, one line each, in words a person can act on.
import { TROUBLESHOOTING } from './sign-in-errors.js';

export type Status = 'ok' | 'warn' | 'fail' | 'skip';

export interface Finding {
  status: Status;
  /** What was checked, e.g. "TLS certificate". */
  check: string;
  /** What was found, in words. */
  detail: string;
  /** What to do about it: a config line, a command, a doc. */
  fix?: string;
}

const MARK: Record<Status, string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL', skip: 'skip' };

/** The plain-text report: one line per finding, the fix indented below it. */
export function formatReport(service: string, findings: readonly Finding[]): string {
  const lines = [`presently doctor ${service}`, ''];
  for (const f of findings) {
    lines.push(`[${MARK[f.status]}] ${f.check}: ${f.detail}`);
    if (f.fix) lines.push(`       → ${f.fix}`);
  }
  const failed = findings.filter((f) => f.status === 'fail').length;
  lines.push(
    '',
    failed === 0 ? 'Everything Presently needs is there.' : `${failed} problem${failed === 1 ? '' : 's'} to fix before Presently can work.`,
  );
  lines.push(`Troubleshooting: ${TROUBLESHOOTING}`);
  return lines.join('\n');
}

/** Exit code: 0 when nothing failed (warnings are allowed). */
export function exitCode(findings: readonly Finding[]): number {
  return findings.some((f) => f.status === 'fail') ? 1 : 0;
}
