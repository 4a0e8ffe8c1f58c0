import type { CreateResult } from '../create.js';
import { renderString } from '../render/engine.js';
import type { Stack } from '../stack/stack.js';
import { isRecordPath } from '../update/record.js';

export interface PlaceholderTodo {
  input: string;
  value: string;
  /** Generated files that hold the placeholder, relative to the project folder. */
  files: string[];
}

/** The inputs left at a placeholder default (`default_is_placeholder`) that some generated file holds. */
export function placeholderTodos(stack: Stack, result: Pick<CreateResult, 'answers' | 'planned'>): PlaceholderTodo[] {
  const todos: PlaceholderTodo[] = [];
  for (const input of stack.inputs) {
    const value = result.answers[input.name];
    if (!input.default_is_placeholder || value === undefined) continue;
    if (value !== renderString(input.default, result.answers, `default of ${input.name}`)) continue;
    // The run record keeps every answer: it is not where the user replaces a placeholder.
    const holds = (file: (typeof result.planned)[number]): boolean => typeof file.content === 'string' && file.content.includes(value) && !isRecordPath(file.path);
    const files = result.planned.filter(holds).map((file) => file.path);
    if (files.length > 0) todos.push({ input: input.name, value, files });
  }
  return todos;
}
