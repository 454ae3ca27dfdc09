import { useQuery } from '@tanstack/react-query';
import { get, type Role } from './api.js';

/** The tooltip of a write action a read-only key cannot use. */
export const WRITE_KEY_NEEDED = 'Needs a write (admin) API key: this key is read-only. Change it in Settings.';

/**
 * What the stored key may do (`GET /auth/whoami`). Until the answer is in, write actions stay
 * disabled; saving a key invalidates every query, this one included.
 */
export const useRole = (): { role: Role | undefined; canWrite: boolean; writeTitle: string | undefined } => {
  const q = useQuery({ queryKey: ['whoami'], queryFn: () => get<{ role: Role }>('/auth/whoami'), staleTime: Infinity });
  const role = q.data?.role;
  const canWrite = role === 'write' || role === 'open';
  return { role, canWrite, writeTitle: role === 'read' ? WRITE_KEY_NEEDED : undefined };
};
