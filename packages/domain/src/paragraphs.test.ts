import { describe, expect, it } from 'vitest';
import { noticeParagraphs } from './paragraphs.ts';

describe('noticeParagraphs (issue 19 §1: the PDF and the portal split a notice the same way)', () => {
  it.each<[string, string, string[]]>([
    ['one paragraph', '本项目已具备招标条件。', ['本项目已具备招标条件。']],
    ['a blank line separates', '一、招标条件\n\n本项目已具备招标条件。', ['一、招标条件', '本项目已具备招标条件。']],
    ['several blank lines are one separator', '甲\n\n\n\n乙', ['甲', '乙']],
    ['a single line break stays inside the paragraph', '联系人：张敏\n电话：0571-00000000', ['联系人：张敏\n电话：0571-00000000']],
    ['a blank line of spaces, tabs or ideographic spaces still separates', '甲\n  \t\u3000\n乙', ['甲', '乙']],
    ['Windows line ends', '甲\r\n\r\n乙\r\n丙', ['甲', '乙\n丙']],
    ['old Mac line ends', '甲\r\r乙', ['甲', '乙']],
    ['leading and trailing blank lines and spaces are dropped', '\n\n  甲  \n\n', ['甲']],
    ['an indent at the start of a paragraph is trimmed (the page and the PDF indent themselves)', '\u3000\u3000甲\n\n\u3000\u3000乙', ['甲', '乙']],
    ['empty text', '', []],
    ['only white space', ' \n\n\t\n ', []],
  ])('%s', (_name, text, expected) => {
    expect(noticeParagraphs(text)).toEqual(expected);
  });
});
