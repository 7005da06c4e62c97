/** `message` followed by one indented line a problem, or `message` alone when there are none. */
export function listIssues(message: string, issues: readonly string[] = []): string {
  return issues.length > 0
    ? `${message}:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`
    : message;
}

/** `file:line: message` (the line when known), or `message` alone without a file. */
export function atLocation(message: string, file?: string, line?: number): string {
  return file ? `${file}${line ? `:${line}` : ''}: ${message}` : message;
}
