import { useState } from 'preact/hooks';
import type { ScreenProps } from '../../screen-props.ts';
import { AuditSection } from './audit-section.tsx';
import { DeadLettersSection } from './dead-letters-section.tsx';
import { DevicesSection } from './devices-section.tsx';
import { ResetRequestsSection } from './reset-requests-section.tsx';
import { UsersSection } from './users-section.tsx';
import './admin.css';

/**
 * The admin page: password requests, staff and their roles, devices, records refused as conflicts,
 * the audit log. АХО sees only the devices (their pairing codes and revocation).
 */
export function Screen({ props, frame }: ScreenProps<'admin'>) {
  const names = new Map(props.offices.map((o) => [o.id, o.name]));
  const officeName = (id: string) => names.get(id) ?? 'отдел вне справочника';
  // Any change made on the page reloads every section: a new user shows up in the audit log at once.
  const [version, setVersion] = useState(0);
  const sync = { version, changed: () => setVersion((v) => v + 1) };
  return (
    <>
      {props.isAdmin && <ResetRequestsSection {...sync} />}
      {props.isAdmin && <UsersSection {...sync} regionalFrom={frame.hub.regionalFrom} selfLogin={frame.user?.login ?? null} offices={props.offices} defaultOffice={props.defaultOffice} officeName={officeName} />}
      <DevicesSection {...sync} offices={props.offices} defaultOffice={props.defaultOffice} officeName={officeName} />
      {props.isAdmin && <DeadLettersSection {...sync} officeHub={frame.hub.role === 'office'} />}
      {props.isAdmin && <AuditSection {...sync} officeName={officeName} />}
    </>
  );
}
