/**
 * Clarifications and amendments (澄清/修改; issue 5 §2; domain N5, N6, S1): the owner side drafts one on a
 * public project (optionally attaching new document versions), previews whether publishing now moves the
 * deadline, and publishes a numbered, sealed PDF pushed to every downloader and registered company.
 */
export { clarificationPdf, draftClarification, listClarifications, updateClarification } from './drafts.ts';
export { movedSchedule, previewClarification, publishClarification } from './publishing.ts';
