// A command line given as one string, split into words as a POSIX shell would split it: blanks
// separate words, 'single quotes' keep everything, "double quotes" keep everything but \" \\ \$ \`,
// and a backslash outside quotes keeps the next character. No expansion of any kind: a test
// script's arguments mean the same on every host.
import { UsageError } from "../usage-error.ts";

export function splitShellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined; // undefined between words, so '' still makes an (empty) word
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === " " || c === "\t" || c === "\n") {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new UsageError(`unterminated ' quote in: ${line}`);
      word = (word ?? "") + line.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      word ??= "";
      for (i++; line[i] !== '"'; i++) {
        if (i >= line.length) throw new UsageError(`unterminated " quote in: ${line}`);
        if (line[i] === "\\" && '"\\$`'.includes(line[i + 1] ?? "")) i++;
        word += line[i];
      }
    } else if (c === "\\") {
      if (i + 1 < line.length && line[i + 1] !== "\n") word = (word ?? "") + line[i + 1];
      i++;
    } else {
      word = (word ?? "") + c;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}
