// Last setup file: how long the setup files between the two marks took to import (the guard's).
const started = (globalThis as { proclifeBenchSetup?: number }).proclifeBenchSetup ?? performance.now()
;(globalThis as { proclifeBenchSetupMs?: number }).proclifeBenchSetupMs = performance.now() - started
