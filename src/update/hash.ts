import type * as Crypto from 'node:crypto';
import { createRequire } from 'node:module';

/** node:crypto on first use: `--help` and refused inputs never load it. */
export const nodeCrypto = (): typeof Crypto => createRequire(import.meta.filename)('node:crypto') as typeof Crypto;

/** `sha256:<hex>` of a file's content, as run records hold it. */
export const contentHash = (content: string | Buffer): string => `sha256:${nodeCrypto().createHash('sha256').update(content).digest('hex')}`;
