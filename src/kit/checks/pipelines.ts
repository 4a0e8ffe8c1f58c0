import type { ValidateFunction } from 'ajv';
import type { Check } from '../check.js';
import { distinctFiles, seenIn } from '../matrix.js';
import { loadYaml } from '../yaml-parser.js';
import { SCHEMA_KINDS, loadSchema, schemaErrors, validatorOf } from './schemas.js';

export const isGitlabPipeline = (path: string): boolean => path === '.gitlab-ci.yml' || /^\.gitlab\/.+\.ya?ml$/.test(path);
export const isAzurePipeline = (path: string): boolean => /^(azure-pipelines\.ya?ml|\.azure\/devops-pipelines\/.+\.ya?ml)$/.test(path);

interface Pipeline {
  path: string;
  ids: string[];
  document: unknown;
}

async function parsePipelines(projects: Parameters<Check['run']>[0], filter: (path: string) => boolean): Promise<Pipeline[]> {
  const yaml = await loadYaml();
  return distinctFiles(projects, filter).map((f) => ({ path: f.path, ids: f.ids, document: yaml.parse(f.text, { merge: true, logLevel: 'error' }) }));
}

function validateEach(pipelines: readonly Pipeline[], validate: ValidateFunction): string[] {
  return pipelines.flatMap((p) => (validate(p.document) ? [] : schemaErrors(validate.errors).map((e) => `${p.path}: ${e}  ${seenIn(p.ids)}`)));
}

/** GitLab validates each pipeline file on its own, as its pipeline editor does. */
export const gitlabCheck: Check = {
  id: 'gitlab',
  title: 'GitLab pipelines validate against the GitLab CI schema',
  async run(projects, tools) {
    if (distinctFiles(projects, isGitlabPipeline).length === 0) return { checked: 0, problems: [] };
    const schema = loadSchema(SCHEMA_KINDS.gitlab, tools);
    if ('skipped' in schema) return schema;
    const pipelines = await parsePipelines(projects, isGitlabPipeline);
    return { checked: pipelines.length, problems: validateEach(pipelines, await validatorOf(schema)) };
  },
};

/** Azure DevOps reads every scalar as a string; its schema spells booleans and numbers as string patterns. */
function scalarsAsStrings(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(scalarsAsStrings);
  if (node !== null && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, scalarsAsStrings(v)]));
  return node === null ? '' : String(node);
}

type Schema = Record<string, unknown>;
interface TaskBranch {
  properties?: { task?: { pattern?: string } };
}
const taskDefinition = (schema: Schema): { anyOf?: TaskBranch[] } | undefined =>
  (schema.definitions as Record<string, { anyOf?: TaskBranch[] }> | undefined)?.task;
/** The task (`Name@major`) an `anyOf` branch of the task step validates, from its `^Name@N$` pattern. */
const taskOf = (branch: TaskBranch): string | undefined => /^\^([\w.-]+@\d+)\$$/.exec(branch.properties?.task?.pattern ?? '')?.[1];

/**
 * The schema with only the task branches of `tasks`: a step naming a task can match only that
 * task's branch, so the others cannot change the verdict, and compiling all of them costs seconds.
 */
function withTasks(schema: Schema, tasks: ReadonlySet<string>): Schema {
  const task = taskDefinition(schema);
  if (!task?.anyOf) return schema;
  const kept = task.anyOf.filter((branch) => tasks.has(taskOf(branch) ?? ''));
  const definitions = { ...(schema.definitions as Schema), task: { ...task, anyOf: kept.length > 0 ? kept : task.anyOf.slice(0, 1) } };
  return { ...schema, definitions };
}

/** Every value of a `task:` key in a pipeline. */
function tasksIn(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((item) => tasksIn(item, found));
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'task' && typeof value === 'string') found.add(value);
      else tasksIn(value, found);
    }
  }
  return found;
}

/**
 * A task the catalogue does not list (it holds one organisation's tasks) cannot be checked: its
 * step is validated as a script step with the same common keys, and the task is reported in a note.
 */
function withoutTasks(node: unknown, unknown: ReadonlySet<string>): unknown {
  if (Array.isArray(node)) return node.map((item) => withoutTasks(item, unknown));
  if (node === null || typeof node !== 'object') return node;
  const object = node as Record<string, unknown>;
  if (typeof object.task === 'string' && unknown.has(object.task)) {
    const { task: _task, inputs: _inputs, ...common } = object;
    return { script: 'unchecked task', ...common };
  }
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, withoutTasks(v, unknown)]));
}

export const azureCheck: Check = {
  id: 'azure',
  title: 'Azure DevOps pipelines validate against the Azure Pipelines schema',
  async run(projects, tools) {
    if (distinctFiles(projects, isAzurePipeline).length === 0) return { checked: 0, problems: [] };
    const schema = loadSchema(SCHEMA_KINDS.azure, tools);
    if ('skipped' in schema) return schema;
    const pipelines = (await parsePipelines(projects, isAzurePipeline)).map((p) => ({ ...p, document: scalarsAsStrings(p.document) }));
    const known = new Set((taskDefinition(schema.schema)?.anyOf ?? []).map(taskOf));
    const used = tasksIn(pipelines.map((p) => p.document));
    const unknown = new Set([...used].filter((task) => !known.has(task)));
    const checked = pipelines.map((p) => ({ ...p, document: withoutTasks(p.document, unknown) }));
    const tasks = [...used].filter((task) => known.has(task)).sort();
    const validate = await validatorOf(schema, { name: `tasks ${tasks.join(' ')}`, schema: withTasks(schema.schema, new Set(tasks)) });
    const notes = [...unknown].sort().map((task) => `task ${task} is not in the schema's task catalogue: its steps were validated without their inputs`);
    return { checked: checked.length, problems: validateEach(checked, validate), notes };
  },
};
