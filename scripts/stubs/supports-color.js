// chalk's terminal detection, replaced at build time: src/summary.ts always sets the color level
// itself, so loading tty and os at start-up to guess it would be wasted.
export default { stdout: false, stderr: false };
