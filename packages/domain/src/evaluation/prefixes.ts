/**
 * How the evaluation's signed objects begin (issue 22 §1, §4): @ebid/pki's signing domains recognise them
 * by these, so this file is tiny and pure (the pki browser entry imports it; it must not pull the methods).
 */
export const EVALUATION_DECLARATION_PREFIX = 'ebid-evaluation-declaration:v1\n';
export const EVALUATION_SHEET_TYPE = 'ebid-evaluation-sheet';
