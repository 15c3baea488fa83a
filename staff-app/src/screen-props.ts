import type { Frame, PageId, PropsOf } from '../../shared/api/boot.ts';

/** What every screen is given: its page's boot props and the page frame (screens/<name>/, loaded by app.tsx). */
export interface ScreenProps<P extends PageId> {
  props: PropsOf<P>;
  frame: Frame;
}
