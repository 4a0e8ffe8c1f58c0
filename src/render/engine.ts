import RuntimeModule from 'handlebars/runtime.js';
import { bundleUuid, docLink, fnmatchEscaped, globEscaped, jinjaQuoted, nodeType, packageName, quoted, workspaceHost } from './helpers.js';

type HelperArgs = unknown[];
interface HelperOptions {
  fn?: (context: unknown) => string;
}
/** Handlebars appends its options hash to every helper call; variadic helpers drop it. */
const values = (args: HelperArgs): unknown[] => args.slice(0, -1);

const HELPERS: Record<string, (this: unknown, ...args: HelperArgs) => unknown> = {
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
  and: (...args) => values(args).every(Boolean),
  or: (...args) => values(args).some(Boolean),
  not: (a) => !a,
  pkg_name: (name) => packageName(String(name)),
  host: (value) => workspaceHost(String(value)),
  node_type: (cloud) => nodeType(String(cloud)),
  doc_link: (cloud, path) => docLink(String(cloud), String(path)),
  glob_escape: (value) => globEscaped(value),
  fnmatch_escape: (value) => fnmatchEscaped(value),
  bundle_uuid: (name) => bundleUuid(String(name)),
  /** A YAML double-quoted scalar: `{{yaml x}}`, or `{{#yaml}}${bundle.target}-{{project}}{{/yaml}}`. */
  yaml(...args) {
    return quoted(argumentOf(this, args));
  },
  /** A Python string literal, inline or as a block like `yaml`. */
  py(...args) {
    return quoted(argumentOf(this, args));
  },
  /** Like `yaml`, for YAML that Jinja renders first (MLflow Recipes files). */
  jinja_yaml(...args) {
    return jinjaQuoted(argumentOf(this, args));
  },
};

/** The argument of a quoting helper, or, used as a block, the rendered block. */
function argumentOf(self: unknown, args: HelperArgs): unknown {
  const options = args[args.length - 1] as HelperOptions;
  return args.length === 1 && options.fn ? options.fn(self) : args[0];
}

export const HELPER_NAMES: readonly string[] = Object.keys(HELPERS);

export const COMPILE_OPTIONS = {
  noEscape: true,
  // No @data frame for every block: fewer allocations. The compiler turns it back on in a template
  // that uses @index, @key, @first, @last or @root.
  data: false,
  strict: true,
  knownHelpersOnly: true,
  knownHelpers: { ...Object.fromEntries(HELPER_NAMES.map((name) => [name, true])), lookup: false, log: false },
} as const;

/**
 * Templates run on the Handlebars runtime alone. The compiler is loaded only when a template has
 * not been precompiled at build time (a --template-dir stack, or the sources in a checkout).
 */
interface HandlebarsRuntime {
  create(): HandlebarsRuntime;
  registerHelper(helpers: object): void;
  unregisterHelper(name: string): void;
  template(spec: object): (context: object) => string;
}
const runtime = (RuntimeModule as unknown as HandlebarsRuntime).create();
runtime.unregisterHelper('lookup');
runtime.unregisterHelper('log');
runtime.registerHelper(HELPERS);

export type Template = (context: object) => string;
/** A precompiled template: what `Handlebars.precompile` returns, evaluated. */
export type TemplateSpec = object;

interface Compiler {
  precompile(source: string | TemplateNode, options: object): string;
  parse(source: string): TemplateNode;
}

/** A node of a parsed template (Handlebars' AST), as far as `variablesOf` reads it. */
export interface TemplateNode {
  type: string;
  body?: TemplateNode[];
  blockParams?: string[];
  path?: TemplateNode;
  params?: TemplateNode[];
  hash?: { pairs: { value: TemplateNode }[] };
  program?: TemplateNode;
  inverse?: TemplateNode;
  data?: boolean;
  depth?: number;
  parts?: string[];
  original?: string;
  loc?: { start: { line: number; column: number } };
}

/** Parses a template to its syntax tree (the compiler must be loaded). */
export function parseTemplate(source: string): TemplateNode {
  if (!compiler) throw new Error('the Handlebars compiler is not loaded (call loadCompiler first)');
  return compiler.parse(source);
}
let compiler: Compiler | undefined;

/** Loads the Handlebars compiler; needed before compiling any template that was not precompiled. */
export async function loadCompiler(): Promise<void> {
  // @ts-expect-error: the CommonJS build of the compiler alone has no type declarations
  compiler ??= ((await import('handlebars/dist/cjs/handlebars.js')) as { default: Compiler }).default;
}

/** Precompiles a template (its source, or its parsed tree) to the JavaScript source of its spec (used at build time). */
export function precompileSource(source: string | TemplateNode): string {
  if (!compiler) throw new Error('the Handlebars compiler is not loaded (call loadCompiler first)');
  return compiler.precompile(source, COMPILE_OPTIONS);
}

const precompiled = new Map<string, TemplateSpec>();

/** Registers specs precompiled at build time, by their source text. */
export function registerPrecompiled(specs: ReadonlyMap<string, TemplateSpec>): void {
  for (const [source, spec] of specs) precompiled.set(source, spec);
}

/** A template from a spec, made on first use; `name` labels errors. */
function lazyTemplate(spec: () => TemplateSpec, name: string): Template {
  let template: Template | undefined;
  return (context) => {
    try {
      template ??= runtime.template(spec());
      return template(context);
    } catch (error) {
      throw new Error(`${name}: ${(error as Error).message}`);
    }
  };
}

/** A template from source (precompiled at build time when available, else compiled on first use). */
export function compile(source: string, name: string): Template {
  return lazyTemplate(() => precompiled.get(source) ?? (new Function(`return ${precompileSource(source)}`)() as TemplateSpec), name);
}

/** A template precompiled at build time. */
export function fromSpec(spec: TemplateSpec, name: string): Template {
  return lazyTemplate(() => spec, name);
}

const expressions = new Map<string, Template>();
/** Renders a one-off expression such as an input default; each distinct expression is compiled once. */
export function renderString(source: string, context: object, name: string): string {
  // Most defaults are plain text; those need no template at all.
  if (!source.includes('{{')) return source;
  let template = expressions.get(source);
  if (!template) expressions.set(source, (template = compile(source, name)));
  return template(context);
}
