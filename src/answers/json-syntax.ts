import { describeCharacter } from './rules.js';

/** Where a JSON text first breaks the grammar (RFC 8259), or holds a key twice in one object. */
export interface JsonProblem {
  offset: number;
  problem: string;
}

/** A top-level key and the offset of its first character, for messages that point at it. */
export interface JsonKey {
  key: string;
  offset: number;
}

class Broken extends Error {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {
    super(problem);
  }
}

const MAX_DEPTH = 512;
const NUMBER = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
const STRING_BODY = /(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9A-Fa-f]{4})*/y;

/**
 * Checks JSON syntax with a position for every error: Node 20's JSON.parse messages carry none, and
 * quote the text, which may hold anything. Returns the problem, or the top-level keys.
 */
export function checkJson(text: string): { problem: JsonProblem } | { keys: JsonKey[] } {
  let at = 0;
  const keys: JsonKey[] = [];
  const space = (): void => {
    while (at < text.length && ' \t\n\r'.includes(text[at] as string)) at++;
  };
  const fail = (expected: string): never => {
    const found = at >= text.length ? 'the end of the file' : describeCharacter(String.fromCodePoint(text.codePointAt(at) as number));
    throw new Broken(at, `expected ${expected}, found ${found}`);
  };
  const string = (): string => {
    const start = at;
    at++;
    STRING_BODY.lastIndex = at;
    STRING_BODY.exec(text);
    at = STRING_BODY.lastIndex;
    if (text[at] !== '"') fail(at < text.length && text.charCodeAt(at) < 0x20 ? 'no control character inside a string (write it as an escape)' : text[at] === '\\' ? 'a valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)' : 'the closing quote of the string');
    at++;
    return JSON.parse(text.slice(start, at)) as string;
  };
  const value = (depth: number): void => {
    if (depth > MAX_DEPTH) fail(`at most ${MAX_DEPTH} nested lists and objects`);
    space();
    const char = text[at];
    if (char === '{') {
      at++;
      space();
      if (text[at] === '}') {
        at++;
        return;
      }
      const seen = new Set<string>();
      for (;;) {
        space();
        if (text[at] !== '"') fail('a key in double quotes');
        const offset = at;
        const key = string();
        if (seen.has(key)) throw new Broken(offset, `the key ${JSON.stringify(key)} appears twice in one object`);
        seen.add(key);
        if (depth === 0) keys.push({ key, offset });
        space();
        if (text[at] !== ':') fail('":" after the key');
        at++;
        value(depth + 1);
        space();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] === '}') {
          at++;
          return;
        }
        fail('"," or "}" after a value');
      }
    }
    if (char === '[') {
      at++;
      space();
      if (text[at] === ']') {
        at++;
        return;
      }
      for (;;) {
        value(depth + 1);
        space();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] === ']') {
          at++;
          return;
        }
        fail('"," or "]" after a value');
      }
    }
    if (char === '"') {
      string();
      return;
    }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, at)) {
        at += word.length;
        return;
      }
    }
    NUMBER.lastIndex = at;
    if (NUMBER.exec(text)) {
      at = NUMBER.lastIndex;
      return;
    }
    fail('a value (a string in double quotes, a number, true, false, null, a list or an object)');
  };
  try {
    value(0);
    space();
    if (at < text.length) fail('the end of the file after the value');
  } catch (error) {
    if (error instanceof Broken) return { problem: { offset: error.offset, problem: error.problem } };
    throw error;
  }
  return { keys };
}
