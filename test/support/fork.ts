import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A small forked stack, valid in every way the kit checks: one choice input (the CI platform, three
 * combinations), each generated project with YAML, JSON, Python, a notebook, a bundle and the
 * platform's pipeline. Tests overwrite files (`overrides`, relative to the stack folder) to break it.
 */
export const FORK_FILES: Record<string, string> = {
  'databricks_template_schema.json': JSON.stringify({
    properties: {
      input_name: { order: 1, type: 'string', description: 'Name', default: 'demo' },
      input_ci: { order: 2, type: 'string', description: 'CI', default: 'github', enum: ['github', 'gitlab', 'azure'] },
    },
  }),
  'context.json': JSON.stringify({ values: { project_dir: '{{input_name}}' } }),
  'layout.json': JSON.stringify([
    { when: { properties: { input_ci: { not: { const: 'github' } } } }, skip: ['.github'] },
    { when: { properties: { input_ci: { not: { const: 'gitlab' } } } }, skip: ['.gitlab-ci.yml'] },
    { when: { properties: { input_ci: { not: { const: 'azure' } } } }, skip: ['azure-pipelines.yml'] },
  ]),
  'template/README.md.hbs': '# {{input_name}}\n\nBuilt with {{input_ci}}.\n',
  'template/config.yml.hbs': 'name: {{yaml input_name}}\nci: {{input_ci}}\n',
  'template/params.json.hbs': '{ "name": "{{input_name}}", "ci": "{{input_ci}}" }\n',
  'template/src/main.py.hbs': 'NAME = {{py input_name}}\nprint(NAME)\n',
  'template/notebooks/train.py': '# Databricks notebook source\nprint("train")\n',
  'template/scripts/tool.mjs': 'console.log(process.argv.length);\n',
  'template/databricks.yml.hbs': 'bundle:\n  name: {{yaml input_name}}\ninclude:\n  - assets/*.yml\n',
  'template/assets/job.yml':
    'resources:\n  jobs:\n    train:\n      name: train\n      tasks:\n        - task_key: train\n          notebook_task:\n            notebook_path: ../notebooks/train.py\n',
  'template/.github/workflows/ci.yml': 'name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: echo hi\n',
  'template/.gitlab-ci.yml': 'stages: [test]\nunit:\n  stage: test\n  script:\n    - echo hi\n',
  'template/azure-pipelines.yml': 'trigger: none\npool:\n  vmImage: ubuntu-latest\nsteps:\n  - task: UseNode@1\n    inputs:\n      version: "20.x"\n  - script: echo hi\n    displayName: Say hi\n',
};

export function writeFork(dir: string, overrides: Record<string, string> = {}): string {
  for (const [path, text] of Object.entries({ ...FORK_FILES, ...overrides })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

