import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadStackFolder } from '../src/stack/builtin.js';
import { enumerateCombinations } from '../src/stack/combinations.js';
import { StackError } from '../src/errors.js';
import { fillPath } from '../src/render/layout.js';
import { TEMPLATE_SUFFIX } from '../src/render/render.js';
import { loadStack } from '../src/stack/stack.js';
import { builtinStack } from './support/matrix.js';

const MINI = 'test/fixtures/mini-stack';

describe('the built-in stack', () => {
  const stack = builtinStack();

  it('has the 22 inputs of the contract, in order', () => {
    expect(stack.inputs.map((i) => i.name)).toEqual([
      'input_setup_cicd_and_project', 'input_project_name', 'input_root_dir', 'input_cloud', 'input_cicd_platform',
      'input_databricks_staging_workspace_host', 'input_databricks_prod_workspace_host', 'input_default_branch',
      'input_release_branch', 'input_read_user_group', 'input_include_models_in_unity_catalog',
      'input_staging_catalog_name', 'input_prod_catalog_name', 'input_test_catalog_name', 'input_schema_name',
      'input_unity_catalog_read_user_group', 'input_inference_table_name', 'input_include_feature_store',
      'input_include_mlflow_recipes', 'input_docker_image', 'input_compute', 'input_cicd_auth',
    ]);
  });

  it('names only template paths in its layout rules', () => {
    const outputs = new Set<string>();
    for (const file of stack.files) {
      const path = file.endsWith(TEMPLATE_SUFFIX) ? file.slice(0, -TEMPLATE_SUFFIX.length) : file;
      const parts = path.split('/');
      parts.forEach((_, i) => outputs.add(parts.slice(0, i + 1).join('/')));
    }
    const missing = stack.layout.flatMap((rule) => rule.skip).filter((path) => !outputs.has(path));
    expect(missing).toEqual([]);
  });

  it('keeps its published version in the context for generated workflows', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(stack.values.tool_version).toBe(pkg.version);
  });

  it('fills path placeholders from the context', () => {
    expect(fillPath(stack, '__pkg__/x/__project__-ci.yml', { pkg: 'a_b', project: 'a-b' })).toBe('a_b/x/a-b-ci.yml');
    expect(fillPath(stack, '__pkg__/__init__.py', { pkg: 'p', project: 'q' })).toBe('p/__init__.py');
  });
});

describe('enumerateCombinations', () => {
  const ids = enumerateCombinations(builtinStack()).map((c) => c.id);

  it('prunes what does not matter: Project_Only does not vary by CI platform, CICD_Only not by stack variant', () => {
    expect(ids.filter((id) => id.startsWith('Project_Only.azure'))).toEqual([
      'Project_Only.azure.models_in_unity_catalog.feature_store.serverless',
      'Project_Only.azure.models_in_unity_catalog.feature_store.classic',
      'Project_Only.azure.models_in_unity_catalog.serverless',
      'Project_Only.azure.models_in_unity_catalog.classic',
      'Project_Only.azure.feature_store.serverless',
      'Project_Only.azure.feature_store.classic',
      'Project_Only.azure.mlflow_recipes',
      'Project_Only.azure.serverless',
      'Project_Only.azure.classic',
    ]);
    expect(ids.filter((id) => id.startsWith('CICD_Only.aws.gitlab'))).toEqual([
      'CICD_Only.aws.gitlab.models_in_unity_catalog.oidc',
      'CICD_Only.aws.gitlab.models_in_unity_catalog.secrets',
      'CICD_Only.aws.gitlab.oidc',
      'CICD_Only.aws.gitlab.secrets',
    ]);
    // Azure DevOps signs in with OIDC on Azure only: elsewhere the input is skipped.
    expect(ids.filter((id) => id.startsWith('CICD_Only.aws.azure_devops'))).toEqual(['CICD_Only.aws.azure_devops.models_in_unity_catalog', 'CICD_Only.aws.azure_devops']);
  });

  it('drops combinations the schema refuses', () => {
    expect(ids.some((id) => id.includes('models_in_unity_catalog') && id.includes('mlflow_recipes'))).toBe(false);
    expect(ids.some((id) => id.includes('feature_store') && id.includes('mlflow_recipes'))).toBe(false);
  });

  it('counts the platform x sign-in pairs (8 on Azure, 7 elsewhere) x (CP: 9 variants, CO: 2) plus PO: 9 variants per cloud', () => {
    const pairs = 8 + 7 + 7;
    expect(ids).toHaveLength(pairs * 9 + 3 * 9 + pairs * 2);
  });

  it('enumerates a small stack too', () => {
    expect(enumerateCombinations(loadStack(MINI)).map((c) => c.answers)).toEqual([
      { input_flavour: 'plain' },
      { input_flavour: 'fancy' },
    ]);
  });
});

describe('loadStack refuses a malformed stack before any question', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function broken(edit: (schema: Record<string, any>) => void, file = 'databricks_template_schema.json'): string {
    dir = mkdtempSync(join(tmpdir(), 'cms-stack-'));
    cpSync(MINI, dir, { recursive: true });
    const path = join(dir, file);
    const data = JSON.parse(readFileSync(path, 'utf8'));
    edit(data);
    writeFileSync(path, JSON.stringify(data));
    return dir;
  }

  it.each<[string, (s: Record<string, any>) => void, RegExp]>([
    ['missing description', (s) => delete s.properties.input_name.description, /input_name is missing a description/],
    ['non-string default', (s) => (s.properties.input_name.default = 3), /input_name needs a string default/],
    ['no order', (s) => delete s.properties.input_flavour.order, /input_flavour needs a numeric order/],
    ['bad pattern', (s) => (s.properties.input_name.pattern = '(('), /input_name has an invalid pattern/],
    ['trim that is not a boolean', (s) => (s.properties.input_name.trim = 'yes'), /input_name has a "trim" that is not true or false/],
    ['suggest_prefix that is not a string', (s) => (s.properties.input_name.suggest_prefix = 1), /input_name has a "suggest_prefix" that is not a string/],
    ['skip condition naming a later input', (s) => (s.properties.input_name.skip_prompt_if = { properties: { input_flavour: { const: 'x' } } }), /only earlier inputs/],
    ['choices without an enum', (s) => (s.properties.input_name.choices = { x: { label: 'X' } }), /input_name has choices but no enum/],
    ['choices that are a list', (s) => (s.properties.input_flavour.choices = [{ label: 'Plain' }]), /input_flavour has choices that are not an object/],
    ['a choice for a value outside the enum', (s) => (s.properties.input_flavour.choices = { spicy: { label: 'Spicy' } }), /choice for "spicy", which is not in its enum/],
    ['a choice without a label', (s) => (s.properties.input_flavour.choices = { plain: { description: 'no label' } }), /choice "plain" needs a non-empty "label"/],
    ['a choice with a blank label', (s) => (s.properties.input_flavour.choices = { plain: { label: '  ' } }), /choice "plain" needs a non-empty "label"/],
    ['a choice description that is not text', (s) => (s.properties.input_flavour.choices = { plain: { label: 'Plain', description: 3 } }), /choice "plain" has a "description" that is not a string/],
    ['a choice with an unknown key', (s) => (s.properties.input_flavour.choices = { plain: { label: 'Plain', help: 'x' } }), /choice "plain" has an unknown key "help"/],
    ['default_is_placeholder not a boolean', (s) => (s.properties.input_name.default_is_placeholder = 'yes'), /input_name has a default_is_placeholder that is not true or false/],
  ])('%s', (_, edit, message) => {
    expect(() => loadStack(broken(edit))).toThrow(message);
  });

  it('choices are optional: an enum without labels loads, and a label for some values only too', () => {
    expect(loadStack(MINI).inputs.find((i) => i.name === 'input_flavour')?.choices).toBeUndefined();
    const stack = loadStack(broken((s) => (s.properties.input_flavour.choices = { fancy: { label: 'Fancy' } })));
    expect(stack.inputs.find((i) => i.name === 'input_flavour')?.choices).toEqual({ fancy: { label: 'Fancy' } });
  });

  it('a layout rule naming an unknown value', () => {
    const stackDir = broken((rules: any) => rules.push({ when: { properties: { nope: { const: true } } }, skip: ['x'] }), 'layout.json');
    expect(() => loadStack(stackDir)).toThrow(/layout\.json: rule 2: names unknown value "nope"/);
  });

  it('a folder without a schema', () => {
    dir = mkdtempSync(join(tmpdir(), 'cms-stack-'));
    expect(() => loadStack(dir)).toThrow(StackError);
    expect(() => loadStack(dir)).toThrow(/databricks_template_schema\.json: missing/);
  });

  it('a path that does not exist, and one that is a file', () => {
    dir = mkdtempSync(join(tmpdir(), 'cms-stack-'));
    expect(() => loadStack(join(dir, 'nope'))).toThrow(/^stack folder .*nope: not found$/);
    writeFileSync(join(dir, 'file'), '');
    expect(() => loadStack(join(dir, 'file'))).toThrow(/^stack folder .*file: not a folder \(a stack is a folder holding databricks_template_schema\.json\)$/);
  });
});

describe('loadStackFolder parses every template before any question', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reports a template syntax error with its file', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cms-stack-'));
    cpSync(MINI, dir, { recursive: true });
    writeFileSync(join(dir, 'template/__dir__/broken.txt.hbs'), 'hello {{#if input_name}} unclosed\n');
    await expect(loadStackFolder(dir)).rejects.toThrow(/template\/__dir__\/broken\.txt\.hbs: Parse error/);
  });

  it('reports a default expression syntax error with its input', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cms-stack-'));
    cpSync(MINI, dir, { recursive: true });
    const path = join(dir, 'databricks_template_schema.json');
    const schema = JSON.parse(readFileSync(path, 'utf8'));
    schema.properties.input_topping.default = '{{input_name';
    writeFileSync(path, JSON.stringify(schema));
    await expect(loadStackFolder(dir)).rejects.toThrow(/databricks_template_schema\.json: default of input_topping: Parse error/);
  });

  /** The mini stack with `edit` applied to one of its JSON files. */
  function miniWith(file: string, edit: (json: Record<string, Record<string, unknown>>) => void): string {
    const copy = mkdtempSync(join(tmpdir(), 'cms-stack-'));
    cpSync(MINI, copy, { recursive: true });
    const json = JSON.parse(readFileSync(join(copy, file), 'utf8'));
    edit(json);
    writeFileSync(join(copy, file), JSON.stringify(json));
    return copy;
  }

  it.each<[string, string, RegExp]>([
    ['in an #if, which would be silently false', 'a{{#if fancyy}}b{{/if}}\n', /template\/__dir__\/typo\.md\.hbs:1:8: names "fancyy", which is not an input, flag or value it can see \(did you mean "fancy"\?\)$/],
    ['as a helper argument', '{{yaml input_nam}}\n', /typo\.md\.hbs:1:8: names "input_nam"/],
    ['in a subexpression, on a later line', '\n{{#if (eq input_flavor "fancy")}}x{{/if}}\n', /typo\.md\.hbs:2:11: names "input_flavor"/],
    ['as a section', '{{#dirr}}x{{/dirr}}\n', /typo\.md\.hbs:1:4: names "dirr"/],
  ])('reports a template that names an unknown variable %s, with line and column', async (_, source, message) => {
    dir = mkdtempSync(join(tmpdir(), 'cms-stack-'));
    cpSync(MINI, dir, { recursive: true });
    writeFileSync(join(dir, 'template/__dir__/typo.md.hbs'), source);
    await expect(loadStackFolder(dir)).rejects.toThrow(message);
  });

  it('lets each expression see what exists when it renders: defaults the inputs before them, values the flags and the values before them', async () => {
    dir = miniWith('databricks_template_schema.json', (schema) => ((schema.properties as Record<string, Record<string, unknown>>).input_name!.default = '{{input_topping}}'));
    await expect(loadStackFolder(dir)).rejects.toThrow(/default of input_name:1:3: names "input_topping"/);
    rmSync(dir, { recursive: true, force: true });
    dir = miniWith('context.json', (context) => (context.values = { early: '{{late}}', late: 'x', dir: '{{pkg_name input_name}}', project_dir: '{{input_name}}' }));
    await expect(loadStackFolder(dir)).rejects.toThrow(/context\.json: value early:1:3: names "late"/);
    rmSync(dir, { recursive: true, force: true });
    dir = miniWith('context.json', (context) => (context.values = { ...context.values, label: '{{#if fancy}}fancy{{else}}plain{{/if}}' }));
    const stack = await loadStackFolder(dir);
    const { buildContext } = await import('../src/render/context.js');
    expect(buildContext(stack, { input_name: 'a-b', input_flavour: 'fancy', input_topping: 'x' }).label).toBe('fancy');
  });

  it('knows block parameters, this, @data and the placeholder flags of inputs', async () => {
    dir = miniWith('databricks_template_schema.json', (schema) => ((schema.properties as Record<string, Record<string, unknown>>).input_topping!.default_is_placeholder = true));
    writeFileSync(join(dir, 'template/__dir__/ok.md.hbs'), '{{#if input_topping_is_placeholder}}todo{{/if}}{{#each list as |item|}}{{item}}{{this}}{{@index}}{{other}}{{/each}}\n');
    const { variablesOf } = await import('../src/render/template-variables.js');
    expect(variablesOf('{{#each list as |item|}}{{item}}{{this}}{{@index}}{{/each}}{{yaml x}}{{#yaml}}{{y}}{{/yaml}}').map((use) => use.name)).toEqual(['list', 'x', 'y']);
    await expect(loadStackFolder(dir)).rejects.toThrow(/ok\.md\.hbs:1:.*names "list"/);
  });
});
