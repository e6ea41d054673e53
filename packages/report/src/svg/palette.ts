// Every colour and dash of the picture, named once: the legend and the drawing read the same table.

/** Fills of the intervals of a lane. */
export const FILL = {
  running: '#7cc47f',
  zombie: '#e0524f',
  stopped: '#6d8fd6',
} as const

/** Background of a lane's label when the verdict names the process. */
export const FATE = {
  zombie: '#f9c9c8',
  orphan: '#fde0b0',
  stray: '#e9c6ef',
  undetermined: '#dcdcdc',
} as const

/** Colours of the marks. */
export const MARK = {
  spawn: '#555555',
  exec: '#2b6cb0',
  exit: '#222222',
  reap: { parent: '#1f7a35', reaper: '#7b3fb5', cleanup: '#b0307a' },
  adopt: '#7b3fb5',
  signal: '#b0307a',
  checkpoint: '#c77800',
} as const

/** A sampled time is drawn dashed; an exact one solid. */
export const SAMPLED_DASH = '3 2'
