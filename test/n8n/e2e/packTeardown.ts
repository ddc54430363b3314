/** The real-n8n suites' globalTeardown: the tarballs ./packOnce.ts made are removed. */
import { rmSync } from 'node:fs';

export default function removePacked(): void {
  if (process.env.ENRICHFLOW_E2E_PACKED) rmSync(process.env.ENRICHFLOW_E2E_PACKED, { recursive: true, force: true });
}
