/**
 * An address printed for typing by hand (the poster, the slip) may wrap only after a slash, never
 * inside a word («kostrom / a») nor at a hyphen or a dot, which a reader would take for a line
 * break rather than part of the address. The type size is chosen so the longest unbreakable piece
 * fits the line; the whole address in one line when it fits at that size.
 */
export interface PrintedUrl {
  /** Pieces to be printed unbroken, with a break opportunity between them. */
  pieces: string[];
  fontPt: number;
}

/** DejaVu Sans Mono (and most monospace faces) advance 0.602 em; a little margin on top. */
const MONO_ADVANCE_EM = 0.62;
const PT_PER_MM = 72 / 25.4;

export function printedUrl(url: string, lineMm: number, maxPt: number): PrintedUrl {
  // After a single slash: «https://» stays with its host.
  const pieces = url.split(/(?<=[^/]\/)(?!\/)/);
  const longest = Math.max(...pieces.map((p) => p.length));
  const fontPt = Math.min(maxPt, Math.floor(((lineMm * PT_PER_MM) / (MONO_ADVANCE_EM * longest)) * 10) / 10);
  return { pieces, fontPt };
}
