/**
 * What every panel adapter provides. A panel model speaks its own byte language; an adapter cuts
 * its bytes into frames (`Framer`) and reads each frame as a press, a heartbeat or a counted error
 * (`decode`). It knows nothing of the outbox, the hub or the button map: turning a button into a
 * score is the same for every model and happens once, in panel.ts.
 *
 * A new panel model is one file in this folder plus its test, and one line in index.ts.
 */

/** Faults on the wire, counted per panel and reported to the hub's health board. */
export type WireErrorKind =
  /** bytes that are not printable ASCII: noise, or a wrong baud rate */
  | 'garbage'
  /** printable, but not a line of the protocol's grammar */
  | 'malformed-line'
  | 'bad-checksum'
  /** longer than the configured cap; dropped up to the next line end */
  | 'overlong-line'
  /** the frame names another panel than the one configured on this port */
  | 'wrong-panel'
  /** the port went away in the middle of a frame */
  | 'partial-line';

/** A frame as cut from the byte stream, or the framer's own fault. */
export type Frame = { ok: true; bytes: Buffer } | { ok: false; reason: 'overlong-line' };

export interface Framer {
  /** Bytes as they arrived (any split); the frames they complete, in order. */
  push(chunk: Buffer): Frame[];
  /** The port closed. Returns how many bytes of an unfinished frame were dropped (0: none). */
  end(): number;
}

/**
 * A press as the panel reported it: `seq` is the panel's own sequence number (null for models
 * that have none), `button` the raw token before mapping, `ageMs` how long ago it was pressed
 * (null when the panel does not say: it is then taken as pressed now).
 */
export interface PanelPress {
  kind: 'press';
  seq: number | null;
  button: string;
  ageMs: number | null;
}

/** The panel's own sign of life. `nextSeq`: the number its next press will carry, when it says so. */
export interface PanelBeat {
  kind: 'heartbeat';
  nextSeq: number | null;
}

export type PanelMessage = PanelPress | PanelBeat;

export type DecodeResult = { ok: true; value: PanelMessage } | { ok: false; reason: WireErrorKind };

export interface PanelProtocol {
  readonly name: string;
  /** True when the panel remembers presses until acknowledged: the driver then answers each one. */
  readonly acknowledges: boolean;
  createFramer(options: { maxFrameBytes: number }): Framer;
  /** `panelId`: the id configured for this port, checked against what the frame says. */
  decode(frame: Buffer, panelId: string): DecodeResult;
  /** The bytes that tell the panel a press is durable (or a duplicate of one that is); null: none. */
  ack(seq: number | null): Buffer | null;
}
