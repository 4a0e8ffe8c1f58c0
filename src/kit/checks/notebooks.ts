import type { Check } from '../check.js';
import { distinctFiles, seenIn } from '../matrix.js';

const NOTEBOOK_HEADER = '# Databricks notebook source\n';
const isNotebook = (path: string): boolean => /(^|\/)notebooks\/[^/]+\.py$/.test(path);

export const notebooksCheck: Check = {
  id: 'notebooks',
  title: 'Notebooks (`notebooks/*.py`) are Databricks source notebooks',
  async run(projects) {
    const files = distinctFiles(projects, isNotebook);
    const problems = files.filter((f) => !f.text.startsWith(NOTEBOOK_HEADER)).map((f) => `${f.path}: does not start with "${NOTEBOOK_HEADER.trim()}"  ${seenIn(f.ids)}`);
    return { checked: files.length, problems };
  },
};
