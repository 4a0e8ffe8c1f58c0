import { join } from 'node:path';

/**
 * The folder this code runs from: src/ in a checkout, dist/ once bundled (every bundle sits directly in
 * dist/). Either way it is one level below the package root, so `../templates` and `../package.json`
 * resolve alike. import.meta.dirname, not URLs: the first URL a process parses costs about half a
 * millisecond.
 */
export const CODE_DIR = import.meta.dirname;
export const PACKAGE_ROOT = join(CODE_DIR, '..');
