import { defineCases } from './cases.js'

// Shard 1 of the soak (the shards run side by side, one vitest worker each).
defineCases(1, Number(process.env['SOAK_REPEAT'] ?? 100))
