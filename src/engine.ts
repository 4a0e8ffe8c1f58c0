import Handlebars from 'handlebars';
import { docLink, nodeType, packageName, quoted, workspaceHost } from './helpers.js';

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
  /** A YAML double-quoted scalar: `{{yaml x}}`, or `{{#yaml}}${bundle.target}-{{project}}{{/yaml}}`. */
  yaml: quoting,
  /** A Python string literal, inline or as a block like `yaml`. */
  py: quoting,
};

/** Quotes its argument, or, used as a block, the rendered block. */
function quoting(this: unknown, ...args: HelperArgs): string {
  const options = args[args.length - 1] as HelperOptions;
  return quoted(args.length === 1 && options.fn ? options.fn(this) : args[0]);
}

export const HELPER_NAMES: readonly string[] = Object.keys(HELPERS);

export const COMPILE_OPTIONS = {
  noEscape: true,
  strict: true,
  knownHelpersOnly: true,
  knownHelpers: { ...Object.fromEntries(HELPER_NAMES.map((name) => [name, true])), lookup: false, log: false },
} as const;

const handlebars = Handlebars.create();
// Of the built-ins only the block helpers stay: if, unless, each, with.
handlebars.unregisterHelper('lookup');
handlebars.unregisterHelper('log');
handlebars.registerHelper(HELPERS);

export type Template = (context: object) => string;

/** A template compiled from source, once; `name` only labels errors. */
export function compile(source: string, name: string): Template {
  let template: HandlebarsTemplateDelegate | undefined;
  return (context) => {
    try {
      template ??= handlebars.compile(source, COMPILE_OPTIONS);
      return template(context);
    } catch (error) {
      throw new Error(`${name}: ${(error as Error).message}`);
    }
  };
}

/** Renders a one-off expression such as an input default. */
export function renderString(source: string, context: object, name: string): string {
  return compile(source, name)(context);
}
