// Creates accounts for mod_auth_internal_hashed by writing Prosody's own storage files, which is
// what `prosodyctl register` does too, minus starting a Lua process per account.
import { createHash, createHmac, pbkdf2Sync, randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { lua, type PasswordHash } from './config.js';

const run = promisify(execFile);

/** Usernames and passwords we can write without Prosody's stringprep (nodeprep/SASLprep): plain ASCII. */
const SIMPLE_USERNAME = /^[a-z0-9][a-z0-9._-]*$/;
const SIMPLE_PASSWORD = /^[\x21-\x7e]+$/;

export function canWriteDirectly(username: string, password: string): boolean {
  return SIMPLE_USERNAME.test(username) && SIMPLE_PASSWORD.test(password);
}

/** util.datamanager's file-name encoding: every non-alphanumeric byte becomes %xx (lower-case hex). */
export function encodePathPart(s: string): string {
  return Array.from(Buffer.from(s, 'utf8'))
    .map((b) => (/[A-Za-z0-9]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`))
    .join('');
}

/** The SCRAM credentials Prosody keeps (RFC 5802 §3): stored_key = H(HMAC(salted, "Client Key")). */
export function scramCredentials(password: string, hash: PasswordHash, iterations: number, salt = randomUUID()) {
  const algo = hash === 'SHA-256' ? 'sha256' : 'sha1';
  const length = hash === 'SHA-256' ? 32 : 20;
  const salted = pbkdf2Sync(password, salt, iterations, length, algo);
  const clientKey = createHmac(algo, salted).update('Client Key').digest();
  return {
    stored_key: createHash(algo).update(clientKey).digest('hex'),
    server_key: createHmac(algo, salted).update('Server Key').digest('hex'),
    salt,
    iteration_count: iterations,
  };
}

export interface AccountStore {
  dataDir: string;
  host: string;
  passwordHash: PasswordHash;
  scramIterations: number;
}

/** Writes data/<host>/accounts/<user>.dat atomically; a running Prosody reads it on the next login. */
export function writeAccount(store: AccountStore, username: string, password: string): void {
  if (!canWriteDirectly(username, password)) {
    throw new Error(`username ${JSON.stringify(username)} or its password needs stringprep: use prosodyctl`);
  }
  const dir = join(store.dataDir, encodePathPart(store.host), 'accounts');
  mkdirSync(dir, { recursive: true });
  const creds = scramCredentials(password, store.passwordHash, store.scramIterations);
  const file = join(dir, `${encodePathPart(username)}.dat`);
  const body = Object.entries(creds)
    .map(([key, value]) => `\t[${lua(key)}] = ${lua(value)};`)
    .join('\n');
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `return {\n${body}\n};\n`);
  renameSync(tmp, file);
}

/** The slow, general path: one `prosodyctl register` (one Lua process) per account. */
export async function registerWithProsodyctl(
  prosodyctl: string,
  configPath: string,
  host: string,
  username: string,
  password: string,
): Promise<void> {
  try {
    await run(prosodyctl, ['--config', configPath, 'register', username, host, password], { timeout: 15_000 });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`prosodyctl register ${username}@${host} failed: ${e.stderr || e.stdout || e.message}`);
  }
}
