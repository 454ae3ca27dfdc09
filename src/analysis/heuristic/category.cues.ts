import type { Cue } from './cue.fragments.js';
import { rx, ACCESS, NOT_OUTAGE_DOWN } from './cue.fragments.js';

export type { Cue } from './cue.fragments.js';
export { BUG, FEATURE } from './bug-feature.cues.js';

/*
 * Lexical cues per category: how people generally word an outage report, a security worry, a
 * bug report, a feature request, a churn threat, a research announcement, a complaint or praise.
 * Each cue is one precompiled regex over the lower-cased, URL-free text; its weight is added once
 * per distinct match (at most twice). Patterns are general English, not phrases from any data set.
 */

export const SECURITY: readonly Cue[] = [
  {
    weight: 3,
    re: rx([
      String.raw`security (?:hole|flaw|issue|bug|vulnerabilit\w+|breach|risk|problem|concern|threat)s?`,
      String.raw`vulnerabilit(?:y|ies)`, String.raw`cve-\d{4}-\d+`, String.raw`exploit(?:s|ed|able)?`,
      String.raw`zero[- ]day`, String.raw`data (?:breach|leak)s?`, String.raw`breach(?:ed|es)?(?! of (?:contract|trust|duty|the peace))`,
      String.raw`leak(?:ed|ing|s)? (?:my |our |user |users'? |customer |personal )?(?:data|passwords?|credentials|emails?|info\w*|keys?|tokens?)`,
      String.raw`(?:access |api |auth |oauth |session |bearer )?(?:token|credential|password|api key|secret)s? leak(?:s|ed)?`,
      String.raw`(?:leak(?:s|ed|ing)?|expos(?:es|ed|ing)) (?:\w+ ){0,2}(?:private|personal|sensitive|confidential|internal) \w+`,
      String.raw`cves?`, String.raw`pen ?tests?`, String.raw`penetration test\w*`,
      String.raw`hack(?:ed|er|ers)`, 'malware', String.raw`(?<!(?:contagious|flu|stomach|cold|nasty|corona|zika|ebola) )virus(?:es)?`, String.raw`trojan(?! horse)`, 'spyware', 'adware',
      'ransomware', 'phishing', 'keylogger', 'xss', 'csrf', 'sql injection', 'remote code execution',
      'privilege escalation', 'backdoor', 'compromised', 'identity theft', 'brute[- ]force',
      String.raw`stolen (?:credentials|passwords?|accounts?|data|cards?)`,
      String.raw`unauthori[sz]ed (?:access|charges?|logins?|transactions?|purchases?)`,
      String.raw`plain ?text passwords?`, String.raw`passwords? (?:in|stored in|sent in) (?:plain|clear) ?text`,
      'idor', 'ssrf', 'rce', String.raw`(?:responsibl[ey] |coordinated |full )?disclos(?:ed|ure)`, 'bug bounty', 'appsec', 'infosec',
      String.raw`(?:public|exposed|open|unsecured|misconfigured) (?:s3 |storage |gcs )?buckets?`,
      String.raw`(?:access |api |auth |oauth |session |bearer )tokens? (?:in|leak\w*|exposed|shows? up in|ends? up in)`,
      String.raw`(?:see|access|read|fetch|download|view) (?:\w+ ){0,2}(?:from |of |in )?other (?:users|workspaces|accounts|tenants|customers|organi[sz]ations)`,
    ]),
  },
  // words that name the topic, not an incident: one of them counts once, so alone they never
  // reach the bar of the cues above ("permissions in local-first apps" is not a security report)
  {
    weight: 1.5,
    maxMatches: 1,
    re: rx([
      String.raw`permissions?`, 'privacy', 'spying', String.raw`spy(?:ware)? on`, 'tracking me',
      String.raw`(?:steal|steals|stealing|stole|harvest\w*|sell\w*) (?:my |your |our )?(?:data|info\w*|contacts|personal)`,
      String.raw`personal (?:data|information|info)`, 'encrypt\\w*', 'hack', 'hacking', 'suspicious',
      'fraud\\w*', 'antivirus', 'anti-virus', 'two[- ]factor', '2fa', String.raw`(?<!memory )leak(?:s|ed|ing|age|y)?`,
      'compliance', String.raw`private (?:channels?|boards?|repos?|messages|data|files)`, 'gdpr',
    ]),
  },
];

/**
 * Announcement and research-thread language: it lowers security (a paper or a launch that
 * mentions permissions or encryption is not an incident report).
 */
export const ANNOUNCEMENT = rx([
  String.raw`announc\w*`, 'introducing', String.raw`(?:we'?re|we are) (?:excited|thrilled|proud|happy) to`,
  String.raw`now (?:available|live)`, String.raw`(?:new|our) (?:paper|preprint|study|release|version|blog post)`,
  'keynote', 'webinar', String.raw`tl;?dr`, 'thread', String.raw`why .{1,80} matters`,
]);

export const OUTAGE: readonly Cue[] = [
  // an outage talked about, not reported: past ("after the outage", "Monday's outage", "the
  // outage yesterday"), habitual ("too many outages lately"); these words then count for nothing
  {
    weight: 0,
    re: rx([
      String.raw`(?:after|about|since|from|over) (?:the |that |this |last |their |its |your |\w+day'?s |last \w+'?s )(?:\S+ )?(?:outages?|downtime)`,
      String.raw`(?:\w+day'?s|yesterday'?s|last (?:week|month|night)'?s) (?:\S+ )?(?:outages?|downtime)`,
      String.raw`(?:outages?|downtime) (?:yesterday|last (?:week|month|night|time)|earlier (?:today|this week)|lately|recently|this (?:week|month|year)|got noticed)`,
      String.raw`(?:too many|so many|frequent|repeated|constant|all (?:the|these|those)) outages`,
      String.raw`that (?:\S+ )?outage (?:was|is what|made)`, String.raw`status page (?:said|showed)`,
    ]),
  },
  {
    weight: 3,
    re: rx([
      'outages?',
      String.raw`(?:is|are|was|were|been|being|it'?s|site'?s|app'?s) (?:still |completely |totally |currently |all |again |now )?down(?! ${NOT_OUTAGE_DOWN})`,
      String.raw`down (?:for (?:me|everyone|everybody|anyone|hours|days|\d+)|since|right now|atm)`, String.raw`(?:completely|totally|fully) (?:down|offline)`,
      String.raw`(?:service|server|servers|site|website|app|api|platform|system|systems|network|portal|login|checkout|backend) (?:is |are |was |seems |seem |went |goes |keeps going )?(?:down|offline|unreachable|unavailable)(?! ${NOT_OUTAGE_DOWN})`,
      'service unavailable', 'status page', String.raw`(?:error|http|status) ?50[234]`, String.raw`(?:returning|returns|throwing|throws) (?:a |an |http )?50[0234]s?`,
      String.raw`50[234] (?:error|bad gateway|service unavailable|gateway)`,
      'bad gateway', String.raw`gateway time-?out`, String.raw`(?:total|complete|major|partial|global|widespread|massive) (?:outage|blackout|disruption)`,
      String.raw`(?:system|service|server|network|power) (?:failure|outage)`,
      String.raw`degraded (?:performance|service)`,
      String.raw`(?:we'?re|we are) (?:investigating|aware of|looking into) (?:\w+ ){0,2}(?:reports|issues|an issue|errors|error rates|problems|failures|delays|degraded|elevated|login failures)`,
      String.raw`(?:investigating|identified|monitoring):`,
      // the same report in the other languages people post in (es, pt, fr, it, de)
      String.raw`en panne`, String.raw`(?:une|la|grosse|nouvelle|encore une) panne`, String.raw`ca[ií]d[oa]`, String.raw`se (?:ha )?ca[ií]do`, String.raw`se cay[oó]`,
      String.raw`caiu`, String.raw`fora do ar`, String.raw`non funziona`, String.raw`(?<=[eè] )gi[uù]`,
      String.raw`ist (?:\S+ )?(?:gerade |schon wieder |wieder |mal wieder )?(?:down|offline|kaputt)`, String.raw`st[öo]rung`, String.raw`ausfall`,
      String.raw`is (?:the |your |it |this )?[\w-]+ (?:[\w-]+ )?down\?`,
      String.raw`anyone else (?:having|getting|seeing|experiencing|unable|can'?t)`,
      String.raw`(?:nobody|no one|everyone|users) (?:can'?t|cannot|is unable to|are unable to|unable to) (?:log ?in|login|sign ?in|access|connect|load)`,
      'down ?detector', 'not loading for anyone', 'downtime', String.raw`still down`,
      String.raw`(?:nobody|no one) can (?:\w+ )?(?:log ?in|login|sign ?in|access|connect|load|send|post|use|reach|open)`,
      String.raw`(?:broken|dead|down|not working|not loading) (?:here|for me|for us|for everyone)(?: too)?`,
    ]),
  },
  // one user's access failure becomes an outage with a start time or breadth ("since 9am", "everyone")
  {
    weight: 2,
    re: rx([
      ACCESS, String.raw`(?:timing|timed|times) out`, 'connection (?:error|refused|failed)',
      String.raw`(?:not|won'?t|aren'?t|isn'?t|never) (?:\w+ )?(?:going|go|get(?:ting)?) through`,
      String.raw`stuck (?:on|at) '?(?:sending|loading|reconnecting|connecting|syncing)`, 'something went wrong',
      String.raw`stopped (?:entirely |completely |suddenly )?(?:arriving|working|loading|syncing|sending|responding|delivering|coming(?: through| in)?)`,
      String.raw`(?:notifications|messages|webhooks|emails|sync|syncing|uploads|logins) (?:have |has |just )?stopped`, String.raw`stopped (?:entirely|completely|altogether)`,
      String.raw`(?:fall|falls|falling|fell) over`, 'resolved:', String.raw`(?:fix|fixes|fixed|sort|sorts|sorted) itself`,
      String.raw`ate my (?:messages?|posts?|drafts?|work|data|files?|changes)`,
      String.raw`none of (?:my|our|the) (?:\S+ ){0,3}(?:is|are) (?:going|getting) through`,
      String.raw`nothing (?:loads|is loading|will load|works|is working|gets through)`,
      // es, pt, fr, it, de: nothing loads, can't get in / open / send, messages stuck
      String.raw`no carga`, String.raw`nada carrega`, String.raw`n[aã]o carrega`, String.raw`nadie (?:\S+ ){0,3}puede (?:entrar|acceder|conectarse|enviar)`,
      String.raw`impossible d'(?:ouvrir|acc[ée]der|envoyer|se connecter)`, String.raw`(?:restent|sont) bloqu[ée]s`,
      String.raw`non riesco a (?:mandare|inviare|accedere|entrare|aprire)`, String.raw`l[äa]dt (?:\S+ ){0,5}nicht`, String.raw`h[äa]ngen (?:alle )?bei`,
    ]),
  },
  // the same in scripts a word boundary does not start (ja: "落ちてる" is down, "送信できない" cannot send)
  { weight: 3, re: /落ちてる|落ちた|障害|ダウンしてる/gu },
  {
    weight: 1,
    re: rx([
      String.raw`since (?:\d{1,2}(?::\d\d)? ?(?:am|pm)?|this morning|last night|yesterday|an hour|hours)`,
      String.raw`for (?:hours|the last \w+ hours|an hour|\d+ hours)`, 'all (?:day|morning|night)',
      String.raw`(?:everyone|everybody|all users|anyone else)`, 'worldwide', 'globally', 'can confirm', 'same here',
      String.raw`(?:here|for me|for us) too`, 'whole (?:company|team|office|org)', String.raw`is (?:it|this) just me`,
      String.raw`for (?:the last |about |over )?(?:\d+\+? ?(?:min|mins|minutes)|half an hour)`, String.raw`geht es euch auch so`,
    ]),
  },
];

export const CHURN: readonly Cue[] = [
  {
    weight: 3,
    re: rx([
      String.raw`cancel(?:l?ing|l?ed)? (?:my|our|the) (?:subscription|account|membership|plan|service|contract|premium|pro)`,
      String.raw`(?:i'?m|i am|we'?re|we are|i will|i'?ll|we'?ll|going to|gonna|about to|ready to|time to|thinking (?:of|about)|considering|will be|might|may) (?:\w+ )?(?:switch|switching|cancel|cancell?ing|quit|quitting|unsubscrib\w+|ditch|ditching|stop using|stop paying|look(?:ing)? elsewhere|uninstall(?:ing)?|(?:leave|leaving) (?:you|this app|this service|for good|for another))`,
      String.raw`(?:i|we|i'?ve|we'?ve|i have|we have|i'?m|i am|we'?re|we are) (?:\w+ )?(?:switch(?:ed|ing)?|went back|going back|moving|moved) (?:over |back )?to (?:a |an |another |the other |other )?(?!the sd|sd|external|internal|phone|memory|card)`,
      String.raw`(?:never|won'?t|will not|not) (?:\w+ )?(?:use|using|buy|buying|fly|flying|book|booking|recommend|renew|renewing|order|ordering|shop|shopping|download|pay|paying|trust)(?: \w+){0,3} (?:again|anymore|any more)`,
      String.raw`take (?:my|our) (?:business|money) elsewhere`, String.raw`looking for (?:an? )?(?:alternative|replacement|another)`,
      String.raw`(?:find|found|use|using|try|trying) (?:an? |another )?(?:alternative|competitor|different (?:app|service|provider))`,
      'last straw', String.raw`(?:i'?m|we'?re|i am) done with`, String.raw`lost (?:a|me as a|us as) (?:customer|client|user)s?`,
      String.raw`(?:delete|deleting|close|closing|deactivat\w+) (?:my|our) account`, String.raw`unsubscrib\w+`,
      String.raw`(?:want|demand|give me) (?:a |my )?(?:refund|money back)`, String.raw`(?:ex|former|previous)[- ]customer`,
      String.raw`(?:time to|going to|gonna|voted to|decided to|deciding to|planning to|plan to|about to|ready to|want to|have to|need to) (?:\w+ )?(?:leave|quit|ditch|drop|dump|replace|move off|migrate off|cancel)`,
      String.raw`(?:migrat\w+|mov(?:e|ed|ing)) (?:\w+ )?(?:off|away from)`, String.raw`mov(?:e|ed|ing) (?:us|our \w+|the (?:team|company|org)|everyone|everything) (?:over )?to`,
      String.raw`(?:leave|leaving|left|ditch\w*|quit\w*) (?:it|them|you|you guys|this (?:app|service|tool|platform)) (?:for|behind)`,
      String.raw`replacement for`, 'shopping around', String.raw`(?:plan|planning) (?:our|the|my) exit`,
      String.raw`(?:answering|voting) with (?:my|our) wallets?`, String.raw`(?:first|next) (?:tool|thing|vendor|service|subscription) to (?:cut|go)`,
      String.raw`(?:not|won'?t be|will not be|aren'?t|are not) renewing`, String.raw`price (?:out|up) (?:a |an )?(?:alternative|replacement)`,
    ]),
  },
  {
    weight: 1,
    re: rx([
      String.raw`uninstall(?:ed|ing)?`, String.raw`deleted? (?:it|the app|this app)`, String.raw`switch(?:ed|ing)? to`, 'never again', 'refund',
      'goodbye', 'bye bye', String.raw`other (?:airlines?|apps?|providers?|services?|companies|options|brands?)`,
    ]),
  },
];

export const RESEARCH: readonly Cue[] = [
  {
    weight: 3,
    re: rx([
      String.raw`arxiv(?::\s?\d{4}\.\d{4,5})?`, String.raw`doi:\s?10\.\d+`, 'preprints?',
      String.raw`(?:our|new|recent|latest|research|conference|workshop|journal) papers?`, 'paper:',
      String.raw`(?:the|this|a) paper (?:on|about|by|from|shows|proposes|introduces|presents|describes|finds|titled|accepted|studies)`, 'peer[- ]review\\w*',
      String.raw`we (?:propose|present|introduce|show|demonstrate|release|report)`, 'openreview',
      String.raw`(?:neurips|nips|icml|iclr|acl|emnlp|naacl|cvpr|iccv|eccv|aaai|ijcai|kdd|sigir|usenix|osdi|sosp|nsdi|icse)(?: ?'?\d{2,4})?`,
      String.raw`(?:accepted|published|appear) (?:at|in) (?:a |the )?(?:journal|conference|workshop|proceedings)`,
    ]),
  },
  {
    weight: 1.5,
    re: rx([
      'state[- ]of[- ]the[- ]art', 'sota', String.raw`benchmarks?`, 'datasets?', 'ablations?',
      String.raw`(?:study|studies|researchers|experiments|results) (?:show|shows|showed|find|finds|found|suggest)`,
      'journal', 'proceedings', 'et al', 'citations?', 'empirical\\w*', 'theorem', 'novel (?:method|approach|architecture)',
      'leaderboards?', String.raw`benchmarked`, String.raw`baselines?`, String.raw`reproduced (?:the )?(?:main |their |our )?(?:results?|table|figures?|numbers)`,
      String.raw`released (?:the )?(?:code|data|weights|a dataset|code and data)`, String.raw`(?:code|weights|dataset) (?:is |are )?(?:released|out now|available)`,
    ]),
  },
  { weight: 1, re: rx([String.raw`universit(?:y|ies)`, 'institute', 'lab', 'phd', 'thesis', 'eval(?:uation)? harness', 'open[- ]source']) },
  {
    weight: 3,
    re: /📄|🔬|🧪/g,
  },
];

/** Hosts whose links mark a research item. */
export const RESEARCH_HOSTS =
  /(?:^|\/\/|\.)(?:arxiv\.org|doi\.org|openreview\.net|paperswithcode\.com|semanticscholar\.org|aclanthology\.org|biorxiv\.org|medrxiv\.org|ssrn\.com|scholar\.google\.com|researchgate\.net|huggingface\.co\/papers)/i;

export const COMPLAINT: readonly Cue[] = [
  {
    weight: 2,
    re: rx([
      'worst', 'terrible', 'horrible', 'awful', 'useless', 'pathetic', 'ridiculous', 'unacceptable',
      String.raw`disappoint\w*`, String.raw`dissapoint\w*`, String.raw`frustrat\w+`, String.raw`annoy\w*`,
      'rude', 'scam', String.raw`rip ?off`, 'waste of', 'overpriced', String.raw`too (?:many|much|expensive|long|slow)`,
      String.raw`no (?:response|reply|answer|help|one|apology|explanation|update|information|info)`,
      String.raw`still (?:waiting|no|nothing|not)`, 'on hold', 'waited', 'delayed', String.raw`cancell?ed`,
      String.raw`(?:lost|missing|damaged) (?:my |our )?(?:bags?|luggage|package|parcel|order|delivery)`,
      String.raw`never (?:received|arrived|got|came)`, String.raw`charged (?:me )?twice`, 'overcharg\\w*',
      String.raw`hidden (?:fees?|charges?)`, String.raw`(?:so|too) many ads`, 'ads everywhere',
      String.raw`complain\w*`, 'fed up', String.raw`sick (?:and tired )?of`, 'not happy', 'unhappy',
      String.raw`poor (?:service|quality|support|experience)`, String.raw`customer (?:service|support|care)`,
      'why (?:is|are|does|do|did|would|can\'?t|won\'?t|isn\'?t|doesn\'?t)',
      String.raw`price (?:hike|increase|jump)s?`, String.raw`(?:went|goes|going|gone) up (?:by )?\d+ ?%`,
      String.raw`(?:rais|hik|increas|doubl)(?:e|es|ed|ing) (?:the |our |my |their )?(?:price|prices|plan|subscription|fees?|cost|seat price)`,
      String.raw`upsell\w*`, String.raw`paywall\w*`, String.raw`(?:can'?t|cannot) be (?:turned|switched) off`, 'on by default',
      String.raw`(?:zero|no|without) (?:any )?(?:notice|warning)`, 'do better', 'come on', String.raw`(?:getting|gotten|got) worse`,
      String.raw`stop (?:putting|adding|pushing|forcing|making|sending|spamming)`, String.raw`is (?:just )?a bot`,
    ]),
  },
];

export const PRAISE: readonly Cue[] = [
  {
    weight: 2,
    re: rx([
      String.raw`love(?:s|d)? (?:it|this|the|you|your|how)`, 'great (?:app|job|service|work|product|experience)',
      'awesome', 'amazing', 'excellent', 'fantastic', 'wonderful', 'brilliant', 'superb', 'outstanding',
      'best (?:app|service|airline|product|tool|ever)', String.raw`thank(?:s| you)`, 'kudos', 'shout ?out',
      'well done', 'highly recommend\\w*', String.raw`(?:5|five) stars?`, 'works (?:great|perfectly|flawlessly)',
      'keep up the (?:good|great) work', 'perfect', 'impressed', 'lifesaver', 'life saver',
    ]),
  },
];

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const nameAlternation = (names: readonly string[]): string =>
  names.map((n) => escapeRegex(n.trim().toLowerCase()).replace(/\s+/g, '\\s+')).join('|');

/**
 * Churn cues that need the configured names: leaving our product ("migrating off Acme",
 * "dropping Acme") or moving to / trialling a competitor ("switched to Globex", "Globex demo").
 */
export const namedChurnCues = (products: readonly string[], competitors: readonly string[]): Cue[] => {
  const cues: Cue[] = [];
  const ours = nameAlternation(products.filter((p) => p.trim() !== ''));
  const theirs = nameAlternation(competitors.filter((c) => c.trim() !== ''));
  const end = '(?![\\p{L}\\p{N}_])';
  if (ours !== '') {
    const leave = String.raw`(?:leave|leaving|left|ditch(?:ing|ed)?|quit(?:ting)?|drop(?:ping|ped)?|dump(?:ing|ed)?|cancel(?:l?ing|l?ed)?|replac(?:e|ing)|(?:migrat(?:e|ing|ed)|mov(?:e|ing|ed)|get(?:ting)?) (?:off|away from))`;
    cues.push({ weight: 3, re: new RegExp(`\\b${leave}\\s+(?:of\\s+)?@?(?:${ours})${end}`, 'gu') });
  }
  if (theirs !== '') {
    const move = String.raw`(?:switch(?:ed|ing)?|mov(?:e|ed|ing)|migrat(?:e|ed|ing)|go(?:ing)? back|went back|port(?:ed|ing)?)`;
    cues.push({ weight: 3, re: new RegExp(`\\b${move}\\s+(?:\\S+\\s+){0,2}(?:over\\s+)?to\\s+@?(?:${theirs})${end}`, 'gu') });
    const trial = String.raw`(?:trial(?:l?ing)?|evaluat(?:e|ing)|pilot(?:ing)?|pric(?:e|ing) out|testing|trying out)`;
    cues.push({ weight: 2, re: new RegExp(`\\b${trial}\\s+@?(?:${theirs})${end}|\\b(?:${theirs})\\s+(?:demo|trial|pilot)`, 'gu') });
  }
  return cues;
};
