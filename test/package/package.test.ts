/**
 * What `pnpm publish` would ship, checked on the real tarball of every publishable package (run after
 * `pnpm build`, as the test command does): declarations have their JavaScript, LICENSE and README are there,
 * no test code, every `exports`/`main`/`types`/`browser` target exists, source maps carry their sources,
 * the metadata a registry page shows is filled in, runtime dependencies are ranges, and the custom elements
 * manifest names files that exist.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportTargets, matching, pack, publishablePackages, type Packed } from './tarball.js';

const workspace = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const packages = publishablePackages(workspace);

it('finds the publishable packages', () => {
  expect(packages.map((dir) => dir.slice(workspace.length + 1))).toEqual(expect.arrayContaining(['packages/core', 'packages/elements']));
});

describe.each(packages.map((dir) => [dir.slice(workspace.length + 1), dir]))('%s', (_name, dir) => {
  let packed: Packed;

  beforeAll(() => {
    if (!existsSync(join(dir, 'dist'))) throw new Error(`${dir}/dist is missing: run \`pnpm build\` first`);
    packed = pack(dir);
  });

  it('ships LICENSE (MIT), README.md and package.json', () => {
    expect(packed.files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json']));
    expect(readFileSync(join(packed.root, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} Presently contributors\n/);
    expect(packed.manifest.license).toBe('MIT');
  });

  it('ships no test code, no TypeScript sources and nothing outside dist/ but the package files', () => {
    const testCode = packed.files.filter((file) => /(^|\/)(test-support|test-utils|__tests__)\/|\.test\.|(^|\/)fake-/.test(file));
    expect(testCode).toEqual([]);
    expect(packed.files.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);
    const outside = packed.files.filter((file) => !file.startsWith('dist/'));
    expect(
      outside.every((file) => ['LICENSE', 'README.md', 'package.json', packed.manifest.customElements].includes(file)),
      outside.join(),
    ).toBe(true);
  });

  it('has JavaScript beside every declaration file', () => {
    const declarations = packed.files.filter((file) => file.endsWith('.d.ts'));
    expect(declarations.length).toBeGreaterThan(0);
    const orphans = declarations.filter((file) => !packed.files.includes(file.replace(/\.d\.ts$/, '.js')));
    expect(orphans).toEqual([]);
  });

  it('resolves every exports, main, module, types and browser target to a shipped file', () => {
    const { manifest, files } = packed;
    expect(manifest.exports?.['./package.json']).toBe('./package.json');
    const targets = [
      ...Object.values(manifest.exports ?? {}).flatMap(exportTargets),
      ...[manifest.main, manifest.module, manifest.types].filter((target): target is string => typeof target === 'string'),
      ...Object.entries(manifest.browser ?? {}).flatMap(([from, to]) => (from.startsWith('.') ? [from, ...(to ? [to] : [])] : [])),
    ];
    expect(targets.length).toBeGreaterThan(2);
    const unresolved = targets.filter((target) => matching(files, target).length === 0);
    expect(unresolved).toEqual([]);
  });

  it('ships source maps that carry their sources', () => {
    const maps = packed.files.filter((file) => file.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(0);
    const empty = maps.filter((file) => {
      const map = JSON.parse(readFileSync(join(packed.root, file), 'utf8')) as { sources: string[]; sourcesContent?: Array<string | null> };
      return map.sourcesContent?.length !== map.sources.length || map.sourcesContent.some((source) => typeof source !== 'string');
    });
    expect(empty).toEqual([]);
  });

  it('fills in what a registry page shows and pins no runtime dependency', () => {
    const { manifest } = packed;
    expect(manifest).toMatchObject({
      repository: { type: 'git', url: expect.stringMatching(/^git\+https:\/\//), directory: dir.slice(workspace.length + 1) },
      homepage: expect.stringMatching(/^https:\/\//),
      bugs: { url: expect.stringMatching(/^https:\/\//) },
      engines: { node: expect.stringMatching(/^>=/) },
    });
    expect((manifest.keywords as string[]).length).toBeGreaterThan(2);
    const ranges = { ...manifest.dependencies, ...manifest.optionalDependencies, ...manifest.peerDependencies };
    const pinned = Object.entries(ranges).filter(([, range]) => !/^[\^~>]/.test(range));
    expect(pinned).toEqual([]);
  });

  // Only element packages have a manifest (decided from the source package.json, so no test is skipped).
  const elementPackage = Boolean(
    (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { customElements?: string }).customElements,
  );
  if (elementPackage) {
    it('ships a custom elements manifest whose paths exist, with one declaration per name and a definition per tag', () => {
      const manifestPath = packed.manifest.customElements as string;
      expect(packed.files).toContain(manifestPath);
      const cem = JSON.parse(readFileSync(join(packed.root, manifestPath), 'utf8')) as CustomElementsManifest;

      const references = new Set<string>();
      collectModuleReferences(cem.modules, references);
      for (const module of cem.modules) references.add(module.path);
      const missing = [...references].filter((path) => !packed.files.includes(path));
      expect(missing).toEqual([]);
      expect([...references].every((path) => path.startsWith('dist/'))).toBe(true);

      const declared = new Map<string, string[]>();
      const tags = new Map<string, string[]>();
      for (const module of cem.modules) {
        for (const declaration of module.declarations ?? []) {
          declared.set(declaration.name, [...(declared.get(declaration.name) ?? []), module.path]);
          if (declaration.tagName) tags.set(declaration.tagName, [...(tags.get(declaration.tagName) ?? []), declaration.name]);
        }
      }
      expect([...declared].filter(([, modules]) => modules.length > 1)).toEqual([]);
      expect([...tags].filter(([, classes]) => classes.length > 1)).toEqual([]);
      expect(tags.size).toBeGreaterThan(0);

      const defined = new Set(
        cem.modules.flatMap((module) => (module.exports ?? []).filter((e) => e.kind === 'custom-element-definition').map((e) => e.name)),
      );
      expect([...tags.keys()].filter((tag) => !defined.has(tag))).toEqual([]);
    });
  }
});

interface CustomElementsManifest {
  modules: Array<{
    path: string;
    declarations?: Array<{ name: string; tagName?: string }>;
    exports?: Array<{ kind: string; name: string; declaration: { name: string; module?: string; package?: string } }>;
  }>;
}

/** Every `module` reference anywhere in the manifest (superclasses, mixins, exports, inherited members). */
function collectModuleReferences(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) return value.forEach((inner) => collectModuleReferences(inner, into));
  if (!value || typeof value !== 'object') return;
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'module' && typeof inner === 'string') into.add(inner);
    else collectModuleReferences(inner, into);
  }
}
