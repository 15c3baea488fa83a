import type { Role } from './roles.ts';
import type { RegisterChannel } from './register.ts';

/**
 * Who owns which channel of the register (order No. 308, issue 18). Social-network polls (2.4)
 * and open resources (2.5) belong to the «сектор информационного сопровождения» (role `info`),
 * with the CX sector, which analyses them, and the admin. The office channels (book of reviews,
 * hotline, written appeals, comments taken into work) are typed by the offices and the CX sector.
 * The `info` role follows only its own channels: the office head records measures on any entry
 * of his office, including a review about it found on the Internet. A mystery shopper's visit (2.3)
 * opens its entry itself, when the CX sector (or the admin) first saves the visit; the register's
 * own form does not offer it (hub/mystery-shopper/visit-register.ts).
 *
 * Types only, so the staff app bundles it with the forms that offer the channels.
 */
export const CHANNEL_OPENERS: Record<RegisterChannel, readonly Role[]> = {
  'book-of-reviews': ['cx', 'office-head', 'staff', 'admin'],
  hotline: ['cx', 'office-head', 'staff', 'admin'],
  'written-appeal': ['cx', 'office-head', 'staff', 'admin'],
  'comment-in-work': ['cx', 'office-head', 'admin'],
  'social-poll': ['info', 'cx', 'admin'],
  'open-resource': ['info', 'cx', 'admin'],
  'mystery-shopper': ['cx', 'admin'],
};

/** Who reads the register (each within the offices of their roles; the director and info read every office). */
export const REGISTER_READER_ROLES: readonly Role[] = ['cx', 'office-head', 'staff', 'director', 'info', 'admin'];

/**
 * Channels whose entries only some of the register's readers see. A mystery shopper's entry names
 * the day and the findings of a visit: the office's own staff could tell from it who the shopper
 * was, so only those who read the visits themselves see it (docs/mystery-shopper.md).
 */
export const CHANNEL_READERS: Partial<Record<RegisterChannel, readonly Role[]>> = {
  'mystery-shopper': ['cx', 'admin', 'director', 'office-head'],
};

/** The channels whose entries this user does not see at all (list, entry, export, search, monthly report). */
export const hiddenChannels = (user: RoleHolder): RegisterChannel[] =>
  (Object.entries(CHANNEL_READERS) as [RegisterChannel, readonly Role[]][]).filter(([, roles]) => !user.roles.some((g) => roles.includes(g.role))).map(([channel]) => channel);

/** The channels `info` types and follows. */
export const INFO_CHANNELS: readonly RegisterChannel[] = ['social-poll', 'open-resource'];

type RoleHolder = { roles: readonly { role: Role }[] };

export const mayOpenChannel = (user: RoleHolder, channel: RegisterChannel): boolean => user.roles.some((g) => CHANNEL_OPENERS[channel].includes(g.role));

/** Whether the user may add steps (measures, the answer posted, closing) to an entry of this channel. */
export const mayFollowChannel = (user: RoleHolder, channel: RegisterChannel): boolean =>
  !hiddenChannels(user).includes(channel) &&
  (user.roles.some((g) => g.role !== 'info' && g.role !== 'director' && g.role !== 'aho' && (channel !== 'mystery-shopper' || g.role !== 'staff')) || (INFO_CHANNELS.includes(channel) && user.roles.some((g) => g.role === 'info')));

/** The channels the user may open, in the order the form offers them. */
export const channelsToOpen = (user: RoleHolder, offered: readonly RegisterChannel[]): RegisterChannel[] => offered.filter((c) => mayOpenChannel(user, c));
