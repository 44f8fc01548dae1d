// The submission arbitraries moved to engine/corpus/arbitraries.ts, where the built CLI's corpus
// generator (mips-ia corpus) imports them too. Import them from there; this re-export keeps the
// tests written against the old path working.
export * from '../engine/corpus/arbitraries.js';
