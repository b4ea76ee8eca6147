import { randomBytes } from 'node:crypto';
import type { CollectorToken } from './loadTokens.js';

/**
 * Random tokens for local development: one owner and one annotator. Print them; they are
 * never stored.
 */
export function generateDevTokens(): CollectorToken[] {
  const secret = () => randomBytes(24).toString('base64url');
  return [
    { token: secret(), user: 'owner', role: 'owner' },
    { token: secret(), user: 'annotator', role: 'annotator' },
  ];
}
