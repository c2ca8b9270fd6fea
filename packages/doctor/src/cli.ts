#!/usr/bin/env node
// presently doctor <service-url> [--jid alice@example.com (--password …|--token …)] [--domain …] [--ca ca.pem] [--origin https://intranet…]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runDoctor } from './doctor.js';
import { exitCode, formatReport } from './findings.js';

const USAGE =
  'usage: presently doctor <service-url> [--jid alice@example.com (--password …|--token …)] ' +
  '[--domain example.com] ' +
  '[--ca company-ca.pem] [--origin https://intranet.example.com]';

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        jid: { type: 'string' },
        password: { type: 'string' },
        token: { type: 'string' },
        domain: { type: 'string' },
        ca: { type: 'string' },
        origin: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const [command, service, ...rest] = parsed.positionals;
  if (parsed.values.help || command !== 'doctor' || !service || rest.length) {
    console.error(USAGE);
    return parsed.values.help ? 0 : 2;
  }
  const v = parsed.values;
  const secrets = Number(v.password !== undefined) + Number(v.token !== undefined);
  if (secrets > 1 || (v.jid === undefined) !== (secrets === 0)) {
    console.error(`--jid goes with one of --password or --token\n${USAGE}`);
    return 2;
  }
  const findings = await runDoctor({
    service,
    ...(v.jid !== undefined ? { jid: v.jid } : {}),
    ...(v.password !== undefined ? { password: v.password } : {}),
    ...(v.token !== undefined ? { token: v.token } : {}),
    ...(v.domain !== undefined ? { domain: v.domain } : {}),
    ...(v.ca !== undefined ? { ca: readFileSync(v.ca, 'utf8') } : {}),
    ...(v.origin !== undefined ? { origin: v.origin } : {}),
  });
  console.log(formatReport(service, findings));
  return exitCode(findings);
}

process.exitCode = await main(process.argv.slice(2));
