import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Answers, type Ask, flagOf } from '../answers/answers.js';
import { createStack } from '../create.js';
import { InputError, UsageError, inputErrorOf } from '../errors.js';
import type { PlannedFile } from '../render/render.js';
import { loadBuiltinStack, loadStackFolder } from '../stack/builtin.js';
import type { Stack } from '../stack/stack.js';
import { applyChanges } from './apply.js';
import { createStackOf, packageOf } from './base.js';
import { type FoundRecord, findRecords } from './find.js';
import { forkBaseFolder } from './fork-base.js';
import { refuseDirtyWorkTree } from './git.js';
import { type FilePlan, planFileUpdates } from './plan.js';
import { contentHash } from './hash.js';
import { currentToolVersion, isRecordPath, withRecord } from './record.js';
import { type Rendered, renderInMemory } from './render-memory.js';
import { type ForkIdentity, folderFingerprint, isFork } from './stack-identity.js';

export interface UpdateOptions {
  /** The folder searched for run records (default: the current folder). */
  projectDir?: string;
  /** The package (folder or tarball) of the recorded version; for a fork, the old stack folder. */
  from?: string;
  /** For a fork: its current folder (default: the folder the record names). */
  templateDir?: string;
  /** Input values that replace the recorded ones (and answer inputs the new version adds). */
  flags?: Answers;
  configFile?: string;
  /** Asks for inputs the new version adds; without it they take their defaults. */
  ask?: Ask;
  conflict?: 'markers' | 'rej';
  dryRun?: boolean;
  /** Update a git work tree with uncommitted changes. */
  force?: boolean;
  signal?: AbortSignal;
}

export interface RecordUpdate {
  /** The record, relative to the folder searched. */
  record: string;
  from: string;
  to: string;
  addedInputs: Answers;
  droppedInputs: string[];
  /** Paths relative to the folder searched. */
  files: FilePlan[];
}

export interface UpdatePlan {
  root: string;
  records: RecordUpdate[];
  writes: PlannedFile[];
  deletes: string[];
}

export const withPrefix = (prefix: string, path: string): string => (prefix === '' ? path : `${prefix}/${path}`);

/** The current folder of a fork's project: `--template-dir`, else the folder its record names. */
export const forkDirOf = (found: FoundRecord, identity: ForkIdentity, templateDir: string | undefined): string =>
  resolve(templateDir ?? join(found.projectDir, identity.template_dir));

/** What stands for a stack in messages and conflict markers. */
export const versionLabel = (found: FoundRecord): string =>
  isFork(found.record.stack) ? `stack ${found.record.stack.fingerprint.slice(7, 19)}` : `create-mlops-stack ${found.record.tool.version}`;

/** The current stack for a record, and how to render its base. */
export async function sourcesOf(found: FoundRecord, options: UpdateOptions): Promise<{ stack: Stack; label: string; renderBase: () => Promise<Rendered> }> {
  const answers = found.record.answers;
  const identity = found.record.stack;
  if (isFork(identity)) {
    const dir = forkDirOf(found, identity, options.templateDir);
    const stack = await loadStackFolder(dir);
    const baseDir = forkBaseFolder(identity, dir, options.from);
    const label = `stack ${folderFingerprint(dir).slice(7, 19)}`;
    return { stack, label, renderBase: () => renderInMemory(createStack, { templateDir: baseDir, flags: answers }) };
  }
  const root = packageOf(found.record.tool.version, found.record.tool.version === currentToolVersion() ? undefined : options.from);
  const createBase = await createStackOf(root);
  return { stack: await loadBuiltinStack(), label: `create-mlops-stack ${currentToolVersion()}`, renderBase: () => renderInMemory(createBase, { flags: answers }) };
}

/** Refuses a base that does not render what the record says the run wrote: the wrong version was named. */
export function checkBaseReproduces(found: FoundRecord, base: Rendered): void {
  const wrong = Object.entries(found.record.files)
    .filter(([path, hash]) => {
      const file = base.files.get(path);
      return file === undefined || contentHash(file.content) !== hash;
    })
    .map(([path]) => path);
  if (wrong.length === 0) return;
  throw new UsageError(
    `${withPrefix(found.prefix, found.path)}: the ${versionLabel(found)} render does not reproduce what the run wrote ` +
      `(${wrong.slice(0, 5).join(', ')}${wrong.length > 5 ? `, and ${wrong.length - 5} more` : ''}): ` +
      'is the package or stack folder given with --from the one that generated the project?',
  );
}

async function planRecord(found: FoundRecord, options: UpdateOptions): Promise<{ update: RecordUpdate; writes: PlannedFile[]; deletes: string[] }> {
  const { stack, label, renderBase } = await sourcesOf(found, options);
  const base = await renderBase();
  checkBaseReproduces(found, base);
  const known = new Set(stack.inputs.map((input) => input.name));
  const recorded = found.record.answers;
  const kept = Object.fromEntries(Object.entries(recorded).filter(([name]) => known.has(name)));
  const next = await renderInMemory(createStack, {
    stack,
    flags: { ...kept, ...options.flags },
    configFile: options.configFile,
    ask: options.ask,
    signal: options.signal,
  }).catch((error: unknown) => {
    // A recorded answer the new version's rules refuse: say where it came from, and how to replace it.
    if (!(error instanceof InputError)) throw error;
    const fromRecord = (input: string): boolean => options.flags?.[input] === undefined && input in kept;
    if (!error.problems.some(({ input }) => fromRecord(input))) throw error;
    const explained = error.problems.map(({ input, message }) =>
      fromRecord(input)
        ? new InputError(
            input,
            `${withPrefix(found.prefix, found.path)}: the recorded answer does not pass the new version's rule: ${message.replace(' (given as a flag)', '')}. ` +
              `Give a new value with ${flagOf(input)} or --config-file`,
          )
        : new InputError(input, message),
    );
    throw inputErrorOf(explained) ?? error;
  });
  const { files, writes, deletes } = planFileUpdates({
    recorded: found.record.files,
    base: base.files,
    next: next.files,
    read: (path) => {
      try {
        return readFileSync(join(found.projectDir, path));
      } catch {
        return undefined;
      }
    },
    conflictStyle: options.conflict ?? 'markers',
    labels: { ours: 'yours', theirs: label },
  });
  // The new record, made for the project's folder (the render's own names its scratch folder).
  const record = withRecord([...next.files.values()], { stack, context: next.context, answers: next.answers, projectDir: found.projectDir }).find((file) =>
    isRecordPath(file.path),
  ) as PlannedFile;
  if (record.path !== found.path) deletes.push(found.path);
  // An update that changes nothing leaves the record as it is, too.
  const current = record.path === found.path ? readFileSync(join(found.projectDir, found.path), 'utf8') : undefined;
  if (current !== record.content) writes.push(record);
  const prefix = (path: string): string => withPrefix(found.prefix, path);
  return {
    update: {
      record: prefix(found.path),
      from: versionLabel(found),
      to: label,
      addedInputs: Object.fromEntries(Object.entries(next.answers).filter(([name]) => !(name in recorded))),
      droppedInputs: Object.keys(recorded).filter((name) => !known.has(name)),
      files: files.map((file) => ({ ...file, path: prefix(file.path) })),
    },
    writes: writes.map((file) => ({ ...file, path: prefix(file.path) })),
    deletes: deletes.map(prefix),
  };
}

/** Every record below the folder, planned in memory: nothing is written. */
export async function planUpdate(options: UpdateOptions): Promise<UpdatePlan> {
  const { root, records } = findRecords(resolve(options.projectDir ?? '.'));
  const plan: UpdatePlan = { root, records: [], writes: [], deletes: [] };
  const owner = new Map<string, { record: string; file?: PlannedFile }>();
  for (const found of records) {
    const { update, writes, deletes } = await planRecord(found, options);
    const claims: [string, PlannedFile | undefined][] = [...writes.map((file): [string, PlannedFile] => [file.path, file]), ...deletes.map((path): [string, undefined] => [path, undefined])];
    for (const [path, file] of claims) {
      const other = owner.get(path);
      // Two runs of a monorepo may both produce a file; the same content is written once.
      if (other === undefined) owner.set(path, { record: update.record, file });
      else if (!(other.file && file && Buffer.from(other.file.content).equals(Buffer.from(file.content)))) {
        throw new UsageError(`${path}: the runs ${other.record} and ${update.record} would change it differently; update them one at a time with --project-dir`);
      }
    }
    plan.records.push(update);
    plan.writes.push(...writes.filter((file) => owner.get(file.path)?.file === file));
    plan.deletes.push(...deletes.filter((path) => owner.get(path)?.record === update.record));
  }
  return plan;
}

/** Plans the update of every record below the folder, then (unless a dry run) writes it all or nothing. */
export async function updateProject(options: UpdateOptions): Promise<UpdatePlan> {
  const plan = await planUpdate(options);
  if (options.dryRun) return plan;
  if (!options.force) refuseDirtyWorkTree(plan.root);
  if (plan.writes.length + plan.deletes.length > 0) await applyChanges(plan.root, plan.writes, plan.deletes, { signal: options.signal });
  return plan;
}
