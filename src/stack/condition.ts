/**
 * Conditions are the JSON-Schema subset used by `skip_prompt_if` in Databricks template schemas:
 * `{}` (always), `properties` with `const` / `enum` / `not` / `pattern`, `anyOf`, `allOf`, `not`.
 * They are evaluated against a flat record of values; a property the record lacks matches, as in
 * JSON Schema.
 */
import { regexOf } from '../answers/rules.js';

export type Scalar = string | boolean | number;

export interface Condition {
  properties?: Record<string, Condition>;
  const?: Scalar;
  enum?: Scalar[];
  pattern?: string;
  anyOf?: Condition[];
  allOf?: Condition[];
  not?: Condition;
}

const KEYS = new Set(['properties', 'const', 'enum', 'pattern', 'anyOf', 'allOf', 'not']);

export function matches(condition: Condition, value: unknown): boolean {
  if (condition.const !== undefined && value !== condition.const) return false;
  if (condition.enum !== undefined && !condition.enum.includes(value as Scalar)) return false;
  if (condition.pattern !== undefined && !(typeof value === 'string' && regexOf(condition.pattern).test(value))) {
    return false;
  }
  if (condition.not !== undefined && matches(condition.not, value)) return false;
  if (condition.anyOf !== undefined && !condition.anyOf.some((c) => matches(c, value))) return false;
  if (condition.allOf !== undefined && !condition.allOf.every((c) => matches(c, value))) return false;
  if (condition.properties !== undefined) {
    const record = (value ?? {}) as Record<string, unknown>;
    for (const [key, sub] of Object.entries(condition.properties)) {
      if (key in record && !matches(sub, record[key])) return false;
    }
  }
  return true;
}

/** Returns a description of the first problem in a condition's shape, or undefined when it is well formed. */
export function conditionProblem(condition: unknown, known: ReadonlySet<string>): string | undefined {
  if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) return 'must be an object';
  for (const [key, value] of Object.entries(condition)) {
    if (!KEYS.has(key)) return `unknown keyword "${key}"`;
    if (key === 'properties') {
      for (const [name, sub] of Object.entries(value as object)) {
        if (!known.has(name)) return `names unknown value "${name}"`;
        const problem = conditionProblem(sub, known);
        if (problem) return `${name}: ${problem}`;
      }
    } else if (key === 'anyOf' || key === 'allOf') {
      if (!Array.isArray(value)) return `${key} must be an array`;
      for (const sub of value) {
        const problem = conditionProblem(sub, known);
        if (problem) return problem;
      }
    } else if (key === 'not') {
      const problem = conditionProblem(value, known);
      if (problem) return problem;
    }
  }
  return undefined;
}
