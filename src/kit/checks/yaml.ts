import type { Check } from '../check.js';
import { distinctFiles, seenIn } from '../matrix.js';
import { type Yaml, loadYaml } from '../yaml-parser.js';

export const isYaml = (path: string): boolean => /\.ya?ml$/.test(path);

/** Files that keep MLflow Recipes' own Jinja placeholders (`{{VAR}}` or `{{ VAR|default(...) }}`). */
export const isRecipeYaml = (path: string): boolean => /\/training\/(recipe\.yaml|profiles\/[^/]+\.yaml)$/.test(path);

const maskJinja = (text: string): string => text.replace(/\{\{[^{}]*\}\}/g, 'JINJA');

/**
 * Syntax errors and duplicate keys, read as YAML 1.2 and as YAML 1.1 (where `yes`, `on` and `0777`
 * mean other things, so keys may collide); recipe files once their Jinja placeholders are masked.
 */
export function yamlProblems(yaml: Yaml, path: string, text: string): string[] {
  const source = isRecipeYaml(path) ? maskJinja(text) : text;
  const problems: string[] = [];
  for (const version of ['1.2', '1.1'] as const) {
    const document = yaml.parseDocument(source, { uniqueKeys: true, merge: true, version });
    const suffix = version === '1.1' ? ' (read as YAML 1.1)' : '';
    for (const error of document.errors) {
      const at = error.linePos?.[0];
      const message = (error.message.split('\n')[0] as string).replace(/ at line \d+, column \d+:?$/, '');
      problems.push(`${path}${at ? `:${at.line}:${at.col}` : ''}: ${message}${suffix}`);
    }
    if (document.errors.length > 0) break;
  }
  return problems;
}

export const yamlCheck: Check = {
  id: 'yaml',
  title: 'YAML parses (YAML 1.2 and 1.1, duplicate keys refused)',
  async run(projects) {
    const yaml = await loadYaml();
    const files = distinctFiles(projects, isYaml);
    return { checked: files.length, problems: files.flatMap((f) => yamlProblems(yaml, f.path, f.text).map((p) => `${p}  ${seenIn(f.ids)}`)) };
  },
};
