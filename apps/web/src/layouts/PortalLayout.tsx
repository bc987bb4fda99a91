import { Outlet } from 'react-router';
import { Shell } from './Shell.tsx';

/** The public portal: no left menu (ux.md Patterns). */
export function PortalLayout() {
  return (
    <Shell>
      <Outlet />
    </Shell>
  );
}
