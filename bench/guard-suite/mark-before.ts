// First setup file: when the setup files started, in this worker.
;(globalThis as { proclifeBenchSetup?: number }).proclifeBenchSetup = performance.now()
