/*
 * Lexical cues per category: how people generally word an outage report, a security worry, a
 * bug report, a feature request, a churn threat, a research announcement, a complaint or praise.
 * Each cue is one precompiled regex over the lower-cased, URL-free text; its weight is added once
 * per distinct match (at most twice). Patterns are general English, not phrases from any data set.
 */

export interface Cue {
  /** Global regex over lower-cased text. */
  re: RegExp;
  weight: number;
}

/** Whole-phrase alternation; every cue starts with a word character and may end in punctuation. */
const rx = (parts: readonly string[]): RegExp =>
  new RegExp(String.raw`\b(?:${parts.join('|')})(?![a-z0-9_])`, 'g');

/**
 * Negated or failed auxiliary before an action verb: "doesn't open", "won't even load". Bare
 * "don't" is left out: "don't download this" warns, it does not report a failure.
 */
const NEG_AUX = String.raw`(?:doesn'?t|does not|won'?t|will not|isn'?t|is not|aren'?t|are not|not|no longer|never|can'?t|cannot|can not|couldn'?t|could not|wouldn'?t|didn'?t|did not|unable to|fails? to|failed to|failing to)`;
const APP_VERB = String.raw`(?:work|works|working|load|loading|open|opening|start|starting|launch|launching|sync|syncing|connect|connecting|save|saving|respond|responding|play|playing|install|installing|update|updating|download|downloading|upload|uploading|show|showing|display|displaying|run|running|function|functioning|send|sending|print|printing|recogni[sz]e|detect|register|boot|refresh|import|export|load up)`;
const PROBLEM_NOUN = String.raw`(?:bugs?|crash(?:es|ed|ing)?|glitch(?:es)?|errors?|issues?|problems?|freez\w*|lags?|force close\w*|hiccups?)`;
/** Words allowed between the negation and the verb: "doesn't seem to work", "won't let me play". */
const INTER = String.raw`(?:(?:even|seem to|seems to|always|really|ever|actually|properly|correctly|fully|get it to|get the app to|be able to|able to|let me|let you|allow me to|allow you to) )?`;
/** Things people ask a support desk for, not a product team: "I want an answer". */
const SERVICE_ASK = String.raw`(?:answer|response|reply|call|callback|refund|explanation|apology|update|agent|person|human|manager|supervisor|number|email|voucher|credit|seat|ticket)`;
/** What may follow "down" when it is not about availability: "down to", "hands down", "down the road". */
const NOT_OUTAGE_DOWN = String.raw`(?:to|from|by|with|the|a|on|in|at|for good|grade|here|there|payment|side)(?![a-z])`;
const ACCESS = String.raw`(?:can'?t|cannot|can not|couldn'?t|unable to|not able to|won'?t let (?:me|us)|fail(?:s|ed|ing)? to) (?:even )?(?:log ?in|login|sign ?in|access|connect|reach|load|get (?:in|on|into|through)|open)`;

export const SECURITY: readonly Cue[] = [
  {
    weight: 3,
    re: rx([
      String.raw`security (?:hole|flaw|issue|bug|vulnerabilit\w+|breach|risk|problem|concern|threat)s?`,
      String.raw`vulnerabilit(?:y|ies)`, String.raw`cve-\d{4}-\d+`, String.raw`exploit(?:s|ed|able)?`,
      String.raw`zero[- ]day`, String.raw`data (?:breach|leak)s?`, String.raw`breach(?:ed|es)?(?! of (?:contract|trust|duty|the peace))`,
      String.raw`leak(?:ed|ing|s)? (?:my |our |user |users'? |customer |personal )?(?:data|passwords?|credentials|emails?|info\w*|keys?|tokens?)`,
      String.raw`hack(?:ed|er|ers)`, 'malware', String.raw`(?<!(?:contagious|flu|stomach|cold|nasty|corona|zika|ebola) )virus(?:es)?`, 'trojan', 'spyware', 'adware',
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
  {
    weight: 1.5,
    re: rx([
      String.raw`permissions?`, 'privacy', 'spying', String.raw`spy(?:ware)? on`, 'tracking me',
      String.raw`(?:steal|steals|stealing|stole|harvest\w*|sell\w*) (?:my |your |our )?(?:data|info\w*|contacts|personal)`,
      String.raw`personal (?:data|information|info)`, 'encrypt\\w*', 'hack', 'hacking', 'suspicious',
      'fraud\\w*', 'antivirus', 'anti-virus', 'two[- ]factor', '2fa', String.raw`(?<!memory )leak(?:s|ed|ing|age|y)?`,
      'compliance', String.raw`private (?:channels?|boards?|repos?|messages|data|files)`, 'gdpr',
    ]),
  },
];

export const OUTAGE: readonly Cue[] = [
  {
    weight: 3,
    re: rx([
      'outages?',
      String.raw`(?:is|are|was|were|been|being|it'?s|site'?s|app'?s) (?:still |completely |totally |currently |all |again |now )?down(?! ${NOT_OUTAGE_DOWN})`,
      String.raw`down (?:for (?:me|everyone|everybody|anyone|hours|days|\d+)|since|right now|atm)`,
      String.raw`(?:service|server|servers|site|website|app|api|platform|system|systems|network|portal|login|checkout|backend) (?:is |are |was |seems |seem |went |goes |keeps going )?(?:down|offline|unreachable|unavailable)(?! ${NOT_OUTAGE_DOWN})`,
      'service unavailable', 'status page', String.raw`(?:error|http|status) ?50[234]`,
      String.raw`50[234] (?:error|bad gateway|service unavailable|gateway)`,
      'bad gateway', String.raw`gateway time-?out`, String.raw`(?:total|complete|major|partial|global|widespread|massive) (?:outage|blackout|disruption)`,
      String.raw`(?:system|service|server|network|power) (?:failure|outage)`,
      String.raw`degraded (?:performance|service)`, String.raw`is (?:it|this) just me`,
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
    ]),
  },
  {
    weight: 1,
    re: rx([
      String.raw`since (?:\d{1,2}(?::\d\d)? ?(?:am|pm)?|this morning|last night|yesterday|an hour|hours)`,
      String.raw`for (?:hours|the last \w+ hours|an hour|\d+ hours)`, 'all (?:day|morning|night)',
      String.raw`(?:everyone|everybody|all users|anyone else)`, 'worldwide', 'globally', 'can confirm', 'same here',
      String.raw`(?:here|for me|for us) too`, 'whole (?:company|team|office|org)',
    ]),
  },
];

export const BUG: readonly Cue[] = [
  {
    // Denied problems claim their words first so they score nothing: "no bugs", "hasn't crashed".
    weight: 0,
    re: rx([
      String.raw`(?:no|zero|without|never|hasn'?t|haven'?t|not|free of) (?:any |major |real |serious |big |noticeable |more |single |of the )?${PROBLEM_NOUN}(?:(?:,| or| and| nor) (?:any )?${PROBLEM_NOUN})*`,
      String.raw`(?:hasn'?t|haven'?t|didn'?t|doesn'?t|never|won'?t) (?:ever |once |yet )?(?:crash\w*|freez\w*|froze|lag\w*|glitch\w*)(?! (?:on|for) )`,
      String.raw`(?:bug|problem|issue|glitch|crash|error)[- ]free`,
    ]),
  },
  {
    weight: 2,
    re: rx([
      'bugs?', 'buggy', String.raw`crash(?:es|ed|ing)?`, String.raw`glitch(?:es|y|ing)?`,
      String.raw`errors?`, 'exceptions?', 'stack ?trace', 'segfault', String.raw`freez(?:e|es|ing)`,
      'froze', 'frozen', String.raw`hangs`, String.raw`force[ds]? (?:close|closes|closed|closing|stop|stops)`,
      String.raw`keeps? (?:on )?(?:crashing|closing|stopping|freezing|restarting|rebooting|logging me out|resetting|failing|kicking me out|disconnecting)`,
      String.raw`stop(?:s|ped)? (?:working|responding|loading|syncing)`, `${NEG_AUX} ${INTER}${APP_VERB}`,
      String.raw`(?:don'?t|do not) (?:work|load|open|show|play|sync|connect|save|respond|display|run|function|start|launch)`,
      'not responding', 'unresponsive', 'broken', 'broke', String.raw`(?:black|blank|white|grey|gray) screen`,
      String.raw`(?:reboots|restarts|resets|shuts? down|closes) (?:my \w+|itself|randomly|automatically|on its own)`,
      'regression', String.raw`(?:is|are|was|shows?|showing|displays?) (?:\w+ )?(?:wrong|incorrect)`,
      'defects?', String.raw`malfunction\w*`, String.raw`doesn'?t do anything`, 'does nothing',
      // regressions: "can no longer see", "it worked before", "not loading anymore"
      String.raw`(?:can|could) no longer`, String.raw`no longer (?:\w+ )?(?:able|works?|loads?|opens?|shows?|syncs?|connects?|lets?)`,
      String.raw`(?:used to|it) work(?:ed)? (?:fine |well |perfectly )?(?:before|until)`, String.raw`(?:was|were) (?:\w+ )?(?:working|functioning) (?:\w+ )?until`,
      String.raw`(?:none|nothing|neither) (?:of (?:them|these|the \w+) )?works?`, String.raw`(?:please|pls|plz) fix`,
      String.raw`${NEG_AUX} ${INTER}gets? (?:published|saved|sent|uploaded|updated|synced|loaded|delivered|posted|displayed)`,
      String.raw`(?:goes|went|turns|turned|stays|stayed) (?:completely )?(?:blank|black|white|dark)`,
      String.raw`(?:must|needs? to|should|has to|have to) be (?:fixed|repaired|addressed|looked at)`, String.raw`needs? (?:a )?fix(?:ing|ed)?`,
      String.raw`(?:hope|please|pls|plz|kindly) (?:\w+ ){0,2}fix`, ACCESS,
      String.raw`gets? (?:cleared|deleted|erased|wiped|reset|lost|corrupted|stuck)`,
    ]),
  },
  {
    weight: 1.5,
    re: rx([
      String.raw`(?:can'?t|cannot|can not|unable to|not able to|couldn'?t|won'?t let (?:me|us)) (?:even |seem to |get (?:it|the app) to )?(?!wait|complain|believe|stop|get enough|live without|recommend|say enough|imagine|find (?:a|any) (?:better|fault)|go wrong|beat|help|ask for|fault|thank)[a-z]+`,
      String.raw`(?:keeps?|kept) (?:on )?(?!getting better|improving|getting more|working|me (?:entertained|busy|coming))[a-z]+ing`,
      String.raw`(?:always|keeps?|kept|it|its|it'?s|it is|app|then) (?:says|saying|said|shows|showing|tells|telling|asking|asks)`,
      String.raw`(?:problems?|issues?|trouble) (?:with|when|loading|opening|on|since|after|connecting)`,
      String.raw`(?:since|after) (?:the |this |last |latest |recent |new |i )?(?:update|upgrade|updated|upgraded)`,
      String.raw`loading (?:symbol|screen|icon|circle|wheel)`, String.raw`spinn(?:ing|er)`, 'not found',
      String.raw`(?:not|in)compatible`, String.raw`anymore`, 'refuses to',
      // the product as the subject of a present-tense failure: "does not identify articles";
      // denials of something bad ("doesn't drain the battery") are left out
      String.raw`(?:doesn'?t|does not|dosn'?t|dosent|won'?t|wont|will not) (?:even |always |properly |ever )?(?!have|has|support|offer|include|need|matter|mean|care|bother|like|want|seem|know|look|make|take|cost|require|deserve|hurt|compare|regret|disappoint|be|get me|let (?:me|you) down|kill|drain|hog|suck|slow|push|hide|spam|nag|annoy|mind|lag|crash|freeze|waste|eat|use (?:much|a lot|too)|remember)[a-z]{3,}`,
    ]),
  },
  {
    // how people describe a defect without naming it: reproduction, platform, version, symptom
    weight: 1.5,
    re: rx([
      String.raw`steps to reproduce`, String.raw`(?:to |can |can't |cannot )?reproduc(?:e|ed|ible)`, 'repro',
      String.raw`happens (?:on|every|each|when|whenever|randomly|consistently|only|again|all the time)`,
      String.raw`every (?:single )?time (?:i|you|we|it)`, String.raw`instead of`, String.raw`(?:ticket|bug|issue) (?:filed|reported|opened)`,
      String.raw`(?:filed|opened|reported|submitted) (?:a |an )?(?:ticket|bug|issue|report)`, 'bug report', 'workaround',
      'memory leak', String.raw`infinite (?:loop|redirect|spinner|scroll|reload)`, String.raw`redirect loop`,
      String.raw`(?:returns?|throws?|gives?|getting|got|shows?) (?:an? )?(?:http )?(?:[45]\d\d|exception|typeerror|nullpointer\w*|stack ?trace)`,
      String.raw`[45]0[0-9]s`, String.raw`duplicat(?:e|es|ed|ing) (?:itself|themselves|entries|items|messages|notifications|tasks|events)`,
      String.raw`(?:arrives?|shows? up|appears?|fires?|sent) twice`, String.raw`(?:started|began) (?:after|with|since)`,
      String.raw`resets? (?:every|on|after|itself|when|whenever)`, String.raw`(?:vanish|disappear)(?:es|ed|s|ing)? (?:from|when|after|every)`,
      String.raw`drops? (?:audio|calls?|connection|messages|items|every|emoji|the)`, String.raw`skips? (?:items|messages|rows|entries|records|events)`,
      String.raw`the docs say`, String.raw`(?:doesn'?t|does not|won'?t) respect`, String.raw`ignores? (?:my|the) (?:settings?|schedule|preferences?)`,
      String.raw`(?:links?|points?|maps?) to the wrong`, String.raw`marks? (?:every|all)`,
    ]),
  },
  {
    weight: 1,
    re: rx([
      String.raw`on (?:android|ios|ipados|ipad|iphone|macos|mac|windows|linux|ubuntu|chrome|chromium|firefox|safari|edge)(?: \d+(?:\.\d+)*)?`,
      String.raw`v?\d+\.\d+\.\d+`, String.raw`version \d+(?:\.\d+)*`,
    ]),
  },
  { weight: 2, re: /🐛/g },
  {
    weight: 1,
    re: rx([
      String.raw`fix(?:ed|es|ing)?`, String.raw`issues?`, String.raw`problems?`, 'stuck',
      String.raw`(?:latest|last|recent|new) (?:update|upgrade|version)`, String.raw`(?:lost|deleted|erased|wiped|lose|loses) (?:all )?(?:of )?(?:my |our )?(?:data|progress|files|photos|pictures|contacts|messages|notes|settings|saves?|history|account)`,
      String.raw`re-?install\w*`, String.raw`disappear\w*`, 'randomly', 'wrong', 'incorrect',
      'sometimes', 'occasionally', 'at times', 'every time', 'each time', String.raw`deletes (?:my|what|all|everything)`,
      String.raw`no (?:sound|audio|video|picture|signal|notifications?)`,
    ]),
  },
];

export const FEATURE: readonly Cue[] = [
  {
    weight: 2,
    re: rx([
      String.raw`(?:please|pls|plz) (?:\w+ )?(?:add|make|include|allow|bring|consider|implement|support|enable|create|integrate)`,
      String.raw`(?:add|adding|implement|include|introduce|bring back|integrate|provide|offer) (?:a|an|the|some|more|support|options?|ability|features?|settings?|a way|widgets?|themes?)`,
      String.raw`would (?:love|like|appreciate) (?:to see|to have|it if|if|an?|the ability|more|some|support|options?)`,
      String.raw`(?:would|could) be (?:\w+ )?(?:nice|great|awesome|cool|good|helpful|useful|better|perfect|amazing|fantastic|handy|ideal)`,
      String.raw`(?:could|can) (?:use|do with) (?:a|an|some|more|better)`, String.raw`(?:could|can) be (?:improved|better)`,
      String.raw`(?:only|one) thing (?:i|we) (?:miss|want|need|would like|wish)`, String.raw`features? (?:i|we) (?:miss|want|need|would like)`,
      String.raw`(?:i'?d|i would|we'?d|we would) (?:really )?(?:like|love|prefer|ask for) (?:to see|to have|the option|the ability|a way|more|some|it if|if|support for|better|extra|an? (?!${SERVICE_ASK}))`,
      String.raw`where(?:'s| is| are) (?:the |my )?(?:\w+ ){0,2}(?:option|feature|language|integration|support|setting|button|version|mode)s?`, String.raw`what about (?:a|an|the|adding|having|some|possibility)`,
      String.raw`(?:doesn'?t|does not) (?:even )?(?:have|support|offer|include|let you)`, String.raw`not enough`,
      String.raw`would be (?:\w+ )?(?:nice|great|awesome|cool|good|helpful|useful|better|perfect|handy|ideal|happy|glad|grateful) (?:if|to)`,
      String.raw`(?:haven'?t|hasn'?t|not yet|still not|never) (?:\w+ )?(?:added|implemented|included|introduced)`,
      String.raw`no (?:way|option|setting|settings|button|ability|means) to`,
      String.raw`(?:i|we) (?:really |still |just )?(?:need|want|wanna) (?:to be able|more|some|to have|the option|the ability|support for|an? (?!${SERVICE_ASK}))`,
      String.raw`(?:^|[.!?] )(?:still )?needs [a-z]+`, String.raw`(?:is|are) (?:badly |really |desperately |still )?needed`, String.raw`(?:features?|options?|settings?|support) needed`,
      String.raw`wish (?:it|there|you|the|they|i could|we could|this|for|that)`,
      'wish ?list', String.raw`feature requests?`, String.raw`suggestions? (?:for|to|is|would)`,
      String.raw`(?:missing|lacks?|lacking|lack of|no|needs?|want|wants|need more|miss) (?:\w+ ){0,4}(?:features?|options?|ability|support|functionality|functions?|customi[sz]ation|settings?|widgets?|modes?|integration|config\w*|buttons?)`,
      String.raw`should (?:\w+ )?(?:add|have|include|allow|support|let|be able|make|offer|give|bring|provide|consider|integrate)`,
      String.raw`(?:can|could|will) you (?:guys )?(?:please )?(?:also )?(?:add|make|include|allow|bring|implement|consider|create|support|show)`,
      String.raw`(?:options?|ability|settings?) to(?! \w+ (?:work|load))`, String.raw`(?<!is there )a way to(?! \w+ (?:work|load))`, String.raw`support for`,
      String.raw`(?:in|for) (?:the |a )?(?:next|future|coming|upcoming) (?:update|version|release)s?`,
      String.raw`hope (?:you|they|the devs?|the developers?|to see) (?:will |can |could )?(?:add|include|make|bring|implement|see)`,
      String.raw`i miss (?:the|being able|having|my|it)`, String.raw`needs? (?:a|an|more|to add|to have|to include|to support|an option|some)`,
      String.raw`(?:wanted|want|need|needs|like) (?:a |an )?(?:dark mode|night mode|widget|landscape|tablet version|offline mode|sync)`,
      String.raw`(?:would|will) (?:give|rate) (?:it )?(?:5|five|more) stars? (?:if|when)`,
      String.raw`(?:waiting for|looking forward to|can'?t wait for) (?:the |a |an )?(?:feature|option|version|support|update that)`,
      'can (?:there|we) be', String.raw`there (?:should|needs to) be`, 'make it possible',
      String.raw`can we (?:please )?(?:get|have)`, 'killer feature', String.raw`feature (?:idea|suggestion|wish)`,
      String.raw`feedback (?:board|forum|portal)`, String.raw`roadmap`, String.raw`(?:would|will|'d) (?:genuinely |gladly |happily |definitely )?pay (?:extra |more )?for`,
      String.raw`needs (?!to be|fix|a fix|fixing|help|attention|a restart|work)(?:a |an |more |some |better )?[a-z]{3,}`,
    ]),
  },
  {
    // Sentence-initial imperative addressed to the maker: "Make the font bigger. Put it in English."
    weight: 2,
    re: /(?:^|[.!?;:]\s*|\bbut\s+|\bat least\s+)(?:please |pls |plz |just |also )?(?:make|add|bring|allow|include|create|implement|enable)\s(?!(?:sure|me feel|you|it up|up for)\b)/g,
  },
  {
    weight: 1,
    re: rx([
      'should', 'wish', 'please', 'add', 'more', 'option', 'feature', 'features', 'missing', 'lacks',
      'if only', 'suggest\\w*',
      'would', 'hope', 'allow', 'customi[sz]\\w*', 'improve\\w*', 'support', 'able to', 'needs',
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
