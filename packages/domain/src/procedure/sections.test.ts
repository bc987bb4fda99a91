/** Sections stand alone (issue 16 §7; domain O2 at the opening, P4 after prequalification). */
import { describe, expect, it } from 'vitest';
import { sectionOutcomes, type SectionOutcomes } from './sections.ts';

describe('sectionOutcomes (O2 / P4 per section: a short section fails alone)', () => {
  it.each<[string, Record<string, number>, number, string[], SectionOutcomes]>([
    ['one of two sections short', { '01': 2, '02': 3 }, 3, [], { failed: ['01'], proceeding: ['02'], projectFails: false, projectCount: 3 }],
    ['all sections short → the project fails', { '01': 2, '02': 1 }, 3, [], { failed: ['01', '02'], proceeding: [], projectFails: true, projectCount: 1 }],
    ['exactly the minimum goes on (boundary)', { '01': 3 }, 3, [], { failed: [], proceeding: ['01'], projectFails: false, projectCount: 3 }],
    ['one below the minimum fails (boundary)', { '01': 2 }, 3, [], { failed: ['01'], proceeding: [], projectFails: true, projectCount: 2 }],
    ['single section with no bids', { '01': 0 }, 3, [], { failed: ['01'], proceeding: [], projectFails: true, projectCount: 0 }],
    ['single section enough', { '01': 5 }, 3, [], { failed: [], proceeding: ['01'], projectFails: false, projectCount: 5 }],
    ['project count is the smallest proceeding section', { '01': 7, '02': 4, '03': 0 }, 3, [], { failed: ['03'], proceeding: ['01', '02'], projectFails: false, projectCount: 4 }],
    ['already-failed sections are ignored', { '01': 0, '02': 3 }, 3, ['01'], { failed: [], proceeding: ['02'], projectFails: false, projectCount: 3 }],
    ['already failed + the rest short → the project fails', { '01': 0, '02': 2 }, 3, ['01'], { failed: ['02'], proceeding: [], projectFails: true, projectCount: 2 }],
    ['every section failed before', { '01': 0 }, 3, ['01'], { failed: [], proceeding: [], projectFails: true, projectCount: 0 }],
    ['no sections', {}, 3, [], { failed: [], proceeding: [], projectFails: true, projectCount: 0 }],
    ['minimum 1 (single-source procedures)', { '01': 1, '02': 0 }, 1, [], { failed: ['02'], proceeding: ['01'], projectFails: false, projectCount: 1 }],
    ['codes in order whatever the input order', { '02': 1, '01': 1, '03': 3 }, 3, [], { failed: ['01', '02'], proceeding: ['03'], projectFails: false, projectCount: 3 }],
  ])('%s', (_n, counts, min, alreadyFailed, expected) => {
    expect(sectionOutcomes(counts, min, alreadyFailed)).toEqual(expected);
  });
});
