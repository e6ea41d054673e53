// Setup entry for `setupFiles`: installs the leak guard with its defaults. For options, call
// `installLeakGuard` from `@proclife/vitest/matchers` in a setup file of your own instead.
import { installLeakGuard } from './guard/leak-guard.js'

installLeakGuard()
