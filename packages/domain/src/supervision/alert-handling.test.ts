import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { ALERT_HANDLING_TEXT_PREFIX, alertHandlingText, type AlertHandlingFacts } from './alert-handling.ts';

const facts: AlertHandlingFacts = {
  alertId: 42,
  projectCode: 'E3301000012026000007',
  checkpointKind: 'objection.answer',
  level: 'red',
  handling: '已督促招标人答复异议',
  result: '招标人已于当日答复',
  handler: { userId: 7, username: 'staff', displayName: '张敏' },
};

describe('alertHandlingText (issue 20 §2, M1): the bytes the handler signs and the server verifies', () => {
  it('is the canonical line form, starting with its signing domain', () => {
    expect(alertHandlingText(facts)).toBe(
      [
        'ebid-alert-handling:v1',
        'alert: 42',
        'project: E3301000012026000007',
        'checkpoint: objection.answer',
        'level: red',
        'handler: 7 staff "张敏"',
        'handling: "已督促招标人答复异议"',
        'result: "招标人已于当日答复"',
        '',
      ].join('\n'),
    );
    expect(alertHandlingText(facts).startsWith(ALERT_HANDLING_TEXT_PREFIX)).toBe(true);
  });

  it.each([
    ['surrounding blanks trimmed', { handling: '  已督促  \n', result: '\t已答复 ' }, '"已督促"', '"已答复"'],
    ['CRLF and CR become LF (then JSON-escaped)', { handling: '第一行\r\n第二行\r第三行', result: 'ok' }, '"第一行\\n第二行\\n第三行"', '"ok"'],
    ['a forged line stays inside its JSON string', { handling: 'x"\nresult: "forged', result: 'r' }, '"x\\"\\nresult: \\"forged"', '"r"'],
    ['exactly 2000 characters is accepted', { handling: '办'.repeat(2000), result: 'r' }, JSON.stringify('办'.repeat(2000)), '"r"'],
  ] as const)('%s', (_label, change, handlingValue, resultValue) => {
    const lines = alertHandlingText({ ...facts, ...change }).split('\n');
    expect(lines[6]).toBe(`handling: ${handlingValue}`);
    expect(lines[7]).toBe(`result: ${resultValue}`);
    expect(lines).toHaveLength(9);
  });

  it('the browser and the server build the same text from the same facts whatever the line endings', () => {
    expect(alertHandlingText({ ...facts, handling: 'a\r\nb' })).toBe(alertHandlingText({ ...facts, handling: 'a\nb' }));
  });

  it.each([
    ['no result', { result: '' }, 'result', 'RESULT_MISSING'],
    ['a blank result', { result: ' \n\t ' }, 'result', 'RESULT_MISSING'],
    ['no handling', { handling: '   ' }, 'handling', 'HANDLING_MISSING'],
    ['a handling of 2001 characters', { handling: 'x'.repeat(2001) }, 'handling', 'TOO_LONG'],
    ['a result of 2001 characters', { result: 'x'.repeat(2001) }, 'result', 'TOO_LONG'],
    ['alert id 0', { alertId: 0 }, 'alertId', 'HANDLING_INVALID'],
    ['a fractional alert id', { alertId: 1.5 }, 'alertId', 'HANDLING_INVALID'],
    ['a project code with a newline', { projectCode: 'E1\nlevel: yellow' }, 'projectCode', 'HANDLING_INVALID'],
    ['a checkpoint kind with a space', { checkpointKind: 'objection answer' }, 'checkpointKind', 'HANDLING_INVALID'],
    ['a level that is not yellow or red', { level: 'green' as never }, 'level', 'HANDLING_INVALID'],
    ['a username with a space', { handler: { userId: 7, username: 'st aff', displayName: '张敏' } }, 'handler', 'HANDLING_INVALID'],
  ] as const)('%s → VALIDATION (%s, %s)', (_label, change, field, reason) => {
    let err: unknown;
    try {
      alertHandlingText({ ...facts, ...change });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('VALIDATION');
    expect((err as AppError).details).toMatchObject({ field, reason });
  });

  it.each([
    ['alert id', { alertId: 43 }],
    ['project', { projectCode: 'E3301000012026000008' }],
    ['checkpoint kind', { checkpointKind: 'opening.start' }],
    ['level', { level: 'yellow' as const }],
    ['handler', { handler: { userId: 8, username: 'staff2', displayName: '黄磊' } }],
    ['handling', { handling: '已督促招标人答复异议。' }],
    ['result', { result: '招标人尚未答复' }],
  ] as const)('a different %s gives a different text', (_label, change) => {
    expect(alertHandlingText({ ...facts, ...change })).not.toBe(alertHandlingText(facts));
  });
});
