// The one lexer of the emulator's small query languages (dynamic membership rules, `$search`): a sticky regex whose
// first group is the token, applied until the text is used up; where nothing matches, `fail` names the position.
export function lex(text: string, re: RegExp, fail: (at: number) => Error): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m || m[0] === '') throw fail(i);
    out.push(m[1] as string);
    i = re.lastIndex;
  }
  return out;
}
