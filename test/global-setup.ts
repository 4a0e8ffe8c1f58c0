import { execFileSync } from 'node:child_process';

/** The end-to-end tests spawn the built CLI, so build it from the current sources first. */
export default function setup(): void {
  // Without type declarations (seconds of tsc): the package test adds them before it packs.
  execFileSync(process.execPath, ['scripts/build.mjs', '--no-types'], { stdio: 'inherit' });
}
