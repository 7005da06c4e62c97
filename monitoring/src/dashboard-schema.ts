import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** Where the generated check module pretends to live: next to this file, so imports resolve. */
const CHECK_FILE = join(dirname(fileURLToPath(import.meta.url)), '__dashboard-check__.ts');
/** Lines of the check module before the dashboard's first line. */
const PREAMBLE = [
  "import type { Dashboard } from '@grafana/schema';",
  // JSON holds a string enum's values, not the enum: compare against the values' union.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source, not a template
  'type Json<T> = T extends string ? `${T}` : T extends object ? { [K in keyof T]: Json<T[K]> } : T;',
  'export const dashboard: Json<Dashboard> =',
];

/**
 * Checks a dashboard's JSON against Grafana's dashboard schema as published in @grafana/schema
 * (TypeScript types generated from Grafana's CUE kinds): the JSON becomes an object literal
 * typed `Dashboard`, so unknown keys, wrong types and missing required fields are compile
 * errors. Returns one "file:line: message" per problem; empty when the dashboard fits.
 *
 * @example
 * checkDashboardSchema(readFileSync(file, 'utf8'), file); // => []
 */
export function checkDashboardSchema(json: string, file: string): string[] {
  try {
    JSON.parse(json);
  } catch (error) {
    return [`${file}: not JSON: ${(error as Error).message}`];
  }
  const source = `${PREAMBLE.join('\n')}\n${json};\n`;
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2023,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, languageVersion, ...rest) =>
    name === CHECK_FILE
      ? ts.createSourceFile(name, source, languageVersion, true)
      : getSourceFile(name, languageVersion, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === CHECK_FILE || fileExists(name);
  const program = ts.createProgram([CHECK_FILE], options, host);
  const checkFile = program.getSourceFile(CHECK_FILE);
  return ts
    .getPreEmitDiagnostics(program, checkFile)
    .map((diagnostic) => describe(diagnostic, file));
}

/** TypeScript prints whole expanded types; the start names the field and the problem. */
const MAX_MESSAGE = 300;

function describe(diagnostic: ts.Diagnostic, file: string): string {
  const full = ts.flattenDiagnosticMessageText(diagnostic.messageText, '; ');
  const message = full.length > MAX_MESSAGE ? `${full.slice(0, MAX_MESSAGE)}…` : full;
  if (!diagnostic.file || diagnostic.start === undefined) return `${file}: ${message}`;
  const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  if (diagnostic.file.fileName !== CHECK_FILE) return `${file}: ${message}`;
  // line is 0-based and counts the preamble; the dashboard's line 1 is PREAMBLE.length.
  return `${file}:${line - PREAMBLE.length + 1}: ${message}`;
}
