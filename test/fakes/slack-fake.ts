import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startFakeServer, type RecordedRequest } from './loopback-server.js';

/** One scripted reply of the fake webhook: Slack answers with a plain-text body. */
export interface SlackFakeResponse {
  status: number;
  body: string;
  /** Sent as the Retry-After header (seconds or an HTTP date). */
  retryAfter?: string | number;
}

/** A message the fake received, parsed from the JSON body. */
export interface SlackFakeMessage {
  text: string;
  blocks: unknown[];
}

export interface SlackFake {
  /** Base URL, e.g. http://127.0.0.1:43121 */
  url: string;
  /** Where to POST; shaped like a real webhook URL (its path is the "token"). */
  webhookUrl: string;
  /** Messages answered with 2xx, in order. */
  messages: SlackFakeMessage[];
  /** Every request, whatever the answer (retries included). */
  requests: RecordedRequest[];
  /** Queues replies for the next requests; once the queue is empty the fake answers `200 ok`. */
  script(...responses: SlackFakeResponse[]): void;
  close(): Promise<void>;
}

export const SLACK_FAKE_WEBHOOK_PATH = '/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX';

/** Slack's incoming-webhook error strings and statuses (our own fixture: `test/fixtures/api-samples/slack`). */
export interface RecordedSlackError {
  http_status: number;
  body: string;
  meaning: string;
}

const SAMPLES = fileURLToPath(new URL('../fixtures/api-samples/slack/own_slack_incoming_webhook_errors.json', import.meta.url));

/** The documented error strings, and strings seen in client code whose status is undocumented. */
export const loadSlackErrorSamples = (): { documented: RecordedSlackError[]; unverified: string[] } => {
  const raw = JSON.parse(readFileSync(SAMPLES, 'utf8')) as {
    documented_errors_2016_changelog: RecordedSlackError[];
    other_bodies_seen_in_public_code_status_unverified: string[];
  };
  return { documented: raw.documented_errors_2016_changelog, unverified: raw.other_bodies_seen_in_public_code_status_unverified };
};

/** A scripted reply built from a recorded error string, e.g. slackError(404, 'channel_not_found'). */
export const slackError = (status: number, body: string, retryAfter?: string | number): SlackFakeResponse =>
  retryAfter === undefined ? { status, body } : { status, body, retryAfter };

export const SLACK_OK: SlackFakeResponse = { status: 200, body: 'ok' };

const parseMessage = (req: RecordedRequest): SlackFakeMessage => {
  const parsed = JSON.parse(req.body) as Partial<SlackFakeMessage>;
  return { text: String(parsed.text ?? ''), blocks: Array.isArray(parsed.blocks) ? parsed.blocks : [] };
};

/**
 * A fake Slack incoming webhook on 127.0.0.1: records what it receives and answers from a script.
 * A request to another path, or with a body that is not JSON, gets Slack's `invalid_payload`-style
 * answer (404 `no_service` / 400 `invalid_payload`) so a wrong URL or payload fails the test.
 */
export const startSlackFake = async (): Promise<SlackFake> => {
  const queue: SlackFakeResponse[] = [];
  const messages: SlackFakeMessage[] = [];
  const server = await startFakeServer((req, res) => {
    const reply = (r: SlackFakeResponse): void => {
      const headers: Record<string, string> = { 'content-type': 'text/html' };
      if (r.retryAfter !== undefined) headers['retry-after'] = String(r.retryAfter);
      res.writeHead(r.status, headers);
      res.end(r.body);
    };
    if (req.method !== 'POST' || req.url !== SLACK_FAKE_WEBHOOK_PATH) return reply({ status: 404, body: 'no_service' });
    let message: SlackFakeMessage;
    try {
      message = parseMessage(req);
    } catch {
      return reply({ status: 400, body: 'invalid_payload' });
    }
    const next = queue.shift() ?? SLACK_OK;
    if (next.status >= 200 && next.status < 300) messages.push(message);
    reply(next);
  });
  return {
    url: server.url,
    webhookUrl: `${server.url}${SLACK_FAKE_WEBHOOK_PATH}`,
    messages,
    requests: server.requests,
    script: (...responses) => {
      queue.push(...responses);
    },
    close: () => server.close(),
  };
};
