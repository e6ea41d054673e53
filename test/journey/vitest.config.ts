import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'journey',
    include: ['*.test.ts'],
    // One file, one project folder: its tests run in order and share the installed project.
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
})
