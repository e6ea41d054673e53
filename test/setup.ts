// Registers @proclife/vitest's matchers and process-tree serializer (its setup entry).
import '@proclife/vitest'
