import type { Check } from '../check.js';
import { actionlintCheck } from './actionlint.js';
import { bundleCheck } from './bundle.js';
import { javascriptCheck } from './javascript.js';
import { jsonCheck } from './json.js';
import { leftoversCheck } from './leftovers.js';
import { notebooksCheck } from './notebooks.js';
import { pathsCheck } from './paths.js';
import { azureCheck, gitlabCheck } from './pipelines.js';
import { pythonCheck } from './python.js';
import { yamlCheck } from './yaml.js';

/** Every check the kit runs over a rendered matrix, in the order they are reported. */
export const CHECKS: readonly Check[] = [
  pathsCheck,
  yamlCheck,
  jsonCheck,
  leftoversCheck,
  notebooksCheck,
  pythonCheck,
  javascriptCheck,
  actionlintCheck,
  bundleCheck,
  gitlabCheck,
  azureCheck,
];
