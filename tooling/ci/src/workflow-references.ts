import { parse } from 'yaml';
import {
  type BakeTarget,
  bakeDefinitions,
  dockerfileStages,
  npmScripts,
  type Repository,
  workspaceFolder,
} from './repository.js';

/** Something in the repository that a workflow step names, and where the step is. */
export type Reference =
  | { kind: 'npm-script'; name: string; workspace?: string; where: string }
  | { kind: 'file'; name: string; where: string }
  | { kind: 'dockerfile-target'; name: string; dockerfile: string; where: string }
  | { kind: 'bake-target'; name: string; bakeFiles: string[]; where: string };

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  'working-directory'?: string;
}

const EXPRESSION = /\$\{\{/;

/**
 * The npm scripts, files, Dockerfile targets and bake targets that a workflow's steps name:
 * `npm run x` / `npm test` (with `-w workspace`), `bash file`, `docker build -f file --target t`,
 * `hashFiles('file')`, `node-version-file`, `working-directory`, and docker/bake-action's
 * `files`, `targets` and `source`. Names built from `${{ }}` expressions are left out.
 */
export function workflowReferences(text: string): Reference[] {
  const workflow = parse(text) as { jobs?: Record<string, { steps?: Step[] }> };
  const references: Reference[] = [];
  for (const match of text.matchAll(/hashFiles\(([^)]*)\)/g)) {
    for (const file of match[1]!.matchAll(/'([^']+)'/g)) {
      if (!/[*?[]/.test(file[1]!))
        references.push({ kind: 'file', name: file[1]!, where: 'hashFiles' });
    }
  }
  for (const [job, { steps = [] }] of Object.entries(workflow.jobs ?? {})) {
    steps.forEach((step, index) => {
      const where = `jobs.${job}.steps[${index}]`;
      if (step.run) references.push(...runReferences(step.run, where));
      const directory = step['working-directory'];
      if (directory && !EXPRESSION.test(directory)) {
        references.push({ kind: 'file', name: directory, where });
      }
      const inputs = step.with ?? {};
      const versionFile = inputs['node-version-file'];
      if (typeof versionFile === 'string')
        references.push({ kind: 'file', name: versionFile, where });
      if (step.uses?.startsWith('docker/bake-action@')) {
        references.push(...bakeActionReferences(inputs, where));
      }
    });
  }
  return references;
}

function runReferences(run: string, where: string): Reference[] {
  const references: Reference[] = [];
  // One command a line; a backslash continues it.
  for (const line of run.replace(/\\\n/g, ' ').split('\n')) {
    for (const command of line.split(/&&|\|\||;|\|/)) {
      const words = command.trim().split(/\s+/);
      const workspaceFlag = command.match(/(?:-w|--workspace)[ =](\S+)/)?.[1];
      const workspace = workspaceFlag ? { workspace: workspaceFlag } : {};
      if (words[0] === 'npm') {
        const verb = words[1];
        if (verb === 'test' || verb === 't') {
          references.push({ kind: 'npm-script', name: 'test', where, ...workspace });
        } else if (verb === 'run' || verb === 'run-script') {
          const name = words.slice(2).find((word) => !word.startsWith('-'));
          if (name) references.push({ kind: 'npm-script', name, where, ...workspace });
        }
      }
      if ((words[0] === 'bash' || words[0] === 'sh' || words[0] === 'node') && words[1]) {
        if (!words[1].startsWith('-')) references.push({ kind: 'file', name: words[1], where });
      }
      if (words[0] === 'cd' && words[1] && !/[$~]/.test(words[1])) {
        references.push({ kind: 'file', name: words[1], where });
      }
      if (words[0] === 'docker' && /\bbuild\b/.test(command) && !/\bbake\b/.test(command)) {
        const dockerfile = command.match(/(?:-f|--file)[ =](\S+)/)?.[1];
        const target = command.match(/--target[ =](\S+)/)?.[1];
        if (dockerfile) {
          references.push({ kind: 'file', name: dockerfile, where });
          if (target)
            references.push({ kind: 'dockerfile-target', name: target, dockerfile, where });
        }
      }
    }
  }
  return references;
}

function bakeActionReferences(inputs: Record<string, unknown>, where: string): Reference[] {
  const list = (value: unknown) =>
    typeof value === 'string'
      ? value
          .split(/[\n,]/)
          .map((item) => item.trim())
          .filter((item) => item !== '' && !EXPRESSION.test(item) && !item.startsWith('cwd://'))
      : [];
  const references: Reference[] = [];
  const bakeFiles = list(inputs.files);
  for (const file of bakeFiles) references.push({ kind: 'file', name: file, where });
  const source = inputs.source;
  if (typeof source === 'string' && !EXPRESSION.test(source)) {
    references.push({ kind: 'file', name: source, where });
  }
  const files = bakeFiles.length > 0 ? bakeFiles : ['docker-bake.hcl'];
  const targets = list(inputs.targets);
  for (const name of targets.length > 0 ? targets : ['default']) {
    references.push({ kind: 'bake-target', name, bakeFiles: files, where });
  }
  return references;
}

/**
 * What a workflow names that the repository lacks, one line each ("<where>: <problem>");
 * empty when everything exists. A bake target also needs its Dockerfile and that Dockerfile's
 * stage, as `docker buildx bake` would.
 */
export function missingReferences(references: Reference[], repo: Repository): string[] {
  const problems: string[] = [];
  for (const reference of references) {
    const problem = checkReference(reference, repo);
    if (problem) problems.push(`${reference.where}: ${problem}`);
  }
  return [...new Set(problems)];
}

function checkReference(reference: Reference, repo: Repository): string | undefined {
  switch (reference.kind) {
    case 'file':
      return repo.exists(reference.name) ? undefined : `file ${reference.name} does not exist`;
    case 'npm-script': {
      let folder = '';
      if (reference.workspace) {
        const found = workspaceFolder(repo, reference.workspace);
        if (found === undefined) return `workspace ${reference.workspace} does not exist`;
        folder = found;
      }
      return npmScripts(repo, folder).has(reference.name)
        ? undefined
        : `npm script "${reference.name}" is not in ${folder ? `${folder}/` : ''}package.json`;
    }
    case 'dockerfile-target':
      return dockerfileTargetProblem(repo, reference.dockerfile, reference.name);
    case 'bake-target':
      return bakeTargetProblem(repo, reference.bakeFiles, reference.name);
  }
}

function dockerfileTargetProblem(repo: Repository, dockerfile: string, target: string) {
  if (!repo.exists(dockerfile)) return `file ${dockerfile} does not exist`;
  return dockerfileStages(repo.read(dockerfile)).has(target.toLowerCase())
    ? undefined
    : `${dockerfile} has no stage "${target}"`;
}

function bakeTargetProblem(repo: Repository, files: string[], name: string): string | undefined {
  const targets = new Map<string, BakeTarget>();
  const groups = new Map<string, string[]>();
  for (const file of files.filter((f) => repo.exists(f))) {
    const definitions = bakeDefinitions(repo.read(file));
    for (const [key, value] of definitions.targets) targets.set(key, value);
    for (const [key, value] of definitions.groups) groups.set(key, value);
  }
  const members = groups.get(name);
  if (members) {
    const problems = members.map((member) => bakeTargetProblem(repo, files, member));
    return problems.filter(Boolean).join('; ') || undefined;
  }
  const target = targets.get(name);
  if (!target) return `bake target "${name}" is not in ${files.join(', ')}`;
  const resolved = resolveInherits(target, targets);
  if (!resolved.dockerfile || !resolved.target) return undefined;
  const problem = dockerfileTargetProblem(repo, resolved.dockerfile, resolved.target);
  return problem && `bake target "${name}": ${problem}`;
}

function resolveInherits(target: BakeTarget, targets: Map<string, BakeTarget>): BakeTarget {
  const resolved: BakeTarget = { inherits: [] };
  for (const parent of target.inherits) {
    const base = targets.get(parent);
    if (base) Object.assign(resolved, resolveInherits(base, targets));
  }
  if (target.dockerfile) resolved.dockerfile = target.dockerfile;
  if (target.target) resolved.target = target.target;
  return resolved;
}
