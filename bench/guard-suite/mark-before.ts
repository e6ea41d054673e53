// First setup file: when the setup files started, in this worker. It loads vitest first: every test
// file loads it anyway, and a setup file that registers a hook (the guard's) would otherwise be
// charged for loading vitest, which the suite without it pays later, in its test file.
import 'vitest'

;(globalThis as { proclifeBenchSetup?: number }).proclifeBenchSetup = performance.now()
