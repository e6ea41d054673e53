/** What every part of the drawing needs: where a time and a lane stand. */
export interface Frame {
  readonly x: (ms: number) => number
  readonly laneY: (index: number) => number
  readonly end: number
}

/** Height of a lane. */
export const LANE = 24
/** Height of a process's bar. */
export const BAR = 12
/** Where the first lane starts. */
export const TOP = 78
/** Width of a character of the 12 px labels. */
export const CHAR = 7.3
/** Width of a character of the 10 px labels beside marks. */
export const LABEL_CHAR = 6.1
/** The monospace font of every label. */
export const FONT = 'font-family="DejaVu Sans Mono, Menlo, Consolas, monospace"'
