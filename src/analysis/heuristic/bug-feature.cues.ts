import type { Cue } from './cue.fragments.js';
import { rx, ACCESS, APP_VERB, INTER, NEG_AUX, PROBLEM_NOUN, SERVICE_ASK } from './cue.fragments.js';

/*
 * Cues for the two categories app feedback is mostly about: bug reports (named defects, failed
 * actions, regressions, reproduction details) and feature requests (asking for, wishing for or
 * missing a capability). Same conventions as category.cues.ts.
 */

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
