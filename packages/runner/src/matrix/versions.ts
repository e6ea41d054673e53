/** The numbers of a version (`v20.1.0` → [20, 1, 0], `3.13.0rc1` → [3, 13, 0]); [] for none. */
export function versionNumbers(version: string | null): number[] {
  const match = /^v?(\d+(?:\.\d+)*)/.exec(version ?? '')
  return match ? match[1]!.split('.').map(Number) : []
}

/** Orders versions oldest first, number by number (`3.9` before `3.10`); no version sorts first. */
export function compareVersions(a: string | null, b: string | null): number {
  const x = versionNumbers(a)
  const y = versionNumbers(b)
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? -1) - (y[i] ?? -1)
    if (d !== 0) return d
  }
  return 0
}

/** True when `version` is `wanted` or a release of it: `3.8.18` matches `3`, `3.8`, `3.8.18`, not `3.18`. */
export function versionMatches(version: string | null, wanted: string): boolean {
  const have = versionNumbers(version)
  const want = versionNumbers(wanted)
  return want.length > 0 && want.every((n, i) => have[i] === n)
}

/**
 * At least `minimum`? (`3.12.1` is at least `3.8`; a missing version is not.) For labs that
 * name the oldest interpreter their exercises run on.
 */
export function versionAtLeast(version: string | null, minimum: string): boolean {
  if (versionNumbers(version).length === 0) return false
  const want = versionNumbers(minimum)
  return compareVersions(versionNumbers(version).slice(0, want.length).join('.'), minimum) >= 0
}
