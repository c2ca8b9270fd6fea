// Packs a workspace package the way `pnpm publish` would and unpacks it into a temporary folder, so the
// packaging checks look at exactly the files a user would install.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

export interface Packed {
  /** Folder holding the unpacked tarball (its `package/` prefix removed). */
  root: string;
  /** Every file in the tarball, relative to the package root, sorted. */
  files: string[];
  /** The package.json as published (workspace: ranges replaced by pnpm). */
  manifest: PackageJson;
}

export interface PackageJson {
  name: string;
  private?: boolean;
  license?: string;
  main?: string;
  module?: string;
  types?: string;
  exports?: Record<string, ExportTarget>;
  browser?: Record<string, string | false>;
  files?: string[];
  customElements?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  [field: string]: unknown;
}
export type ExportTarget = string | null | { [condition: string]: ExportTarget };

/** The workspace's publishable packages: every packages/* folder whose package.json is not private. */
export function publishablePackages(workspace: string): string[] {
  return readdirSync(join(workspace, 'packages'))
    .map((name) => join(workspace, 'packages', name))
    .filter((dir) => {
      try {
        return !(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson).private;
      } catch {
        return false;
      }
    });
}

export function pack(packageDir: string): Packed {
  const out = mkdtempSync(join(tmpdir(), 'presently-pack-'));
  const report = JSON.parse(execFileSync('pnpm', ['pack', '--json', '--pack-destination', out], { cwd: packageDir, encoding: 'utf8' })) as {
    filename: string;
  };
  const root = join(out, 'unpacked');
  execFileSync('mkdir', ['-p', root]);
  execFileSync('tar', ['-xzf', report.filename, '-C', root, '--strip-components=1']);
  const files = listFiles(root).sort();
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;
  return { root, files, manifest };
}

function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path, base) : [relative(base, path)];
  });
}

/** Every file path an `exports` entry can resolve to, for any condition; `*` patterns kept as they are. */
export function exportTargets(target: ExportTarget): string[] {
  if (target === null) return [];
  if (typeof target === 'string') return [target];
  return Object.values(target).flatMap(exportTargets);
}

/** The files of `files` that a target with one `*` matches (`./dist/*.js` → every .js under dist/). */
export function matching(files: string[], target: string): string[] {
  const path = target.replace(/^\.\//, '');
  if (!path.includes('*')) return files.includes(path) ? [path] : [];
  const [before, after] = path.split('*') as [string, string];
  return files.filter((file) => file.startsWith(before) && file.endsWith(after) && file.length >= before.length + after.length);
}
