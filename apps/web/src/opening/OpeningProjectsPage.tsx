/**
 * 开标大厅 (bidder menu 'opening'): the projects my company has a bid in force in, each linking to the
 * project's 开标 tab (`?tab=opening`). The center's 开标控制台 menu item is the project list pointing at
 * the same tab (WorkspacePage).
 */
import { useT } from '../i18n.ts';
import { BidListCard } from '../bids/BidListCard.tsx';

export const openingTabLink = (projectId: number) => `/workspace/bidder/projects/${projectId}?tab=opening`;

interface Row {
  projectId: number;
  sections: string[];
}

/** One row per project with a current bid, sections in order. */
export function openingRows(bids: readonly { projectId: number; sectionCode: string; status: string }[]): Row[] {
  const by = new Map<number, Set<string>>();
  for (const b of bids) {
    if (b.status !== 'current') continue;
    by.set(b.projectId, (by.get(b.projectId) ?? new Set()).add(b.sectionCode));
  }
  return [...by.entries()].sort((a, b) => b[0] - a[0]).map(([projectId, s]) => ({ projectId, sections: [...s].sort() }));
}

export function OpeningProjectsPage() {
  const t = useT();
  return (
    <BidListCard<Row>
      title={'opening.openingRoom'}
      testId="opening-projects"
      intro={'opening.projectsPage.projectsYourCompany'}
      empty={'opening.projectsPage.bidsOpen'}
      rowKey="projectId"
      rows={openingRows}
      link={(r) => ({ to: openingTabLink(r.projectId) })}
      statusKey="status"
      columns={[{ key: 'sections', title: t('opening.projectsPage.sections'), render: (_, r) => r.sections.join('、') }]}
    />
  );
}
