// The interpreter matrix for vitest: one test per interpreter. A separate entry, so that the
// matchers' entry stays free of discovery (which asks every Python on the machine).
export { testEachInterpreter, type InterpreterCase, type EachInterpreterOptions } from './matrix/each-interpreter.js'
