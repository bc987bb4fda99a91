/**
 * The evaluation specialties (评标专业, issue 21 §1; domain §3): the codes stored in users.specialties and in
 * a committee's request, with their Chinese and English names. A code never changes once used; its names may.
 */
export const SPECIALTY_CODES = [
  'housing',
  'municipal',
  'highway',
  'water',
  'electrical',
  'it',
  'medical',
  'cost',
  'legal',
  'landscape',
] as const;

export type SpecialtyCode = (typeof SPECIALTY_CODES)[number];

export const SPECIALTIES: Readonly<Record<SpecialtyCode, { zh: string; en: string }>> = {
  housing: { zh: '房屋建筑', en: 'Building works' },
  municipal: { zh: '市政工程', en: 'Municipal works' },
  highway: { zh: '公路工程', en: 'Highway works' },
  water: { zh: '水利工程', en: 'Water works' },
  electrical: { zh: '电气工程', en: 'Electrical works' },
  it: { zh: '信息化', en: 'Information technology' },
  medical: { zh: '医疗设备', en: 'Medical equipment' },
  cost: { zh: '造价', en: 'Cost engineering' },
  legal: { zh: '法律', en: 'Law' },
  landscape: { zh: '园林绿化', en: 'Landscaping' },
};

export function isSpecialtyCode(s: string): s is SpecialtyCode {
  return (SPECIALTY_CODES as readonly string[]).includes(s);
}

/** The code of a specialty's Chinese name (the names the demo stored before codes existed), or null. */
export function specialtyCodeOfName(zh: string): SpecialtyCode | null {
  for (const code of SPECIALTY_CODES) if (SPECIALTIES[code].zh === zh) return code;
  return null;
}
