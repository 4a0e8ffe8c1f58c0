import { HELPER_NAMES, type TemplateNode, parseTemplate } from './engine.js';

/** Helpers Handlebars brings itself (`lookup` and `log` are removed). */
const BUILT_IN_HELPERS = ['if', 'unless', 'each', 'with', 'blockHelperMissing', 'helperMissing'];
const HELPERS = new Set([...HELPER_NAMES, ...BUILT_IN_HELPERS]);
/** Helpers whose block runs against another object than the template's context. */
const CONTEXT_CHANGING = new Set(['each', 'with']);

export interface VariableUse {
  name: string;
  line: number;
  column: number;
}

/**
 * The context variables a template reads, where it reads them: each path at the template's own
 * level (not `this`, `@data`, `../` or block parameters) that is not a helper being called.
 * Handlebars' strict mode catches a missing variable in `{{x}}` only when it renders, and never in
 * a helper's arguments (`{{#if typo}}` is silently false), so a stack's names are checked on these.
 */
export function variablesOf(source: string | TemplateNode): VariableUse[] {
  const uses: VariableUse[] = [];
  const scopes: string[][] = [];
  const variable = (node: TemplateNode | undefined): void => {
    if (!node) return;
    if (node.type === 'SubExpression') return call(node);
    if (node.type !== 'PathExpression' || node.data || (node.depth ?? 0) > 0) return;
    const [head] = node.parts ?? [];
    if (head === undefined || /^this\b/.test(node.original ?? '') || scopes.some((scope) => scope.includes(head))) return;
    uses.push({ name: head, line: node.loc?.start.line ?? 0, column: (node.loc?.start.column ?? 0) + 1 });
  };
  const call = (node: TemplateNode): void => {
    const callee = node.path;
    // A helper's name is no variable, called with arguments or not (`{{yaml x}}`, `{{#yaml}}`).
    const helper = callee?.type === 'PathExpression' && HELPERS.has(callee.original ?? '') ? callee.original : undefined;
    if (!helper) variable(callee);
    for (const param of node.params ?? []) variable(param);
    for (const pair of node.hash?.pairs ?? []) variable(pair.value);
    if (node.type !== 'BlockStatement') return;
    // Inside `each` and `with` names belong to another object: only block parameters are known there.
    if (helper && CONTEXT_CHANGING.has(helper)) return;
    program(node.program);
    program(node.inverse);
  };
  const program = (node: TemplateNode | undefined): void => {
    if (!node) return;
    scopes.push(node.blockParams ?? []);
    for (const statement of node.body ?? []) {
      if (statement.type === 'MustacheStatement' || statement.type === 'BlockStatement') call(statement);
    }
    scopes.pop();
  };
  program(typeof source === 'string' ? parseTemplate(source) : source);
  return uses;
}
