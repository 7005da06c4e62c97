import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedConfig } from '@churn/config';
import { describe, expect, it } from 'vitest';
import {
  PipelineError,
  PipelineErrorCodes,
  ValidationCodes,
  type ValidationProblem,
} from '../src/index.js';
import { readRawTables } from '../src/raw/read-raw-tables.js';
import { prepareStep } from '../src/steps/prepare.js';
import { validateStep } from '../src/steps/validate.js';
import { contextFor, runStep, testConfig } from './fixtures.js';

const USERS = [
  'user_id,signup_date,plan,is_paid,country,marketing_source,engagement_score',
  '1,2024-12-20,paid,1,US,ads,0.5',
  '2,2024-12-28,free,0,IN,organic,0.25',
];
const EVENTS = [
  'event_id,user_id,event_time,event_type,course_id,watch_minutes,quiz_score,amount',
  '1,1,2025-01-01T08:00:00,login,,,,',
  '2,1,2025-01-01T08:10:00,video_watch,argo-cd,12.5,,',
  '3,1,2025-01-02T09:00:00,payment_success,,,,499',
  '4,2,2025-01-03T10:00:00,quiz_attempt,terraform,,75,',
];

function writeRaw(config: ResolvedConfig, users: string[] | string, events: string[] | string) {
  mkdirSync(config.paths.raw, { recursive: true });
  const text = (lines: string[] | string) =>
    typeof lines === 'string' ? lines : `${lines.join('\n')}\n`;
  writeFileSync(join(config.paths.raw, 'users.csv'), text(users));
  writeFileSync(join(config.paths.raw, 'events.csv'), text(events));
}

/** The problems validate reports for these files (it must fail). */
async function problemsOf(
  users: string[] | string,
  events: string[] | string,
): Promise<ValidationProblem[]> {
  const config = testConfig();
  writeRaw(config, users, events);
  const error = await validateStep.run(contextFor(config)).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(PipelineError);
  expect((error as PipelineError).code).toBe(PipelineErrorCodes.CHURN_ERR_VALIDATION_FAILED);
  const report = JSON.parse(readFileSync(join(config.paths.reports, 'validation.json'), 'utf8'));
  return report.problems;
}

const replaceLine = (lines: string[], index: number, line: string) =>
  lines.map((old, i) => (i === index ? line : old));

describe('validate: accepts good input', () => {
  it('passes and hands the tables to prepare', async () => {
    const config = testConfig();
    writeRaw(config, USERS, EVENTS);
    const result = await validateStep.run(contextFor(config));
    expect(result.summary).toContain('2 users, 4 events');
  });
});

describe('validate: names file, line, row, column and rule of each problem', () => {
  it('a users.csv with a missing column', async () => {
    const users = USERS.map((line) =>
      line
        .split(',')
        .filter((_, i) => i !== 2)
        .join(','),
    );
    const [problem, ...rest] = await problemsOf(users, EVENTS);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({
      code: ValidationCodes.CHURN_ERR_VALIDATION_MISSING_COLUMN,
      line: 1,
      column: 'plan',
    });
    expect(problem!.file).toMatch(/users\.csv$/);
  });

  it('a non-numeric watch_minutes', async () => {
    const events = replaceLine(EVENTS, 2, '2,1,2025-01-01T08:10:00,video_watch,argo-cd,twelve,,');
    expect(await problemsOf(USERS, events)).toEqual([
      expect.objectContaining({
        code: ValidationCodes.CHURN_ERR_VALIDATION_NOT_A_NUMBER,
        file: expect.stringMatching(/events\.csv$/),
        line: 3,
        row: 2,
        column: 'watch_minutes',
      }),
    ]);
  });

  it('an unknown event_type', async () => {
    const events = replaceLine(EVENTS, 1, '1,1,2025-01-01T08:00:00,logout,,,,');
    expect(await problemsOf(USERS, events)).toEqual([
      expect.objectContaining({
        code: ValidationCodes.CHURN_ERR_VALIDATION_UNKNOWN_EVENT_TYPE,
        line: 2,
        row: 1,
        column: 'event_type',
      }),
    ]);
  });

  it('an empty file, and a file with a header only', async () => {
    expect(await problemsOf('', EVENTS)).toEqual([
      expect.objectContaining({
        code: ValidationCodes.CHURN_ERR_VALIDATION_EMPTY_FILE,
        file: expect.stringMatching(/users\.csv$/),
      }),
    ]);
    expect(await problemsOf(USERS, [EVENTS[0]!])).toEqual([
      expect.objectContaining({
        code: ValidationCodes.CHURN_ERR_VALIDATION_EMPTY_FILE,
        file: expect.stringMatching(/events\.csv$/),
      }),
    ]);
  });

  it('a file cut short (no final line end) and a row with a wrong field count', async () => {
    const cutUsers = `${USERS.join('\n')}\n3,2024-12-30,fr`;
    const shortRow = replaceLine(EVENTS, 2, '2,1,2025-01-01T08:10:00');
    const problems = await problemsOf(cutUsers, shortRow);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: ValidationCodes.CHURN_ERR_VALIDATION_TRUNCATED,
          file: expect.stringMatching(/users\.csv$/),
          line: 4,
          row: 3,
        }),
        expect.objectContaining({
          code: ValidationCodes.CHURN_ERR_VALIDATION_FIELD_COUNT,
          file: expect.stringMatching(/events\.csv$/),
          line: 3,
          row: 2,
        }),
      ]),
    );
    // A last line cut after a complete value still has every field: the missing line end tells.
    const cutEvents = `${EVENTS.join('\n')}\n5,2,2025-01-04T10:00:00,login,,,,4`;
    expect(await problemsOf(USERS, cutEvents)).toEqual([
      expect.objectContaining({ code: ValidationCodes.CHURN_ERR_VALIDATION_TRUNCATED, line: 6 }),
    ]);
  });

  it('duplicate ids and unknown users', async () => {
    const users = [...USERS, '2,2024-12-29,free,0,UK,ads,0.1'];
    const events = [
      ...EVENTS,
      '4,1,2025-01-04T10:00:00,login,,,,',
      '5,9,2025-01-04T11:00:00,login,,,,',
    ];
    const problems = await problemsOf(users, events);
    // by file, then by line (the duplicate check runs after the rows, its problem still
    // comes at its line)
    expect(problems.map(({ code, line, column }) => ({ code, line, column }))).toEqual([
      { code: ValidationCodes.CHURN_ERR_VALIDATION_DUPLICATE_ID, line: 4, column: 'user_id' },
      { code: ValidationCodes.CHURN_ERR_VALIDATION_DUPLICATE_ID, line: 6, column: 'event_id' },
      { code: ValidationCodes.CHURN_ERR_VALIDATION_UNKNOWN_USER, line: 7, column: 'user_id' },
    ]);
  });

  it('values out of range, bad categories and bad dates', async () => {
    const users = [
      USERS[0]!,
      '1,2024-12-20,gold,2,US,ads,1.5',
      '2,2024-13-28,free,0,IN,organic,0.25',
    ];
    const events = [
      EVENTS[0]!,
      '1,1,2025-01-01T08:00:00,video_watch,,-3,,',
      '2,1,2025-01-01T08:10:00,quiz_attempt,,,101,',
      '3,1,yesterday,payment_failed,,,,0',
    ];
    const problems = await problemsOf(users, events);
    expect(problems.map(({ code, line, column }) => `${line} ${column} ${code}`)).toEqual([
      `2 plan ${ValidationCodes.CHURN_ERR_VALIDATION_BAD_CATEGORY}`,
      `2 is_paid ${ValidationCodes.CHURN_ERR_VALIDATION_BAD_CATEGORY}`,
      `2 engagement_score ${ValidationCodes.CHURN_ERR_VALIDATION_OUT_OF_RANGE}`,
      `3 signup_date ${ValidationCodes.CHURN_ERR_VALIDATION_BAD_DATE}`,
      `2 watch_minutes ${ValidationCodes.CHURN_ERR_VALIDATION_OUT_OF_RANGE}`,
      `3 quiz_score ${ValidationCodes.CHURN_ERR_VALIDATION_OUT_OF_RANGE}`,
      `4 event_time ${ValidationCodes.CHURN_ERR_VALIDATION_BAD_DATE}`,
      `4 amount ${ValidationCodes.CHURN_ERR_VALIDATION_OUT_OF_RANGE}`,
    ]);
  });

  it('a missing file', async () => {
    const config = testConfig();
    const error = await readRawTables(config.paths.raw).catch((caught: unknown) => caught);
    expect((error as PipelineError).code).toBe(PipelineErrorCodes.CHURN_ERR_VALIDATION_FAILED);
    expect((error as PipelineError).problems.join('\n')).toContain(
      ValidationCodes.CHURN_ERR_VALIDATION_MISSING_FILE,
    );
  });

  it('lists the first 50 problems in the message and counts the rest', async () => {
    const config = testConfig();
    const bad = Array.from({ length: 120 }, (_, i) => `${i + 10},1,2025-01-05T00:00:00,logout,,,,`);
    writeRaw(config, USERS, [...EVENTS, ...bad]);
    const error = (await readRawTables(config.paths.raw).catch(
      (caught: unknown) => caught,
    )) as PipelineError;
    expect(error.problems).toHaveLength(120);
    expect(error.message).toContain('120 problem(s)');
    expect(error.message).toContain('... and 70 more');
    expect(error.message.split('\n').filter((line) => line.startsWith('  - '))).toHaveLength(50);
  });
});

describe('validate: the original system files', () => {
  it('reads pandas-style CSVs: space datetimes, microseconds, True/False flags, CRLF, quotes, extra and reordered columns', async () => {
    const config = testConfig();
    writeRaw(
      config,
      'country,user_id,signup_date,plan,is_paid,marketing_source,engagement_score,extra\r\n' +
        'US,1,2024-12-20,paid,True,ads,0.512345678901,x\r\n' +
        '"IN",2,2024-12-28,free,False,"organic",,y\r\n',
      'event_id,user_id,event_time,event_type,course_id,watch_minutes,quiz_score,amount\r\n' +
        '1,1,2025-01-01 08:00:00,login,,,,\r\n' +
        '2,1,2025-01-01 08:10:00.123456,video_watch,argo-cd,12.345678,,\r\n' +
        '3,2,2025-01-03 23:59:59,quiz_attempt,terraform,,88.5,\r\n',
    );
    const { users, events } = await readRawTables(config.paths.raw);
    expect(Array.from(users.isPaid)).toEqual([1, 0]);
    expect(users.country).toEqual(['US', 'IN']);
    expect(Array.from(users.engagementScore)).toEqual([0.512345678901, Number.NaN]);
    expect(events.rows).toBe(3);
    expect(Array.from(events.watchMinutes)).toEqual([Number.NaN, 12.345678, Number.NaN]);

    const context = contextFor(config);
    await runStep(prepareStep, context);
    const daily = readFileSync(join(config.paths.processed, 'user_daily.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(daily).toHaveLength(1 + 2 * 3);
    expect(daily[1]).toBe(
      '1,2025-01-01,2024-12-20,paid,1,US,ads,0.512346,12,1,0,12.345678,0,,0,0,0,2,1',
    );
    expect(daily[6]).toBe('2,2025-01-03,2024-12-28,free,0,IN,organic,,6,0,0,0,1,88.5,0,0,0,1,1');
  });

  it('does not write user_daily.csv when prepare meets bad input', async () => {
    const config = testConfig();
    writeRaw(config, USERS, replaceLine(EVENTS, 1, '1,1,2025-01-01T08:00:00,logout,,,,'));
    await expect(prepareStep.run(contextFor(config))).rejects.toMatchObject({
      code: PipelineErrorCodes.CHURN_ERR_VALIDATION_FAILED,
    });
    expect(existsSync(join(config.paths.processed, 'user_daily.csv'))).toBe(false);
  });
});
