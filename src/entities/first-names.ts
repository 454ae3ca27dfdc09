/** Common given names, lower case: the person rule's cue (text-entities.ts). */
export const FIRST_NAMES: ReadonlySet<string> = new Set(
  [
    'aaron abigail ada adam ahmed aisha alan albert alexander alexis ali alice amanda amber amir amy ana',
    'anders andrea andrej andrew andrzej angela ann anna anthony arjun arthur ashley austin barbara',
    'benjamin betty beverly bill billy bobby bradley brandon brenda brian brittany bruce bryan carl',
    'carlos carol carolyn catherine charles charlotte chen cheryl christian christina christine',
    'christopher cynthia daniel danielle dario david deborah debra demis denise dennis diana diane diego',
    'dmitri donald donna doris dorothy douglas dylan edward elena elijah elizabeth elon emily emma eric',
    'ethan eugene evelyn fatima fei frances frank gabriel gary geoffrey george gerald giulia gloria grace',
    'gregory guido hannah harold hassan heather helen henry hiroshi hugo ilya ingrid isabella ivan jack',
    'jacob jacqueline james jan janet janice jason jean jeff jeffrey jennifer jensen jeremy jerry jesse',
    'jessica joan joao joe john jonathan jordan jose joseph joshua joyce juan judith judy julia julie',
    'justin karen katherine kathleen kathryn kayla keith kelly kenji kenneth kevin kimberly kyle larry',
    'lars laura lauren lawrence leo li liam linda linus lisa logan lori luca lucas lucia madison marco',
    'margaret maria marie marilyn mark martha mary mason mateo matthew megan melissa michael michelle',
    'miguel mira mohammed nancy natalie nathan nicholas nicole noah olga olivia omar oscar pablo pamela',
    'patricia patrick paul pedro peter philip piotr priya rachel raj ralph randy raymond rebecca richard',
    'robert roger ronald roy russell ruth ryan sam samantha samuel sandra sara sarah satya scott sean',
    'sergey sharon shirley sofia sophia stephanie stephen steve steven sundar susan sven teresa terry',
    'theresa thomas tim timothy tomas tyler victoria vincent virginia walter wayne wei wiktor william',
    'willie yann yoshua yuki yusuf zachary',
  ]
    .join(' ')
    .split(' '),
);
