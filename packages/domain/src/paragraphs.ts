/**
 * The paragraphs of a notice, clarification or any published free text (issue 19 §1): the one rule the
 * sealed PDF and the portal page both follow, so a reader sees the same paragraphs in both. A blank line
 * (possibly holding spaces or tabs) ends a paragraph; a single line break stays inside its paragraph as
 * a hard break (the PDF breaks the line there, the page keeps it with `white-space: pre-line`). Windows
 * and old Mac line ends count as line feeds. Each paragraph is trimmed; empty ones are dropped.
 */
export function noticeParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t\u3000]*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}
