import { Webhook } from 'standardwebhooks';
import { startFakeServer, type FakeServer, type RecordedRequest } from './loopback-server.js';

export interface VerifiedEvent {
  id: string;
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

export interface WebhookReceiver extends FakeServer {
  hookUrl: string;
  /** Events whose signature the `standardwebhooks` package accepted. */
  verified: VerifiedEvent[];
  /** Requests it refused (401), with the verifier's reason. */
  refused: Array<{ req: RecordedRequest; reason: string }>;
}

/**
 * A Standard Webhooks receiver on a real loopback server: verifies every request with the
 * `standardwebhooks` package (secret `secret`), answering 204 when it verifies and 401 when not.
 * `status` overrides the answer to verified requests (e.g. 410, 503).
 */
export const startWebhookReceiver = async (secret: string, status: () => number = () => 204): Promise<WebhookReceiver> => {
  const wh = new Webhook(secret);
  const verified: VerifiedEvent[] = [];
  const refused: Array<{ req: RecordedRequest; reason: string }> = [];
  const server = await startFakeServer((req, res) => {
    try {
      const event = wh.verify(req.body, req.headers as Record<string, string>) as Omit<VerifiedEvent, 'id'>;
      verified.push({ id: String(req.headers['webhook-id']), ...event });
      res.statusCode = status();
      res.end();
    } catch (err) {
      refused.push({ req, reason: (err as Error).message });
      res.statusCode = 401;
      res.end('bad signature');
    }
  });
  return { ...server, hookUrl: `${server.url}/hook`, verified, refused };
};
