// Apart from tools.ts, whose types are part of the published API: the parser's types are not (the
// package has no dependencies to carry them).
export type Yaml = typeof import('yaml');
let yaml: Promise<Yaml> | undefined;
/** The YAML parser, a module of its own in the package (loaded only when needed). */
export const loadYaml = (): Promise<Yaml> => (yaml ??= import('yaml'));
