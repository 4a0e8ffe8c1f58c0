import type * as Crypto from 'node:crypto';
import { createRequire } from 'node:module';

/**
 * The closed set of template helpers. Templates may call nothing else (engine.ts compiles with
 * knownHelpersOnly), so every derived value a stack can use is listed here.
 */

/** `my-mlops project!` -> `my_mlopsproject`: drop characters outside [A-Za-z0-9_-], then `-` -> `_`. */
export function packageName(projectName: string): string {
  return projectName.replace(/[^A-Za-z0-9_-]/g, '').replace(/-/g, '_');
}

/**
 * `https://host:8443/path?q#f` -> `https://host:8443`, as typed. Values that are not URLs are returned
 * as given. (Not `new URL`: the first URL a process parses costs about half a millisecond.)
 */
export function workspaceHost(value: string): string {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#\s]+/.exec(value)?.[0] ?? value;
}

const NODE_TYPES: Record<string, string> = {
  aws: 'i3.xlarge',
  azure: 'Standard_D3_v2',
  gcp: 'n2-highmem-4',
};

export function nodeType(cloud: string): string {
  const type = NODE_TYPES[cloud];
  if (type === undefined) throw new Error(`no job cluster node type for cloud "${cloud}"`);
  return type;
}

const REPO_REMOTE_PATH = 'repos/git-operations-with-repos#add-a-repo-and-connect-remotely-later';
const REPO_REMOTE_LINKS: Record<string, string> = {
  aws: 'https://docs.databricks.com/repos/git-operations-with-repos.html#add-a-repo-connected-to-a-remote-repo',
  gcp: 'https://docs.gcp.databricks.com/en/repos/git-operations-with-repos.html#clone-a-repo-connected-to-a-remote-repo',
};

/** A Databricks documentation link for the cloud; Azure docs live on learn.microsoft.com without `.html`. */
export function docLink(cloud: string, path: string): string {
  const special = path === REPO_REMOTE_PATH ? REPO_REMOTE_LINKS[cloud] : undefined;
  if (special) return special;
  switch (cloud) {
    case 'aws':
      return `https://docs.databricks.com/${path}`;
    case 'gcp':
      return `https://docs.gcp.databricks.com/${path}`;
    case 'azure':
      return `https://learn.microsoft.com/azure/databricks/${path.replace(/\.html/g, '')}`;
    default:
      throw new Error(`no documentation site for cloud "${cloud}"`);
  }
}

/** A branch name as a GitHub Actions filter pattern that matches only itself (`+` and `!` are glob syntax there). */
export function globEscaped(value: unknown): string {
  return String(value).replace(/[*?+[!\\]/g, (c) => `\\${c}`);
}

/**
 * A literal path as a GitLab `rules:changes` pattern that matches only itself. GitLab matches those
 * with Ruby's `File.fnmatch` and extended globs, where `* ? [ ] { }` are syntax and `\\` escapes.
 */
export function fnmatchEscaped(value: unknown): string {
  return String(value).replace(/[*?[\]{}\\]/g, (c) => `\\${c}`);
}

/**
 * A double-quoted YAML scalar for files that Jinja renders before YAML reads them (MLflow Recipes'
 * recipe and profiles): the characters Jinja acts on (`{ } % #`) are written as YAML escapes, which
 * Jinja passes through and YAML turns back into the same characters.
 */
export function jinjaQuoted(value: unknown): string {
  return quoted(value).replace(/[{}%#]/g, (c) => `\\x${c.charCodeAt(0).toString(16)}`);
}

/**
 * A double-quoted scalar that YAML, JSON and Python all read back as the same string. Characters
 * YAML would fold or refuse inside double quotes (line and paragraph separators, NEL, BOM) are
 * escaped too, so the value survives verbatim.
 */
export function quoted(value: unknown): string {
  return JSON.stringify(String(value)).replace(
    /[\u0085\u2028\u2029\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** RFC 4122's namespace for URLs (and URNs), under which `nameBasedUuid` derives bundle IDs. */
export const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

// node:crypto costs start-up time, so it is loaded on the first render that needs a UUID, not before.
let nodeRequire: NodeJS.Require | undefined;
const sha1 = (bytes: Buffer): Buffer =>
  ((nodeRequire ??= createRequire(import.meta.filename))('node:crypto') as typeof Crypto).createHash('sha1').update(bytes).digest();

/**
 * The name-based (version 5, SHA-1) UUID of RFC 4122 section 4.3 for `name` in `namespace`: the same
 * name always gives the same UUID, so a generated bundle keeps its ID from run to run.
 */
export function nameBasedUuid(name: string, namespace = URL_NAMESPACE): string {
  const hash = sha1(Buffer.concat([Buffer.from(namespace.replace(/-/g, ''), 'hex'), Buffer.from(name, 'utf8')]));
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The bundle `uuid` of a project: derived from its name, so regenerating the project keeps it. */
export const bundleUuid = (projectName: string): string => nameBasedUuid(`urn:create-mlops-stack:bundle:${projectName}`);
