import { describe, expect, it } from 'vitest'
import { compareVersions, versionAtLeast, versionMatches } from '../src/index.js'

describe('versions', () => {
  it('orders number by number, 3.9 before 3.10, a missing version first', () => {
    expect(['3.10.13', '2.7.18', '3.9.18', null, 'v20.1.0', '3.13.0rc1'].sort(compareVersions)).toEqual([
      null,
      '2.7.18',
      '3.9.18',
      '3.10.13',
      '3.13.0rc1',
      'v20.1.0',
    ])
  })

  it('matches a version by its leading numbers only', () => {
    expect(versionMatches('3.8.18', '3.8')).toBe(true)
    expect(versionMatches('3.8.18', '3')).toBe(true)
    expect(versionMatches('3.18.0', '3.8')).toBe(false)
    expect(versionMatches('3.8.18', '3.8.1')).toBe(false)
    expect(versionMatches(null, '3')).toBe(false)
  })

  it("says whether a version is at least a minimum, on the minimum's precision", () => {
    expect(versionAtLeast('3.12.1', '3.8')).toBe(true)
    expect(versionAtLeast('3.8.0', '3.8')).toBe(true)
    expect(versionAtLeast('3.7.16', '3.8')).toBe(false)
    expect(versionAtLeast('2.7.18', '3')).toBe(false)
    expect(versionAtLeast(null, '3')).toBe(false)
  })
})
