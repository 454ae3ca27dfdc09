import type { EntityKind } from './normalize.js';

/**
 * Names the text rules cannot tell from ordinary capitalised words: well-known organisations and
 * products (a short list of what the demo corpus, tech news and research feeds name most). Users
 * add their own brand and competitors through `entities.gazetteer` in config.
 */
export const BUILTIN_GAZETTEER: ReadonlyArray<readonly [string, EntityKind]> = [
  ['Google', 'org'], ['Microsoft', 'org'], ['Apple', 'org'], ['Amazon', 'org'], ['Meta', 'org'], ['Facebook', 'org'],
  ['OpenAI', 'org'], ['Anthropic', 'org'], ['DeepMind', 'lab'], ['Google DeepMind', 'lab'], ['Nvidia', 'org'], ['NVIDIA', 'org'],
  ['Intel', 'org'], ['AMD', 'org'], ['IBM', 'org'], ['Netflix', 'org'], ['Mozilla', 'org'], ['Hugging Face', 'org'],
  ['Mistral', 'org'], ['Cloudflare', 'org'], ['GitHub', 'org'], ['GitLab', 'org'], ['Atlassian', 'org'], ['Salesforce', 'org'],
  ['Oracle', 'org'], ['Tesla', 'org'], ['SpaceX', 'org'], ['NASA', 'org'], ['CERN', 'lab'], ['MIT', 'org'], ['Stanford', 'org'],
  ['Berkeley', 'org'], ['Harvard', 'org'], ['Oxford', 'org'], ['Cambridge', 'org'], ['ETH Zurich', 'org'], ['Okta', 'org'],
  ['Stripe', 'org'], ['Shopify', 'org'], ['Twitter', 'org'], ['Reddit', 'org'], ['Discord', 'org'], ['Zoom', 'org'],
  ['Chrome', 'product'], ['Firefox', 'product'], ['Safari', 'product'], ['Linux', 'product'], ['Windows', 'product'],
  ['macOS', 'product'], ['iOS', 'product'], ['Android', 'product'], ['Electron', 'product'], ['Postgres', 'product'],
  ['PostgreSQL', 'product'], ['SQLite', 'product'], ['Redis', 'product'], ['Kubernetes', 'product'], ['Docker', 'product'],
  ['Trello', 'product'], ['Jira', 'product'], ['Asana', 'product'], ['Notion', 'product'], ['Slack', 'product'],
  ['Teams', 'product'], ['Confluence', 'product'], ['ChatGPT', 'product'], ['GPT-4', 'product'], ['Claude', 'product'],
  ['Gemini', 'product'], ['Llama', 'product'], ['PyTorch', 'product'], ['TensorFlow', 'product'], ['React', 'product'],
  ['Node.js', 'product'], ['TypeScript', 'product'], ['Rust', 'product'], ['Python', 'product'], ['Go', 'product'],
  ['VS Code', 'product'], ['Figma', 'product'], ['Excel', 'product'], ['Gmail', 'product'], ['Outlook', 'product'],
  ['AWS', 'product'], ['Azure', 'product'], ['Hacker News', 'product'],
  // The demo corpus's product and its competitors (data/demo/README.md).
  ['Brindlepost', 'product'], ['Brindle AI', 'product'], ['Taskmoth', 'product'], ['Ferncircle', 'product'], ['Kestrelboard', 'product'],
  ['NimbleOps', 'org'], ['Brindle', 'org'], ['Tideline Labs', 'lab'],
];

/**
 * Coined names matched in any case and as @handles ("brindlepost", "@brindlepost"); the others are
 * ordinary words in lower case ("go", "teams", "notion") and match only capitalised.
 */
export const ANY_CASE: ReadonlySet<string> = new Set(['brindlepost', 'taskmoth', 'ferncircle', 'kestrelboard', 'threadsumm', 'chatretrieve', 'openai', 'anthropic', 'deepmind', 'pytorch', 'tensorflow', 'kubernetes', 'chatgpt', 'postgresql', 'github', 'gitlab', 'huggingface']);

/** Capitalised words that start sentences or name things too generic to be entities. */
export const NOT_NAMES: ReadonlySet<string> = new Set(
  'a an and any anyone anyway api app are but can cve did do does every first for friday from has how i if in is it its just long lessons monday my new no not nothing off on one our please psa random rant saturday so sorry sunday thanks that the their then there these this thursday tuesday update upvote wednesday we weekend what when where which who why will would yes you your url utc pdf sso scim eu us uk ai ml llm ui ux os pr prs dms hn saas faq ceo cto'.split(' '),
);
