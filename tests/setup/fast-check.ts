// Property tests run the same cases on every machine, so CI never fails on a case nobody can
// reproduce. Set FC_SEED to explore other cases locally; a counterexample found that way becomes
// a plain test of its own.
import fc from 'fast-check';

const seed = Number(process.env.FC_SEED ?? 20261203);
fc.configureGlobal({ seed: Number.isFinite(seed) ? seed : 20261203 });
