import type { Check } from '../check.js';
import { distinctFiles, seenIn } from '../matrix.js';
import { isRecipeYaml } from './yaml.js';

/**
 * HTML entities, and double braces other than those a rendered file may legitimately contain:
 * GitHub / Azure DevOps expressions (`${{ ... }}`), Databricks dynamic value references
 * (`{{tasks.x.values.y}}`, `{{job.id}}`), and Jinja placeholders in MLflow Recipes files. Anything
 * else is template syntax left behind.
 */
export function leftoverProblems(path: string, text: string): string[] {
  const problems: string[] = [];
  const entity = /&(quot|#x27|#39|amp|lt|gt|#x3D|#x60|#96|#61);/.exec(text);
  if (entity) problems.push(`${path}: HTML entity ${entity[0]}`);
  const allowed = isRecipeYaml(path) ? /\{\{[^{}]*\}\}/g : /\$\{\{[^}]*\}\}|\{\{(tasks|job|run|task|parent_run|workspace)\.[^{}]*\}\}/g;
  const rest = text.replace(allowed, '');
  const at = rest.search(/\{\{|\}\}/);
  if (at !== -1) problems.push(`${path}: template braces left: ${JSON.stringify(rest.slice(Math.max(0, at - 30), at + 30))}`);
  return problems;
}

export const leftoversCheck: Check = {
  id: 'leftovers',
  title: 'No template syntax or HTML entity left',
  async run(projects) {
    const files = distinctFiles(projects, () => true);
    return { checked: files.length, problems: files.flatMap((f) => leftoverProblems(f.path, f.text).map((p) => `${p}  ${seenIn(f.ids)}`)) };
  },
};
