export { psBackend } from './backend.js'
