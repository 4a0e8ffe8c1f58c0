import { UsageError } from '../errors.js';

/**
 * A leading `~` expanded as the shell would have: `--output-dir=~/src` reaches the program
 * unexpanded, since shells expand `~` only at the start of a word. `~user` is refused with a hint.
 * HOME (USERPROFILE on Windows) is read instead of `os.homedir()`, which would load `node:os`.
 */
export function expandHome(flag: string, path: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (path === undefined || !path.startsWith('~')) return path;
  if (!/^~($|[/\\])/.test(path)) {
    throw new UsageError(`${flag} ${path}: "~name" is not expanded here; write the folder as a full path, or as ~/... for your own home folder`);
  }
  const home = env.HOME ?? env.USERPROFILE;
  if (!home) throw new UsageError(`${flag} ${path}: cannot expand "~": neither HOME nor USERPROFILE is set; write the folder as a full path`);
  return home + path.slice(1);
}
