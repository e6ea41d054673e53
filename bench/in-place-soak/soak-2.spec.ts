import { defineCases } from './cases.js'

// Shard 2 of the soak (the shards run side by side, one vitest worker each).
defineCases(2, Number(process.env['SOAK_REPEAT'] ?? 100))
