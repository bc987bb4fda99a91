/** English words of the opening's time (the keys of ../zh/opening-time.ts, each one). */
import type zh from '../zh/opening-time.ts';

export default {
  'openingTime.panel.title': 'Opening time and host',
  'openingTime.panel.autoOpenAt': 'Opens automatically at {at} (Beijing time: the platform opens it, staff host it)',
  'openingTime.panel.graceEndsAt': 'Start grace {minutes} minutes, until {at}; an opening not started or not hosted by then alerts staff and supervisors',
  'openingTime.panel.openedByTimer': 'The platform opened the session at {at}',
  'openingTime.panel.openedByStaff': 'Staff opened the session at {at}',
  'openingTime.panel.waitingForHost': 'Waiting for the host',
  'openingTime.panel.hostedBy': 'Host: {host} (in the chair since {at})',
  'openingTime.panel.late': 'Late opening',
  'openingTime.panel.lateReason': 'Reason for the late opening: {reason}',
  'openingTime.panel.startLate': 'Start late',
  'openingTime.panel.takeChair': 'Take the chair',
  'openingTime.panel.pastGrace': 'Past the start grace: starting or taking the chair needs the reason, which goes into the opening record.',
  'openingTime.panel.chairTaken': 'You are hosting the opening',
  'openingTime.panel.startedLate': 'Opened late; the reason is recorded',
  'openingTime.panel.confirmWindow': 'Opening record version {version}: confirm by {at}',
  'openingTime.reason.title': 'Reason for the late opening',
  'openingTime.reason.help': 'The opening was due at {at}, more than {minutes} minutes ago. State why it was not opened or hosted on time (e.g. a platform fault, the timer did not run); the reason goes into the opening record and is shown to every party.',
  'openingTime.reason.label': 'Reason',
  'openingTime.reason.rule': 'State the reason (2 to 500 characters)',
  'openingTime.reason.ok': 'Confirm and take the chair',
  'openingTime.confirm.title': 'Confirm window of the opening record',
  'openingTime.confirm.until': 'Confirm the opening record (version {version}) with your company certificate, or object, by {at}: {left} left.',
  'openingTime.confirm.rule': 'A bidder that neither confirms nor objects by then is deemed to accept the record.',
  'openingTime.confirm.over': 'The confirm window ended at {at}: bidders that neither confirmed nor objected are deemed to accept the record.',
} satisfies Record<keyof typeof zh, string>;
