// The guard with an option, as a user's own setup file would install it.
import { installLeakGuard } from '../../../src/matchers.js'

installLeakGuard({ ignore: /^sleep 31$/ })
