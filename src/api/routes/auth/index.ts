import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ApiKeyRole } from '../../plugins/security.plugin.js';
import type { ApiDeps } from '../../deps.js';
import { ErrorBody } from '../../schemas.js';

/** What a caller may do: `write` (an admin key), `read` (a read-only key: GET and HEAD), `open` (no keys configured). */
export const CALLER_ROLES = ['write', 'read', 'open'] as const;
export type CallerRole = (typeof CALLER_ROLES)[number];

/** The role the security plugin found, as clients see it. A request without a key only gets here when no keys are configured. */
export const callerRole = (keyRole: ApiKeyRole, keysConfigured: boolean): CallerRole => {
  if (keyRole === 'admin') return 'write';
  if (keyRole === 'read' || keysConfigured) return 'read';
  return 'open';
};

/** `GET /auth/whoami`: the dashboard disables write actions for a read-only key. */
export const authRoutes: FastifyPluginAsyncTypebox<{ deps: ApiDeps }> = async (app, { deps }) => {
  const keysConfigured = deps.api.keys.length > 0 || deps.api.readKeys.length > 0;
  app.get(
    '/auth/whoami',
    {
      schema: {
        tags: ['auth'],
        description: "The caller's role: `write` (admin key), `read` (read-only key: writes answer 403) or `open` (no keys configured: everything is allowed). Never echoes the key.",
        response: { 200: Type.Object({ role: Type.Enum([...CALLER_ROLES]) }), 401: ErrorBody },
      },
    },
    async (req) => ({ role: callerRole(req.apiKeyRole, keysConfigured) }),
  );
};
