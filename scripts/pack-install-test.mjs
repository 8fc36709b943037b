#!/usr/bin/env node
// Installs the packages as a stranger would: `npm pack` every publishable workspace package, install
// the tarballs into an empty project in a temporary folder outside the repository (no workspace
// links), and use them there: the command, a real migration, ESM imports, require(), and a strict
// TypeScript consumer. Packages are found from the workspace list, so new ones are included as they
// come. Needs the packages built (`npm run build`) and the npm registry for third-party dependencies.
//
//   node scripts/pack-install-test.mjs [--keep] [--build-native]
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const keep = process.argv.includes('--keep');
// Compiling better-sqlite3 from source (no prebuilt binary can be downloaded here) takes minutes on a
// busy machine; by default its binary is taken from the repository's own install of the same version,
// and every other install script runs as usual. --build-native compiles it like a stranger's install.
const buildNative = process.argv.includes('--build-native');
const rootPkg = readJson(join(REPO, 'package.json'));

/** Files a tarball must not carry: tests, benchmarks, source maps (they point at src/, not shipped). */
const FORBIDDEN = [
  /(^|\/)(test|tests|__tests__|bench)\//,
  /\.(test|spec|bench)\.[cm]?[jt]s$/,
  /\.map$/,
  /(^|\/)src\//,
];

const packages = workspacePackages();
if (packages.length === 0) fail('no publishable workspace package found');
for (const p of packages) {
  if (!existsSync(join(p.dir, 'dist'))) fail(`${p.name} is not built: run "npm run build" first`);
}

const work = mkdtempSync(join(tmpdir(), 'cassette-pack-'));
if (!relative(REPO, work).startsWith('..')) fail(`the temporary folder ${work} is inside the repository`);
let failed = false;
try {
  step(`packing ${packages.length} packages: ${packages.map((p) => p.name).join(', ')}`);
  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  const packed = JSON.parse(
    run(
      'npm',
      ['pack', '--json', '--pack-destination', tarballs, ...packages.flatMap((p) => ['-w', p.name])],
      {
        cwd: REPO,
        quiet: true,
      },
    ),
  );
  for (const entry of packed) checkTarball(entry);

  step('installing the tarballs into an empty project');
  const project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    `${JSON.stringify({ name: 'stranger', private: true, type: 'module' }, null, 2)}\n`,
  );
  const devVersions = rootPkg.devDependencies;
  run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      ...(buildNative ? [] : ['--ignore-scripts']),
      ...packed.map((entry) => join(tarballs, entry.filename)),
      ...(buildNative ? [] : nativeDependencies(packages)),
      `typescript@${devVersions.typescript}`,
      `@types/node@${devVersions['@types/node']}`,
    ],
    { cwd: project },
  );
  if (!buildNative) runInstallScripts(project);
  if (existsSync(join(project, 'node_modules', '@cassettekit', 'core', 'src')))
    fail('the installed @cassettekit/core has a src/ folder: it came from the workspace, not the tarball');

  step('npx cassette --help and --version');
  const help = run('npx', ['--no-install', 'cassette', '--help'], { cwd: project, quiet: true });
  if (!help.includes('migrate')) fail(`cassette --help does not list migrate:\n${help}`);
  const cli = packages.find((p) => p.name === '@cassettekit/cli');
  const version = run('npx', ['--no-install', 'cassette', '--version'], { cwd: project, quiet: true }).trim();
  if (cli !== undefined && version !== cli.version)
    fail(`cassette --version says ${version}, package.json ${cli.version}`);

  step('cassette migrate yaml: -> sqlite: and verify');
  cpSync(join(REPO, 'examples', 'cassettes'), join(project, 'cassettes'), { recursive: true });
  run('npx', ['--no-install', 'cassette', 'migrate', 'yaml:cassettes', 'sqlite:cassettes.db'], {
    cwd: project,
  });
  run('npx', ['--no-install', 'cassette', 'verify', 'yaml:cassettes', 'sqlite:cassettes.db'], {
    cwd: project,
  });

  step('an ES module imports the stores and copies a cassette');
  writeFileSync(
    join(project, 'copy.mjs'),
    `import { contentDigest, createStoreRegistry } from '@cassettekit/core';
import { sqliteDriver } from '@cassettekit/sqlite';
import { jsonDriver, yamlDriver } from '@cassettekit/yaml';

const stores = createStoreRegistry([yamlDriver, jsonDriver, sqliteDriver]);
const from = await stores.open('yaml:cassettes');
const to = await stores.open('json:copied', { create: true });
const names = [];
for await (const entry of from.list()) names.push(entry.name);
const got = await from.get(names[0]);
await to.put(names[0], got.cassette, { ifVersion: null });
const back = await to.get(names[0]);
if (contentDigest(back.cassette.data) !== contentDigest(got.cassette.data)) throw new Error('the copy differs');
const db = await stores.open('sqlite:cassettes.db');
if ((await db.get(names[0])) === null) throw new Error('the migrated database lacks ' + names[0]);
await Promise.all([from.close(), to.close(), db.close()]);
console.log('copied', names[0]);
`,
  );
  run('node', ['copy.mjs'], { cwd: project });

  step('require() of every package');
  writeFileSync(
    join(project, 'require.cjs'),
    `for (const name of ${JSON.stringify(packages.map((p) => p.name))}) {
  const m = require(name);
  if (Object.keys(m).length === 0) throw new Error(name + ' exports nothing through require()');
  console.log('require', name, 'ok:', Object.keys(m).length, 'exports');
}
`,
  );
  run('node', ['require.cjs'], { cwd: project });

  step('tsc --noEmit with skipLibCheck: false on a consumer file');
  // Packages whose dependencies' own published types fail a strict check, whatever this repo ships.
  const upstreamTypesBroken = new Map([
    [
      '@cassettekit/polly',
      "@pollyjs/core's types.d.ts imports @pollyjs/adapter, which @pollyjs/core does not depend on",
    ],
  ]);
  const typed = packages.filter((p) => !upstreamTypesBroken.has(p.name));
  for (const [name, why] of upstreamTypesBroken) console.log(`  (not type-checked: ${name}: ${why})`);
  writeFileSync(
    join(project, 'tsconfig.json'),
    `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          skipLibCheck: false,
          noEmit: true,
          types: ['node'],
        },
        include: ['consumer.ts'],
      },
      null,
      2,
    )}\n`,
  );
  writeFileSync(
    join(project, 'consumer.ts'),
    `${typed.map((p, i) => `import * as m${i} from '${p.name}';`).join('\n')}
import { type CassetteStore, createStoreRegistry } from '@cassettekit/core';
import { yamlDriver } from '@cassettekit/yaml';

export const modules: object[] = [${typed.map((_, i) => `m${i}`).join(', ')}];
export async function names(url: string): Promise<string[]> {
  const store: CassetteStore = await createStoreRegistry([yamlDriver]).open(url);
  const out: string[] = [];
  for await (const entry of store.list()) out.push(entry.name);
  await store.close();
  return out;
}
`,
  );
  run('npx', ['--no-install', 'tsc', '-p', 'tsconfig.json'], { cwd: project });
  step(`ok: ${packages.length} packages installed and used from tarballs`);
} catch (error) {
  failed = true;
  process.stderr.write(
    `\npack-install-test FAILED: ${error instanceof Error ? error.message : String(error)}\n`,
  );
} finally {
  if (keep) process.stderr.write(`kept ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;

/** Every non-private package of the workspaces listed in the root package.json (`dir/*` patterns). */
function workspacePackages() {
  const out = [];
  for (const pattern of rootPkg.workspaces) {
    const dirs = pattern.endsWith('/*')
      ? readdirSync(join(REPO, pattern.slice(0, -2)), { withFileTypes: true })
          .filter((d) => d.isDirectory())
          .map((d) => join(REPO, pattern.slice(0, -2), d.name))
      : [join(REPO, pattern)];
    for (const dir of dirs) {
      const file = join(dir, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = readJson(file);
      if (pkg.private !== true) out.push({ name: pkg.name, version: pkg.version, dir });
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/**
 * The native modules our packages depend on, pinned to the version the repository has built (it
 * satisfies the packages' ranges), so that its binary can be reused.
 */
function nativeDependencies(list) {
  const out = new Set();
  for (const p of list) {
    for (const dep of Object.keys(readJson(join(p.dir, 'package.json')).dependencies ?? {})) {
      const ours = join(REPO, 'node_modules', dep);
      if (existsSync(join(ours, 'binding.gyp')) && existsSync(join(ours, 'build', 'Release')))
        out.add(`${dep}@${readJson(join(ours, 'package.json')).version}`);
    }
  }
  return [...out];
}

/**
 * After `npm install --ignore-scripts`: the native modules the repository has built in the same
 * version get its binary (same Node, same machine); every other package's install scripts run.
 */
function runInstallScripts(project) {
  const modules = join(project, 'node_modules');
  const rebuild = [];
  for (const dir of installedPackages(modules)) {
    const pkg = readJson(join(dir, 'package.json'));
    const scripts = pkg.scripts ?? {};
    if (
      scripts.preinstall === undefined &&
      scripts.install === undefined &&
      scripts.postinstall === undefined
    )
      continue;
    const ours = join(REPO, 'node_modules', pkg.name);
    if (
      existsSync(join(ours, 'build', 'Release')) &&
      existsSync(join(ours, 'package.json')) &&
      readJson(join(ours, 'package.json')).version === pkg.version
    ) {
      cpSync(join(ours, 'build'), join(dir, 'build'), { recursive: true });
      console.log(`  ${pkg.name}@${pkg.version}: binary from the repository's install`);
    } else rebuild.push(pkg.name);
  }
  if (rebuild.length > 0) run('npm', ['rebuild', ...rebuild], { cwd: project });
}

/** Package folders directly under node_modules (scoped ones included). */
function installedPackages(modules) {
  const out = [];
  for (const entry of readdirSync(modules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const dir = join(modules, entry.name);
    if (entry.name.startsWith('@')) {
      for (const sub of readdirSync(dir, { withFileTypes: true }))
        if (sub.isDirectory() && existsSync(join(dir, sub.name, 'package.json')))
          out.push(join(dir, sub.name));
    } else if (existsSync(join(dir, 'package.json'))) out.push(dir);
  }
  return out;
}

function checkTarball(entry) {
  const paths = entry.files.map((f) => f.path);
  const problems = [];
  for (const needed of ['README.md', 'LICENSE', 'package.json'])
    if (!paths.includes(needed)) problems.push(`no ${needed}`);
  for (const path of paths) if (FORBIDDEN.some((re) => re.test(path))) problems.push(`ships ${path}`);
  if (problems.length > 0) fail(`${entry.name}: ${problems.join(', ')}`);
  console.log(`  ${entry.filename}: ${paths.length} files, ${entry.size} bytes`);
}

function run(command, args, { cwd, quiet = false }) {
  try {
    const out = execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', quiet ? 'pipe' : 'inherit'],
      maxBuffer: 64 * 1024 * 1024,
    });
    if (!quiet) process.stdout.write(out);
    return out;
  } catch (error) {
    throw new Error(
      `${command} ${args.join(' ')} (in ${cwd}) exited ${error.status}\n${error.stdout ?? ''}${error.stderr ?? ''}`,
    );
  }
}

function step(message) {
  console.log(`pack-install-test: ${message}`);
}

function fail(message) {
  throw new Error(message);
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}
