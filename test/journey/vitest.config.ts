import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'journey',
    include: ['*.test.ts'],
    // After every other project: its packing and npm installs would load the machine while
    // their tests run real processes.
    sequence: { groupOrder: 1 },
    // One file, one project folder: its tests run in order and share the installed project.
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
})
